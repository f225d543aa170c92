"""What follows a change of the live set, hung off the publishing signals (sent after commit, never for a
rolled-back transaction): webhook deliveries and a CDN purge; and the CDN purge of the article lists when the search
synonyms change."""

from django.conf import settings
from django.dispatch import receiver
from django.utils import timezone

from core import languages
from core.models import SiteSettings
from core.synonyms import synonyms_changed
from publishing.models import Publication
from publishing.services.live_set import surrogate_keys_of_searches, translations_of_articles
from publishing.signals import publication_live, publications_withdrawn
from webhooks.models import Event
from webhooks.services.deliveries import webhook_event_send
from webhooks.services.purge import purge_targets
from webhooks.tasks import cdn_purge_send


def _purge(publication: Publication) -> None:
    if settings.CDN_PURGE_URL_TEMPLATE:
        slugs = Publication.objects.filter(article_id=publication.article_id).values_list("slug", flat=True)
        default = languages.normalize(SiteSettings.load().language)
        paths, keys = purge_targets(
            article_id=publication.article_id,
            slugs=list(slugs),
            language="" if publication.language == default else publication.language,
            group=translations_of_articles({publication.article_id}),
        )
        cdn_purge_send.enqueue(paths, keys)


def _replaced_one(publication: Publication) -> bool:
    """Whether another publication of the article was live until this one took over (it is superseded at
    this one's go-live time; a withdrawn one is not)."""
    return (
        Publication.objects.filter(article_id=publication.article_id, superseded_at=publication.live_from)
        .exclude(pk=publication.pk)
        .exists()
    )


def _live_event(publication: Publication, *, scheduled: bool) -> Event:
    if scheduled:
        return Event.SCHEDULED_LIVE
    return Event.UPDATED if _replaced_one(publication) else Event.PUBLISHED


@receiver(publication_live, dispatch_uid="webhooks.publication_live")
def publication_went_live(sender, publication: Publication, scheduled: bool, **kwargs) -> None:
    webhook_event_send(event=_live_event(publication, scheduled=scheduled), publication=publication)
    _purge(publication)
    _translations_outdated(publication)


def _translations_outdated(source: Publication) -> None:
    """`translation.outdated` for each live translation made from an older version of the article that just went
    live: its readers now read text behind its source (the admin lists it, its detail says so)."""
    if source.version is None:
        return
    behind = Publication.objects.live().filter(source_article_id=source.article_id, source_version__lt=source.version)
    said = {"slug": source.slug, "language": source.language, "version": source.version}
    for translation in behind.order_by("language", "pk"):
        webhook_event_send(event=Event.TRANSLATION_OUTDATED, publication=translation, source=said)
        _purge(translation)


@receiver(publications_withdrawn, dispatch_uid="webhooks.publications_withdrawn")
def publications_taken_down(sender, article, publications: list[Publication], **kwargs) -> None:
    """`article.unpublished` for the one the public saw; withdrawing only a scheduled one changes nothing
    anyone saw."""
    now = timezone.now()
    live = [p for p in publications if p.live_from <= now and (p.superseded_at is None or p.superseded_at > now)]
    for publication in live:
        webhook_event_send(event=Event.UNPUBLISHED, publication=publication)
        _purge(publication)


@receiver(synonyms_changed, dispatch_uid="webhooks.synonyms_purge")
def synonyms_purge(sender, **kwargs) -> None:
    """What a search finds follows the synonyms: the CDN's article lists are purged by their keys (no path names a
    search, so a purge by path has nothing to send). Queued in the writer's transaction: not sent if it rolls back."""
    if settings.CDN_PURGE_URL_TEMPLATE:
        cdn_purge_send.enqueue([], surrogate_keys_of_searches())
