"""Publications: made from a frozen article, copied for rollbacks, withdrawn, and marked live when their time comes.

These are parts of the editorial steps (`publishing.services.editorial_steps`), which check roles and
states first; nothing else creates or withdraws a publication.
"""

import logging
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article
from core.fingerprint import json_fingerprint
from core.markdown import plain_text
from core.models import SiteSettings
from publishing.jsonld import build_jsonld
from publishing.models import Approval, Publication, PublishedFAQ, PublishedRecord, PublishedReference
from publishing.services.freezing import api_datetime, list_item
from publishing.services.live_set import live_set_changed
from publishing.signals import publication_live, publication_scheduled, publications_withdrawn

logger = logging.getLogger(__name__)


def _announce(signal, **kwargs) -> None:
    """Send a publishing signal after commit, to every receiver even if one fails (the change is committed
    by then: a failing webhook or purge must neither undo it nor keep the others from hearing of it)."""

    def send() -> None:
        for receiver, result in signal.send_robust(sender=Publication, **kwargs):
            if isinstance(result, Exception):
                logger.error("%s failed after commit", receiver, exc_info=result)

    transaction.on_commit(send)


def _announce_live(publication: Publication, *, scheduled: bool) -> None:
    _announce(publication_live, publication=publication, scheduled=scheduled)


def slug_check_free(*, article: Article, slug: str, now: datetime) -> None:
    """A slug belongs to one article of a language at every moment: refuse one that another article's live or
    scheduled publication in that language holds."""
    holders = Publication.objects.live(now) | Publication.objects.pending(now)
    holders = holders.filter(slug=slug, language=article.language).exclude(article=article)
    holder = holders.values_list("title", flat=True).first()
    if holder is not None:
        raise ValidationError(
            {
                "slug": _(
                    "The address “%(slug)s” belongs to “%(holder)s”, which is live or scheduled. "
                    "Give this article another slug before publishing it."
                )
                % {"slug": slug, "holder": holder}
            }
        )


def _rows(publication: Publication, document: dict, records: dict) -> None:
    """The frozen rows that /faqs/, /references/, /topics/ and /contributors/ list."""
    PublishedRecord.objects.bulk_create(
        PublishedRecord(
            publication=publication, kind=kind, record_id=data["id"], slug=data["slug"], name=data["name"], data=data
        )
        for kind, items in records.items()
        for data in items
    )
    PublishedFAQ.objects.bulk_create(
        PublishedFAQ(
            publication=publication,
            faq_id=faq["id"],
            position=faq["position"],
            question=faq["question"],
            answer_markdown=faq["answer_markdown"],
            answer_html=faq["answer_html"],
            search_text=f"{faq['question']} {plain_text(faq['answer_markdown'])}".lower(),
        )
        for faq in document["faqs"]
    )
    PublishedReference.objects.bulk_create(
        PublishedReference(
            publication=publication,
            reference_id=entry["id"],
            number=entry["number"],
            title=entry["title"],
            doi=entry["doi"],
            pmid=entry["pmid"],
            data={name: value for name, value in entry.items() if name not in {"number", "anchor"}},
        )
        for entry in document["references"]
    )


def publication_create(
    *, article: Article, approval: Approval, user, live_from: datetime | None = None, site_settings: SiteSettings
) -> Publication:
    """Put the approved document live now or at `live_from`, as a new publication of `article` (locked by
    the caller). The document is the approval's, byte for byte, with the publication's two times added.

    The previous publication stays live until the new one's time comes, and stays stored after that
    for rollbacks.
    """
    now = timezone.now()
    live_from = live_from or now
    document = approval.document
    slug_check_free(article=article, slug=document["slug"], now=now)
    first_published_at = article.published_at or live_from
    times = {"published_at": first_published_at, "updated_at": live_from}
    # An approval from before articles had languages is in the article's (then the site's) language.
    document = {"language": article.language, **document}
    document |= {name: api_datetime(value) for name, value in times.items()}
    source = document.get("translation_of") or {}
    publication = Publication.objects.create(
        article=article,
        slug=document["slug"],
        language=document["language"],
        translation_key=article.translation_key,
        source_article_id=article.translation_of_id if source else None,
        source_version=source.get("version"),
        version=approval.version,
        title=document["title"],
        search_text=approval.search_text,
        reviewer_id=approval.reviewer_id,
        approval=approval,
        first_published_at=first_published_at,
        live_from=live_from,
        went_live_at=now if live_from <= now else None,
        next_review_due=approval.next_review_due,
        document=document,
        list_item=list_item(document),
        jsonld=build_jsonld(document, approval.conditions, site_settings),
        etag=json_fingerprint(document),
        created_by=user,
    )
    publication.topics.add(*approval.topic_ids)
    publication.authors.add(*approval.author_ids)
    _rows(publication, document, approval.records)
    Article.objects.filter(pk=article.pk).update(published_at=first_published_at)
    article.published_at = first_published_at
    live_set_changed(article_ids=[article.pk], now=now)
    if publication.went_live_at:
        _announce_live(publication, scheduled=False)
    else:
        _announce(publication_scheduled, publication=publication)
    return publication


