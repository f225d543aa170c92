"""State changes of articles. Views, the admin and commands call these; nothing else writes publications.

The editorial lifecycle: draft → in_review → approved → published → archived,
and back to draft from review (changes requested), from approved or published
(the content was edited), and from published (unpublished). Every transition
checks the acting user's role (a permission its group grants) and the
article's state, changes nothing when either is wrong, and writes an audit entry.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import CharField, Min, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from articles.citations import citation_report
from articles.jsonld import build_jsonld
from articles.models import Article, ArticleStatus, ArticleTransition, Publication, Section
from articles.serializers import ArticleDetailSerializer, ArticleListItemSerializer
from core.citation_markers import rewrite_markers
from core.markdown import plain_text
from core.models import SiteSettings, park_above_used
from faq.models import FAQ, PublishedFAQ
from references.models import Citation, PublishedReference


class PublishError(ValidationError):
    """The article cannot be published as it is; the message says why, for the editor."""


class LifecycleError(ValidationError):
    """The transition does not apply to the article in its current state."""


class RoleError(PermissionDenied):
    """The acting user's role does not allow the transition."""


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    permission: str
    sources: frozenset[str]
    target: str
    role: str
    # Applies only while the article has a live or scheduled publication.
    needs_publication: bool = False


S = ArticleStatus
TRANSITIONS = {
    t.name: t
    for t in [
        Transition("submit", "Submit for medical review", "articles.submit_article", frozenset({S.DRAFT}),
                   S.IN_REVIEW, "an author"),
        Transition("request_changes", "Request changes", "articles.review_article", frozenset({S.IN_REVIEW}),
                   S.DRAFT, "a medical reviewer"),
        Transition("approve", "Approve", "articles.review_article", frozenset({S.IN_REVIEW}), S.APPROVED,
                   "a medical reviewer"),
        Transition("publish", "Publish", "articles.publish_article", frozenset({S.APPROVED}), S.PUBLISHED,
                   "a publisher"),
        Transition("unpublish", "Unpublish", "articles.publish_article",
                   frozenset({S.DRAFT, S.IN_REVIEW, S.APPROVED, S.PUBLISHED}), S.DRAFT, "a publisher",
                   needs_publication=True),
        Transition("archive", "Archive", "articles.publish_article",
                   frozenset({S.DRAFT, S.APPROVED, S.PUBLISHED}), S.ARCHIVED, "a publisher"),
        Transition("unarchive", "Return to draft", "articles.publish_article", frozenset({S.ARCHIVED}), S.DRAFT,
                   "a publisher"),
    ]
}  # fmt: skip


def _has_publication(article: Article) -> bool:
    return Publication.objects.filter(article=article, withdrawn_at__isnull=True).exists()


def _check(transition: Transition, article: Article, user) -> None:
    if user is None or not user.has_perm(transition.permission):
        raise RoleError(f"Only {transition.role} can {transition.label.lower()}.")
    if article.status not in transition.sources:
        allowed = " or ".join(S(source).label.lower() for source in sorted(transition.sources))
        raise LifecycleError(
            f"“{article}” is {S(article.status).label.lower()}; "
            f"“{transition.label}” applies only to an article that is {allowed}."
        )
    if transition.needs_publication and not _has_publication(article):
        raise LifecycleError(f"“{article}” has no live or scheduled publication to take down.")


def available_transitions(article: Article, user) -> list[Transition]:
    """The transitions this user may make on the article now: the admin shows these as buttons."""
    allowed = [t for t in TRANSITIONS.values() if user.has_perm(t.permission) and article.status in t.sources]
    if any(t.needs_publication for t in allowed) and not _has_publication(article):
        allowed = [t for t in allowed if not t.needs_publication]
    return allowed


def _locked(article: Article) -> Article:
    return Article.objects.select_for_update().get(pk=article.pk)


def _move(article: Article, transition_name: str, user, *, to: str | None = None, comment: str = "", **fields):
    """Set the new status (and `fields`) and write the audit entry."""
    from_status = article.status
    article.status = to or TRANSITIONS[transition_name].target
    for name, value in fields.items():
        setattr(article, name, value)
    Article.objects.filter(pk=article.pk).update(status=article.status, **fields)
    ArticleTransition.objects.create(
        article=article,
        actor=user,
        action=transition_name,
        from_status=from_status,
        to_status=article.status,
        comment=comment,
    )
    return article


