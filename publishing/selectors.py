"""Reads about what is public, shared by the admin, the API and the services."""

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from articles.models import Article
from publishing.models import Approval, Publication, PublishedRecord, PublishedReference
from publishing.services.freezing import as_json
from references.models import NoticeNature, Reference, RetractionNotice
from references.serializers import ReferenceRecordSerializer, notices_attach


def has_publication(article: Article) -> bool:
    """Whether something of the article is live or scheduled (the newest publication not withdrawn is one of those)."""
    return Publication.objects.filter(article=article, withdrawn_at__isnull=True).exists()


def articles_with_live_state(articles: QuerySet) -> QuerySet:
    """Annotate `is_live` (the public API shows a publication of it now) and
    `is_scheduled` (a publication of it is waiting for its go-live time)."""
    now = timezone.now()  # one instant for both, so that no article is neither live nor scheduled
    live = Publication.objects.live(now).filter(article=OuterRef("pk"))
    scheduled = Publication.objects.pending(now).filter(article=OuterRef("pk"))
    return articles.annotate(is_live=Exists(live), is_scheduled=Exists(scheduled))


def publications_with_live_flag(publications: QuerySet) -> QuerySet:
    """Annotate `is_live` on each publication: whether it is the one the public sees now."""
    live = Publication.objects.live().filter(pk=OuterRef("pk"))
    return publications.annotate(is_live=Exists(live))


def approval_of_current_version(article: Article) -> Approval | None:
    """The approval of the working copy's current version, if a reviewer signed this very version off."""
    return Approval.objects.filter(article=article, version=article.version).order_by("-approved_at", "-pk").first()


def approval_latest(article: Article) -> Approval | None:
    """The reviewer's last sign-off on the article, whichever version it was of (None before the first)."""
    approvals = Approval.objects.filter(article=article).select_related("approved_by", "reviewer")
    return approvals.order_by("-approved_at", "-pk").first()


def published_records(kind: str) -> QuerySet:
    """The public topics or people ("topic", "contributor"): each once, as the newest live publication
    that names it approved it (a record made for a draft, or edited since, is not shown). Marked current by
    the live set (`publishing.services.live_set.current_parts_refresh`)."""
    return PublishedRecord.objects.filter(kind=kind, is_current=True)


def publications_slug_moved_to(slug: str, *, language: str) -> str | None:
    """The live slug of the article in `language` that was last published under `slug` and has left it, if any."""
    last = Publication.objects.filter(slug=slug, language=language).order_by("-live_from", "-pk")
    articles = last.values_list("article", flat=True)[:1]
    return Publication.objects.live().filter(article__in=articles).values_list("slug", flat=True).first()


def publications_languages_of_slug(slug: str) -> list[str]:
    """The languages in which an article is live under `slug`."""
    live = Publication.objects.live().filter(slug=slug).order_by("language")
    return list(live.values_list("language", flat=True).distinct())


def references_changed_since(approval: Approval) -> list[int]:
    """The citation numbers whose reference was edited after the reviewer approved the article.

    Such a change is not live, and does not go live with this approval: the approved document keeps
    the reference as the reviewer read it until the article is reviewed again. The fields are compared,
    not the formatted citation, which also changes with the site's citation style.
    """
    approved = {entry["id"]: entry for entry in approval.document["references"]}
    references = list(Reference.objects.filter(pk__in=approved))
    notices_attach(references)  # a notice imported since counts as a change the reviewer has not seen
    current = {reference.pk: as_json(ReferenceRecordSerializer(reference).data) for reference in references}
    return sorted(
        entry["number"]
        for reference_id, entry in approved.items()
        if {name: value for name, value in entry.items() if name not in ("number", "anchor", "citation")}
        != current.get(reference_id)
    )


def standing_retractions(notices: QuerySet) -> QuerySet:
    """The retraction notices of `notices` that stand: no reinstatement of the same paper (the same DOI, or the
    same PubMed ID) came after them. Notices follow each other by date, then by record; one of
    unknown date counts as older than every dated one."""
    same_paper = (Q(original_doi=OuterRef("original_doi")) & ~Q(original_doi="")) | (
        Q(original_pmid=OuterRef("original_pmid")) & ~Q(original_pmid="")
    )
    reinstated = RetractionNotice.objects.filter(same_paper, nature=NoticeNature.REINSTATEMENT)
    after_dated = reinstated.filter(
        Q(notice_date__gt=OuterRef("notice_date"))
        | Q(notice_date=OuterRef("notice_date"), record_id__gt=OuterRef("record_id"))
    )
    after_undated = reinstated.filter(Q(notice_date__isnull=False) | Q(record_id__gt=OuterRef("record_id")))
    return (
        notices.filter(nature=NoticeNature.RETRACTION)
        .exclude(Exists(after_dated))
        .exclude(Q(notice_date__isnull=True) & Q(Exists(after_undated)))
    )


def live_articles_citing_retracted() -> list[Publication]:
    """Live publications that cite a paper standing retracted: they need a new medical review. The admin home
    lists them; `import_retractions` prints them."""
    retracted = standing_retractions(RetractionNotice.objects.all())
    citing = PublishedReference.objects.live().filter(
        Q(doi__in=retracted.exclude(original_doi="").values("original_doi"))
        | Q(pmid__in=retracted.exclude(original_pmid="").values("original_pmid"))
    )
    return list(Publication.objects.live().filter(pk__in=citing.values("publication_id")).order_by("title", "pk"))


def translations_behind() -> QuerySet:
    """Translations whose source went live with a newer version than the one their text follows, with
    `source_live_version`: what the admin home lists, and what `translation.outdated` announced."""
    source_live = Publication.objects.live().filter(article=OuterRef("translation_of")).values("version")[:1]
    return (
        Article.objects.filter(translation_of__isnull=False)
        .annotate(source_live_version=Subquery(source_live))
        .filter(Q(source_version__isnull=True) | Q(source_version__lt=F("source_live_version")))
        .exclude(source_live_version__isnull=True)
        .select_related("translation_of")
        .order_by("title", "pk")
    )


def live_translation_groups(translation_keys: list) -> list[dict]:
    """The live publications of these translation groups, in one query: each as `{translation_key, language, slug,
    title, article_id, version}`."""
    if not translation_keys:
        return []
    return list(
        Publication.objects.live()
        .filter(translation_key__in=set(translation_keys))
        .order_by("language", "pk")
        .values("translation_key", "language", "slug", "title", "article_id", "version")
    )