def publication_copy(*, source: Publication, user) -> Publication:
    """`source` live again from now, as a new publication (a rollback; the history keeps both)."""
    now = timezone.now()
    slug_check_free(article=source.article, slug=source.slug, now=now)
    copy = Publication.objects.create(
        article_id=source.article_id,
        slug=source.slug,
        language=source.language,
        translation_key=source.translation_key,
        source_article_id=source.source_article_id,
        source_version=source.source_version,
        version=source.version,
        title=source.title,
        search_text=source.search_text,
        reviewer_id=source.reviewer_id,
        approval_id=source.approval_id,
        first_published_at=source.first_published_at,
        live_from=now,
        went_live_at=now,
        next_review_due=source.next_review_due,
        document=source.document,
        list_item=source.list_item,
        jsonld=source.jsonld,
        etag=source.etag,
        created_by=user,
    )
    copy.topics.set(source.topics.all())
    copy.authors.set(source.authors.all())
    copied_rows = (
        (PublishedFAQ, source.faqs.all()),
        (PublishedReference, source.references.all()),
        (PublishedRecord, source.records.all()),
    )
    for model, rows in copied_rows:
        copied = [field.name for field in model._meta.concrete_fields if field.name not in {"id", "publication"}]
        made = [model(publication=copy, **{name: getattr(row, name) for name in copied}) for row in rows]
        model.objects.bulk_create(made)  # type: ignore[arg-type]  # mypy: a union's manager takes any of its models
    live_set_changed(article_ids=[copy.article_id], now=now)
    _announce_live(copy, scheduled=False)
    return copy


def publications_withdraw(*, article: Article) -> int:
    """Take down every live and scheduled publication of `article`; returns how many."""
    now = timezone.now()
    withdrawn = list(Publication.objects.filter(article=article, withdrawn_at__isnull=True))
    Publication.objects.filter(pk__in=[publication.pk for publication in withdrawn]).update(
        withdrawn_at=now, superseded_at=None
    )
    if withdrawn:
        live_set_changed(article_ids=[article.pk], now=now)
        _announce(publications_withdrawn, article=article, publications=withdrawn)
    return len(withdrawn)


def publications_withdraw_scheduled(*, article: Article) -> int:
    """Withdraw the publications of `article` still waiting for their go-live time, leaving the live one live (it is
    no longer superseded at their time); returns how many.

    Announced as `publications_withdrawn`, whose webhook receiver tells receivers only of a publication the public
    saw: none of these was, so no webhook fires (no `article.unpublished`: nothing was taken from readers). The
    go-live task enqueued for their time finds them withdrawn and marks nothing."""
    now = timezone.now()
    scheduled = list(Publication.objects.pending(now).filter(article=article))
    Publication.objects.filter(pk__in=[publication.pk for publication in scheduled]).update(withdrawn_at=now)
    if scheduled:
        live_set_changed(article_ids=[article.pk], now=now)
        _announce(publications_withdrawn, article=article, publications=scheduled)
    return len(scheduled)


def publications_mark_gone_live(now: datetime | None = None) -> list[Publication]:
    """Mark the scheduled publications whose go-live time has come; each is returned once, ever, and the
    ones the public sees now are announced (one already superseded by a later version, because the worker
    was down meanwhile, is marked silently).

    Correctness never depends on this (the read side compares with the clock);
    it is the moment for side effects such as webhooks.
    """
    with transaction.atomic():
        now = now or timezone.now()
        due = list(
            Publication.objects.select_for_update().filter(
                went_live_at__isnull=True, withdrawn_at__isnull=True, live_from__lte=now
            )
        )
        Publication.objects.filter(pk__in=[publication.pk for publication in due]).update(went_live_at=now)
        live = set(Publication.objects.live(now).filter(pk__in=[p.pk for p in due]).values_list("pk", flat=True))
        for publication in due:
            if publication.pk in live:
                _announce_live(publication, scheduled=True)
        return due