@transaction.atomic
def article_submit_for_review(*, article: Article, user) -> Article:
    article = _locked(article)
    _check(TRANSITIONS["submit"], article, user)
    return _move(article, "submit", user)


@transaction.atomic
def article_request_changes(*, article: Article, user, comment: str) -> Article:
    article = _locked(article)
    _check(TRANSITIONS["request_changes"], article, user)
    if not comment or not comment.strip():
        raise LifecycleError({"comment": ["Say what needs to change: the author sees this comment."]})
    return _move(article, "request_changes", user, comment=comment.strip())


@transaction.atomic
def article_approve(*, article: Article, user, comment: str = "") -> Article:
    """Medical sign-off: records the reviewer, the review date and when the next review falls due."""
    article = _locked(article)
    _check(TRANSITIONS["approve"], article, user)
    reviewer = getattr(user, "contributor_profile", None)
    if reviewer is None or not reviewer.is_medical_reviewer:
        raise LifecycleError(
            "Approving records who reviewed the article, so your login needs a contributor profile marked "
            "as medical reviewer. An administrator can link one under Contributors."
        )
    now = timezone.now()
    interval = relativedelta(months=SiteSettings.load().review_interval_months)
    return _move(
        article,
        "approve",
        user,
        comment=comment.strip(),
        medical_reviewer=reviewer,
        last_reviewed_at=now,
        next_review_due=timezone.localdate(now) + interval,
    )


@transaction.atomic
def article_publish(*, article: Article, user, live_from: datetime | None = None) -> Publication:
    """Put the approved working copy live, now or at `live_from` (scheduled)."""
    article = _locked(article)
    _check(TRANSITIONS["publish"], article, user)
    now = timezone.now()
    if live_from is not None and live_from < now:
        raise LifecycleError({"live_from": ["Choose a time in the future, or leave it blank to publish now."]})
    publication = publication_create(article=article, user=user, live_from=live_from)
    scheduled = f"Scheduled for {live_from:%Y-%m-%d %H:%M %Z}." if live_from else ""
    _move(article, "publish", user, comment=scheduled)
    return publication


@transaction.atomic
def article_unpublish(*, article: Article, user) -> int:
    """Take the article off the public API (scheduled publications too); returns how many were withdrawn.

    A working copy that was already edited after publishing keeps its state.
    """
    article = _locked(article)
    _check(TRANSITIONS["unpublish"], article, user)
    withdrawn = _withdraw_publications(article)
    _move(article, "unpublish", user, to=S.DRAFT if article.status == S.PUBLISHED else article.status)
    return withdrawn


@transaction.atomic
def article_archive(*, article: Article, user, comment: str = "") -> Article:
    article = _locked(article)
    _check(TRANSITIONS["archive"], article, user)
    _withdraw_publications(article)
    return _move(article, "archive", user, comment=comment.strip())


@transaction.atomic
def article_unarchive(*, article: Article, user) -> Article:
    article = _locked(article)
    _check(TRANSITIONS["unarchive"], article, user)
    return _move(article, "unarchive", user)


def _withdraw_publications(article: Article) -> int:
    return Publication.objects.filter(article=article, withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())


@transaction.atomic
def article_record_edit(*, article: Article, user) -> Article:
    """The working copy's content changed: an approved or published version needs a new review.

    What is live stays live; the admin shows it as live with unpublished changes.
    """
    article = _locked(article)
    if article.status not in {S.APPROVED, S.PUBLISHED}:
        return article
    return _move(article, "edit", user, to=S.DRAFT, comment="Edited after approval: needs a new medical review.")


