"""Reads about what is public, shared by the admin, the API and the services."""

import difflib
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from django.db.models import BooleanField, Case, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.image_usage import articles_using_image
from articles.models import Article, ArticleAction, ArticleStatus, ArticleTransition, Topic
from articles.models.people import label_in
from core.api.filter_fields import TYPO_MIN_LENGTH, full_text_index, similar_unless_held
from core.highlight import SIMILAR_WORD
from core.moments import moment_text
from media.models import Image
from publishing.models import (
    Approval,
    Publication,
    PublishedRecord,
    PublishedReference,
    ReviewComment,
    ReviewCommentReply,
)
from publishing.services.freezing import as_json
from references.models import NoticeNature, Reference, RetractionNotice
from references.serializers import ReferenceRecordSerializer, notices_attach


def is_live(article: Article) -> bool:
    """Whether the public sees a publication of the article now (what Unpublish takes down)."""
    return Publication.objects.live().filter(article=article).exists()


def articles_with_live_state(articles: QuerySet) -> QuerySet:
    """Annotate what the status line (`article_status_line`) reads, in the articles' own query: `is_live` (the public
    API shows a publication of it now) with `live_since` and `live_version`, `is_scheduled` (a publication of it is
    waiting for its go-live time) with the first one's `scheduled_at` and `scheduled_version`, and `unpublished_at`
    (when a publication that had gone live was last taken down)."""
    now = timezone.now()  # one instant for all, so that no article is neither live nor scheduled
    live = Publication.objects.live(now).filter(article=OuterRef("pk")).order_by("-live_from", "-pk")
    scheduled = Publication.objects.pending(now).filter(article=OuterRef("pk")).order_by("live_from", "pk")
    taken_down = Publication.objects.filter(
        article=OuterRef("pk"), withdrawn_at__isnull=False, went_live_at__isnull=False
    ).order_by("-withdrawn_at", "-pk")
    return articles.annotate(
        is_live=Exists(live),
        is_scheduled=Exists(scheduled),
        live_since=Subquery(live.values("live_from")[:1]),
        live_version=Subquery(live.values("approval__version")[:1]),
        scheduled_at=Subquery(scheduled.values("live_from")[:1]),
        scheduled_version=Subquery(scheduled.values("approval__version")[:1]),
        unpublished_at=Subquery(taken_down.values("withdrawn_at")[:1]),
    )


class LiveState(Protocol):
    """An article as `articles_with_live_state` annotates it."""

    status: str
    is_live: bool
    is_scheduled: bool
    live_since: datetime | None
    live_version: int | None
    scheduled_at: datetime | None
    scheduled_version: int | None
    unpublished_at: datetime | None


class Standing(StrEnum):
    """Every combination of the working copy's state and what readers see, each with its own words."""

    DRAFT = "draft"  # never published
    DRAFT_LIVE = "draft_live"  # a draft while an older version is live
    IN_REVIEW = "in_review"
    IN_REVIEW_LIVE = "in_review_live"
    APPROVED = "approved"  # approved, not published yet
    APPROVED_LIVE = "approved_live"
    SCHEDULED_FIRST = "scheduled_first"  # nothing live yet; a version goes live at a time to come
    SCHEDULED_REPLACEMENT = "scheduled_replacement"  # one version live, another replaces it at a time to come
    PUBLISHED = "published"  # live, and the working copy is the live version
    UNPUBLISHED = "unpublished"  # was live, nothing is now
    ARCHIVED = "archived"


# The line's first words, for each standing.
HEADLINES = {
    Standing.DRAFT: gettext_lazy("Draft"),
    Standing.DRAFT_LIVE: gettext_lazy("Draft"),
    Standing.IN_REVIEW: gettext_lazy("In medical review"),
    Standing.IN_REVIEW_LIVE: gettext_lazy("In medical review"),
    Standing.APPROVED: gettext_lazy("Approved"),
    Standing.APPROVED_LIVE: gettext_lazy("Approved"),
    Standing.SCHEDULED_FIRST: gettext_lazy("Scheduled"),
    Standing.SCHEDULED_REPLACEMENT: gettext_lazy("Scheduled"),
    Standing.PUBLISHED: gettext_lazy("Published"),
    Standing.UNPUBLISHED: gettext_lazy("Unpublished"),
    Standing.ARCHIVED: gettext_lazy("Archived"),
}