@transaction.atomic
def article_restore_version(*, article: Article, version, user) -> Article:
    """Bring back a stored revision of the working copy, children included, as a draft."""
    if not user.has_perm("articles.change_article"):
        raise RoleError("Only editors who may change articles can restore a version.")
    if version.object_id != str(article.pk) or version.content_type.model_class() is not Article:
        raise LifecycleError("That version belongs to another article.")
    article = _locked(article)
    from_status = article.status
    _park_ordered_children(article)
    version.revision.revert(delete=True)
    first_published = article.publications.aggregate(first=Min("first_published_at"))["first"]
    Article.objects.filter(pk=article.pk).update(status=S.DRAFT, published_at=first_published)
    article.refresh_from_db()
    ArticleTransition.objects.create(
        article=article,
        actor=user,
        action="restore",
        from_status=from_status,
        to_status=S.DRAFT,
        comment=f"Restored the version saved on {version.revision.date_created:%Y-%m-%d %H:%M}.",
    )
    return article


def _park_ordered_children(article: Article) -> None:
    """Move every ordered child above the used positions, so a revert can write old positions back."""
    for related, field in (
        ("key_points", "position"),
        ("sections", "position"),
        ("cause_comparisons", "position"),
        ("faqs", "position"),
        ("citations", "number"),
    ):
        park_above_used(getattr(article, related).all(), field)
    # Anchors are unique per article too; a placeholder from the primary key is unique and short.
    Section.objects.filter(article=article).update(anchor=Concat(Value("restoring-"), Cast("pk", CharField())))


@transaction.atomic
def article_rollback(*, article: Article, publication: Publication, user) -> Publication:
    """Make an earlier publication live again, as a new publication (the history keeps both)."""
    if not user.has_perm("articles.publish_article"):
        raise RoleError("Only a publisher can roll back what is live.")
    article = _locked(article)
    if publication.article_id != article.pk:
        raise LifecycleError("That publication belongs to another article.")
    _check_slug_is_free(article, timezone.now(), slug=publication.slug)
    copy = _copy_publication(publication, user)
    to = S.DRAFT if article.status == S.PUBLISHED else article.status
    _move(
        article,
        "rollback",
        user,
        to=to,
        comment=f"Rolled back to the version published on {publication.live_from:%Y-%m-%d %H:%M}.",
    )
    return copy


def _copy_publication(source: Publication, user) -> Publication:
    now = timezone.now()
    copy = Publication.objects.create(
        article_id=source.article_id,
        slug=source.slug,
        title=source.title,
        search_text=source.search_text,
        reviewer_id=source.reviewer_id,
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
    for model, rows in ((PublishedFAQ, source.faqs.all()), (PublishedReference, source.references.all())):
        copied = [field.name for field in model._meta.concrete_fields if field.name not in {"id", "publication"}]
        model.objects.bulk_create(
            model(publication=copy, **{name: getattr(row, name) for name in copied}) for row in rows
        )
    return copy


def publications_mark_gone_live(now: datetime | None = None) -> list[Publication]:
    """Mark the publications whose go-live time has come; each is returned once, ever.

    Correctness never depends on this (the read side compares with the clock);
    it is the moment for side effects such as webhooks.
    """
    now = now or timezone.now()
    due = list(Publication.objects.filter(went_live_at__isnull=True, withdrawn_at__isnull=True, live_from__lte=now))
    Publication.objects.filter(pk__in=[publication.pk for publication in due]).update(went_live_at=now)
    return due


def _as_json(data) -> dict:
    # DRF returns ReturnDict/OrderedDict with lazy values; store plain JSON.
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def _search_text(article: Article) -> str:
    words = [article.title, article.subtitle, article.summary]
    words += [f"{point.title} {point.text}" for point in article.key_points.all()]
    words += [f"{section.heading} {plain_text(section.body)}" for section in article.sections.all()]
    return " ".join(words).lower()


def _check_slug_is_free(article: Article, now: datetime, slug: str | None = None) -> None:
    slug = slug or article.slug
    taken = Publication.objects.live(now).filter(slug=slug).exclude(article=article)
    holder = taken.values_list("title", flat=True).first()
    if holder is not None:
        raise PublishError(
            f"The address “{slug}” is used by the live article “{holder}”. "
            "Change this article's slug before publishing."
        )


@transaction.atomic
def publication_create(*, article: Article, user=None, live_from: datetime | None = None) -> Publication:
    """Freeze the working copy into a new publication, live now or from `live_from`.

    The step that publishing shares with importing already-reviewed content
    (the demo loader); it checks the content, not roles or states, which is
    `article_publish`'s job. The previous publication stays live until the
    new one's time comes, and stays stored after that for rollbacks.
    """
    now = timezone.now()
    live_from = live_from or now
    Article.objects.select_for_update().only("pk").get(pk=article.pk)  # one publish at a time
    article = Article.objects.with_content().get(pk=article.pk)
    _check_slug_is_free(article, now)
    marker_problems = citation_report(article).problems
    if marker_problems:
        raise PublishError(marker_problems)

    site_settings = SiteSettings.load()
    first_published_at = article.published_at or live_from
    context = {"published_at": first_published_at, "updated_at": live_from, "site_settings": site_settings}
    document = _as_json(ArticleDetailSerializer(article, context=context).data)
    list_item = {name: document[name] for name in ArticleListItemSerializer.Meta.fields}
    etag = hashlib.sha256(json.dumps(document, sort_keys=True).encode()).hexdigest()

    publication = Publication.objects.create(
        article=article,
        slug=article.slug,
        title=article.title,
        search_text=_search_text(article),
        reviewer=article.medical_reviewer,
        first_published_at=first_published_at,
        live_from=live_from,
        went_live_at=now if live_from <= now else None,
        next_review_due=article.next_review_due,
        document=document,
        list_item=list_item,
        jsonld=build_jsonld(article, document, site_settings),
        etag=etag,
        created_by=user,
    )
    publication.topics.add(*article.topics.all())
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

    Article.objects.filter(pk=article.pk).update(published_at=first_published_at)
    return publication


@transaction.atomic
def article_renumber_citation_markers(*, article: Article, renumbering: dict[int, int]) -> None:
    """Rewrite every marker of the article from old citation numbers to new ones.

    Called in the same transaction as the renumbering itself, so that [3]
    keeps pointing at the reference it pointed at before.
    """
    if not renumbering:
        return
    article = Article.objects.select_for_update().get(pk=article.pk)
    intro = rewrite_markers(article.intro, renumbering)
    if intro != article.intro:
        article.intro = intro
        article.save(update_fields=["intro", "intro_html"])
    for model, field in ((Section, "body"), (FAQ, "answer")):
        for child in model.objects.filter(article=article):
            text = rewrite_markers(getattr(child, field), renumbering)
            if text != getattr(child, field):
                setattr(child, field, text)
                child.save()


@transaction.atomic
def article_reorder_citations(*, article: Article, citation_ids: list[int]) -> None:
    """Number the article's citations 1, 2, 3 … in the given order, keeping markers on their references."""
    citations = {citation.pk: citation for citation in Citation.objects.select_for_update().filter(article=article)}
    if sorted(citation_ids) != sorted(citations):
        raise ValidationError({"citation_ids": ["Give every citation of this article exactly once."]})
    renumbering = {
        citations[pk].number: number
        for number, pk in enumerate(citation_ids, start=1)
        if citations[pk].number != number
    }
    moving = [citations[pk] for pk in citation_ids if citations[pk].number in renumbering]
    park_above_used(Citation.objects.filter(article=article), "number", [citation.pk for citation in moving])
    for citation in moving:
        citation.number = renumbering[citation.number]
    Citation.objects.bulk_update(moving, ["number"])
    article_renumber_citation_markers(article=article, renumbering=renumbering)


def article_transition(
    name: str, *, article: Article, user, comment: str = "", live_from: datetime | None = None
) -> None:
    """Run the transition called `name` (one of TRANSITIONS): the single entry point for the admin and APIs."""
    if name == "submit":
        article_submit_for_review(article=article, user=user)
    elif name == "request_changes":
        article_request_changes(article=article, user=user, comment=comment)
    elif name == "approve":
        article_approve(article=article, user=user, comment=comment)
    elif name == "publish":
        article_publish(article=article, user=user, live_from=live_from)
    elif name == "unpublish":
        article_unpublish(article=article, user=user)
    elif name == "archive":
        article_archive(article=article, user=user, comment=comment)
    elif name == "unarchive":
        article_unarchive(article=article, user=user)
    else:
        raise LifecycleError(f"There is no transition called “{name}”.")