# What follows them; %(…)s are the moments and versions of `StatusLine.values`.
SENTENCES = {
    Standing.DRAFT: gettext_lazy("Never published: nothing of it is live."),
    Standing.DRAFT_LIVE: gettext_lazy("%(live)s is live since %(live_since)s; this draft is not."),
    Standing.IN_REVIEW: gettext_lazy("Never published: nothing of it is live."),
    Standing.IN_REVIEW_LIVE: gettext_lazy("%(live)s is live since %(live_since)s; the version in review is not."),
    Standing.APPROVED: gettext_lazy("Not published yet: nothing of it is live."),
    Standing.APPROVED_LIVE: gettext_lazy(
        "%(live)s is live since %(live_since)s; this approved version is not published yet."
    ),
    Standing.SCHEDULED_FIRST: gettext_lazy("Nothing of it is live yet; %(scheduled)s goes live at %(scheduled_at)s."),
    Standing.SCHEDULED_REPLACEMENT: gettext_lazy(
        "%(live)s is live since %(live_since)s; %(scheduled)s replaces it at %(scheduled_at)s."
    ),
    Standing.PUBLISHED: gettext_lazy("Live since %(live_since)s; the working copy is the live version."),
    Standing.UNPUBLISHED: gettext_lazy("Taken down on %(unpublished_at)s: nothing of it is live now."),
    Standing.ARCHIVED: gettext_lazy("Nothing of it is live; return it to draft to work on it."),
}

# A scheduled or unpublished article's working copy may be elsewhere in the workflow: the line says where.
WORKING_COPY = {
    ArticleStatus.DRAFT: gettext_lazy("The working copy is a draft."),
    ArticleStatus.IN_REVIEW: gettext_lazy("The working copy is in medical review."),
    ArticleStatus.APPROVED: gettext_lazy("The working copy is approved, not published."),
}


@dataclass(frozen=True)
class StatusLine:
    """An article's status in words: `headline` ("Scheduled") and `sentence`, whose %(…)s placeholders are the
    `values` (datetimes, shown in the site's localized format, and versions), so that a page can mark the times up.

    `note` is what the page adds for the publisher: why "Publish again" is not offered."""

    standing: Standing
    headline: str
    sentence: str
    values: dict[str, datetime | str | None] = field(default_factory=dict)
    note: str = ""

    @property
    def text(self) -> str:
        """The sentence with its values in words, as a list or a queue shows it."""
        return self.sentence % {name: moment_text(value) for name, value in self.values.items()}

    def __str__(self) -> str:
        return f"{self.headline} — {self.text}"


def _version(number: int | None) -> str:
    return _("version %(number)s") % {"number": number} if number is not None else _("an earlier version")


def _standing(article: LiveState) -> Standing:
    status = ArticleStatus(article.status)
    if status == ArticleStatus.ARCHIVED:
        return Standing.ARCHIVED
    if article.is_scheduled:
        return Standing.SCHEDULED_REPLACEMENT if article.is_live else Standing.SCHEDULED_FIRST
    if article.is_live:
        return {
            ArticleStatus.DRAFT: Standing.DRAFT_LIVE,
            ArticleStatus.IN_REVIEW: Standing.IN_REVIEW_LIVE,
            ArticleStatus.APPROVED: Standing.APPROVED_LIVE,
        }.get(status, Standing.PUBLISHED)
    if article.unpublished_at is not None:
        return Standing.UNPUBLISHED
    return {ArticleStatus.IN_REVIEW: Standing.IN_REVIEW, ArticleStatus.APPROVED: Standing.APPROVED}.get(
        status, Standing.DRAFT
    )


def article_status_line(article: LiveState, *, publish_again: "PublishAgain | None" = None) -> StatusLine:
    """The one status line of an article (annotated by `articles_with_live_state`): the article page's banner, the
    article list and the home queues all show it, so they never disagree. No query.

    `publish_again` (the article page's, see `publish_again_check`) adds why an unpublished article cannot simply
    be published again when it cannot."""
    standing = _standing(article)
    values: dict[str, datetime | str | None] = {}
    if article.is_live:
        values.update(live=capfirst(_version(article.live_version)), live_since=article.live_since)
    if article.is_scheduled:
        values.update(scheduled=_version(article.scheduled_version), scheduled_at=article.scheduled_at)
    if standing == Standing.UNPUBLISHED:
        values["unpublished_at"] = article.unpublished_at
    sentence = str(SENTENCES[standing])
    if standing in {Standing.SCHEDULED_FIRST, Standing.SCHEDULED_REPLACEMENT, Standing.UNPUBLISHED}:
        working_copy = WORKING_COPY.get(ArticleStatus(article.status))
        if working_copy is not None:
            sentence = f"{sentence} {working_copy}"
    note = publish_again.refusal if publish_again is not None and standing == Standing.UNPUBLISHED else ""
    return StatusLine(standing, str(HEADLINES[standing]), sentence, values, note)


@dataclass(frozen=True)
class PublishAgain:
    """Whether an unpublished article can go live again as it was: `approval` is the version to put back, or
    `refusal` says why not."""

    approval: Approval | None
    refusal: str = ""


def publish_again_check(article: Article, *, last_step: ArticleTransition | None = None) -> PublishAgain | None:
    """For an article taken down whose working copy is a draft (as unpublishing leaves a published one): the
    approval of the version that was live, if the working copy is still that version, unchanged and not taken
    through review since. None when the question does not arise (something is live or scheduled, nothing ever
    went live, or the working copy is in review or approved, where the ordinary steps apply).

    Three queries, two when the caller passes the article's `last_step` (its latest review step, which the article
    page's banner reads anyway)."""
    if article.status != ArticleStatus.DRAFT:
        return None
    # A publication not withdrawn (live or scheduled) sorts first; else the one that went live and was taken down last.
    newest = (
        Publication.objects.filter(article=article)
        .filter(Q(withdrawn_at__isnull=True) | Q(went_live_at__isnull=False))
        .order_by(F("withdrawn_at").desc(nulls_first=True), "-pk")
        .only("approval_id", "withdrawn_at")
        .first()
    )
    if newest is None or newest.withdrawn_at is None:
        return None
    approval = (
        Approval.objects.filter(article=article, version=article.version)
        .select_related("reviewer")
        .only("version", "approved_at", "reviewer__name")
        .order_by("-approved_at", "-pk")
        .first()
    )
    if approval is None:
        return PublishAgain(
            None,
            _("Not offered to publish again: the text was edited since it was taken down, so it needs a new medical "
              "review before it goes live."),
        )  # fmt: skip
    if last_step is None:
        last_step = ArticleTransition.objects.filter(article=article).order_by("-created_at", "-pk").first()
    as_taken_down = (
        last_step is not None
        and last_step.action == ArticleAction.UNPUBLISH
        and last_step.from_status == ArticleStatus.PUBLISHED
        and newest.approval_id == approval.pk
    )
    if not as_taken_down:
        return PublishAgain(
            None,
            _("Not offered to publish again: the working copy is not the version readers saw when it was taken "
              "down, or it went back to review since; submit it for medical review."),
        )  # fmt: skip
    return PublishAgain(approval)


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
    live = Publication.objects.live().filter(article__in=articles, language=language)
    return live.values_list("slug", flat=True).first()


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
    # One serializer for them all: a serializer's fields are made once per instance of it, and were most of the time.
    records = ReferenceRecordSerializer(references, many=True).data
    current = {reference.pk: as_json(record) for reference, record in zip(references, records, strict=True)}
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
    """Translations whose source went live with a newer version than the one they follow, with
    `source_live_version` and `followed_version`: what the admin home lists, the management API's
    `?behind_source=true`, and what `translation.outdated` announced.

    A live translation follows what its readers see (its live publication's source version): one brought up to date
    in its working copy stays here until that version is approved and live, so an update left half-way is not lost
    from view. One not live follows its working copy."""
    source_live = Publication.objects.live().filter(article=OuterRef("translation_of")).values("version")[:1]
    readers_follow = Publication.objects.live().filter(article=OuterRef("pk")).values("source_version")[:1]
    return (
        Article.objects.filter(translation_of__isnull=False)
        .annotate(
            source_live_version=Subquery(source_live),
            followed_version=Coalesce(Subquery(readers_follow), F("source_version")),
        )
        .filter(Q(followed_version__isnull=True) | Q(followed_version__lt=F("source_live_version")))
        .exclude(source_live_version__isnull=True)
        .select_related("translation_of")
        .order_by("title", "pk")
    )


def live_translation_groups(translation_keys: list) -> list[dict]:
    """The live publications of these translation groups, in one query: each as `{translation_key, language, slug,
    title, article_id, source_article_id, version}`."""
    if not translation_keys:
        return []
    return list(
        Publication.objects.live()
        .filter(translation_key__in=set(translation_keys))
        .order_by("language", "pk")
        .values("translation_key", "language", "slug", "title", "article_id", "source_article_id", "version")
    )


@dataclass(frozen=True)
class TranslationsOfArticle:
    """What the article page says about the article's languages: the others of its group, for a translation its
    source and whether it is behind it, and the languages the site serves that the group has not yet."""

    others: list[Article]
    source: Article | None
    source_live_version: int | None
    untranslated: list[str]
    source_version: int | None = None

    @property
    def behind(self) -> bool:
        return self.source_live_version is not None and (
            self.source_version is None or self.source_version < self.source_live_version
        )


def article_translations(article: Article, *, served: list[str]) -> TranslationsOfArticle:
    """In two queries: the group (each with whether readers see it now: `is_live`), and the source's live version
    for a translation."""
    live = Publication.objects.live().filter(article=OuterRef("pk"))
    others: list[Article] = list(
        Article.objects.filter(translation_key=article.translation_key)
        .exclude(pk=article.pk)
        .annotate(is_live=Exists(live))
        .order_by("language")
    )
    source = next((other for other in others if other.pk == article.translation_of_id), None)
    live_version = None
    if source is not None:
        live_version = Publication.objects.live().filter(article=source).values_list("version", flat=True).first()
    taken = {article.language, *(other.language for other in others)}
    return TranslationsOfArticle(
        others=others,
        source=source,
        source_live_version=live_version,
        untranslated=[language for language in served if language not in taken],
        source_version=article.source_version,
    )


def image_in_use(image: Image) -> str | None:
    """Why `image` may not be deleted, in the editor's words, or None."""
    titles = list(articles_using_image(image).values_list("title", flat=True)[:4])
    if titles:
        return _("Articles show this image (%(titles)s): take it out of them first, then delete it.") % {
            "titles": ", ".join(f"“{title}”" for title in titles)
        }
    if image.approvals.exists():
        return _(
            "A medical reviewer approved an article showing this image, and an approved version can be published "
            "again: the image stays in the library while that version exists."
        )
    return None


def review_comments(article: Article) -> list[ReviewComment]:
    """Every review comment of `article`, oldest first, each with its author, who resolved it and its replies with
    their authors: two queries whatever their number."""
    return list(
        ReviewComment.objects.filter(article=article)
        .select_related("author", "resolved_by")
        .prefetch_related(Prefetch("replies", ReviewCommentReply.objects.select_related("author")))
    )


def open_review_comments(article: Article) -> list[ReviewComment]:
    """The comments of `article` nobody resolved yet (what its author reads before submitting it again)."""
    return [comment for comment in review_comments(article) if comment.resolved_at is None]


SUGGESTIONS = 10


def title_suggestions(query: str, *, language: str, limit: int = SUGGESTIONS) -> list[dict]:
    """The live articles in `language` whose title has a word beginning with each word of `query` (search as you
    type: "magn defi"), those whose title begins with it first, then by title: `{"slug", "title"}` in one query. A
    word of five letters or more that begins no live title's word finds instead the titles, subtitles and summaries
    with a word one edit from it (as `?search=`: "magnesum")."""
    words = query.lower().split()
    live = Publication.objects.live().filter(language=language).alias(lowered=Lower("title"))
    index = full_text_index(live, sqlite_index="publication_search", language=language)
    titles = live
    for word in words:
        begins = Q(lowered__startswith=word) | Q(lowered__contains=f" {word}")
        if index is not None and index.holds(word):
            # Read from the index, and tested first: a row it rules out is not read for its title.
            begins = Q(RawSQL(*index.title_may_begin(word), output_field=BooleanField())) & begins
            if len(word) >= TYPO_MIN_LENGTH:
                begins |= Q(similar_unless_held(live, index, word, held=begins))
        titles = titles.filter(begins)
    first = Case(When(lowered__startswith=query.lower().strip(), then=Value(0)), default=Value(1))
    ordered = titles.alias(first=first).order_by("first", "lowered", "-pk")
    return list(ordered.values("slug", "title")[:limit])


def topic_suggestions(query: str, *, language: str, default: str, limit: int = SUGGESTIONS) -> list[dict]:
    """The public topics (`published_records`) named in `language` with a word beginning with each word of `query`,
    or, for a word of five letters or more that begins none, a word like it: `{"slug", "name"}`, by name, in one
    query (the public topics are few: their names are compared here)."""
    words = query.lower().split()
    named = [
        label_in(record.data, fields=Topic.TRANSLATED, language=language, default=default)
        for record in published_records("topic").only("data")
    ]
    found = [topic for topic in named if _names_every_word(topic["name"], words)]
    return [{"slug": topic["slug"], "name": topic["name"]} for topic in sorted(found, key=lambda t: t["name"])][:limit]


def _names_every_word(name: str, words: list[str]) -> bool:
    named = name.lower().split()
    return all(
        any(part.startswith(word) for part in named)
        or (len(word) >= TYPO_MIN_LENGTH and difflib.get_close_matches(word, named, n=1, cutoff=SIMILAR_WORD))
        for word in words
    )
