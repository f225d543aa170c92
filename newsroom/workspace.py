"""What waits for whom: the queues of the admin home and the state banner of the article page, both with the
article's one status line (`publishing.selectors.article_status_line`).

Reads only. Each queue is a count and its first few articles, in a fixed number of queries however many
articles there are; the roles come from the user's permissions, as the lifecycle table's do.
"""

from dataclasses import dataclass, field

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.models import Article, ArticleAction, ArticleStatus, ArticleTransition, Contributor
from core import languages
from core.models import SiteSettings
from publishing.selectors import (
    PublishAgain,
    Standing,
    StatusLine,
    article_status_line,
    articles_with_live_state,
    publish_again_check,
)

SHOWN = 5


@dataclass
class Queue:
    key: str
    title: str
    count: int
    url: str
    articles: list[Article] = field(default_factory=list)
    # The lifecycle step a row can take from the queue itself (publishers publish from "Approved").
    action: str = ""


def _latest(action: ArticleAction, value: str) -> Subquery:
    return Subquery(
        ArticleTransition.objects.filter(article=OuterRef("pk"), action=action)
        .order_by("-created_at", "-pk")
        .values(value)[:1]
    )


def _last_step() -> Subquery:
    return Subquery(
        ArticleTransition.objects.filter(article=OuterRef("pk")).order_by("-created_at", "-pk").values("action")[:1]
    )


def mine(articles: QuerySet, user) -> QuerySet:
    """The user's articles: they are among its authors, or they submitted it."""
    submitted = ArticleTransition.objects.filter(article=OuterRef("pk"), action=ArticleAction.SUBMIT, actor=user)
    return articles.filter(Q(authors__user=user) | Q(pk__in=submitted.values("article"))).distinct()


def changes_requested(articles: QuerySet) -> QuerySet:
    """Drafts whose last step was a reviewer's request for changes, with that comment."""
    return (
        articles.filter(status=ArticleStatus.DRAFT)
        .annotate(last_step=_last_step())
        .filter(last_step=ArticleAction.REQUEST_CHANGES)
        .annotate(
            request_comment=_latest(ArticleAction.REQUEST_CHANGES, "comment"),
            requested_at=_latest(ArticleAction.REQUEST_CHANGES, "created_at"),
        )
    )


def _changelist(**params) -> str:
    return f"{reverse('admin:articles_article_changelist')}?{urlencode(params)}"


def _queue(key: str, title: str, articles: QuerySet, url: str, action: str = "") -> Queue:
    articles = articles.order_by("updated_at", "pk")
    return Queue(key, title, articles.count(), url, list(articles[:SHOWN]), action)


def in_languages_reviewed_by(articles: QuerySet, user) -> QuerySet:
    """The articles a medical reviewer may approve by their language: those in the languages of their contributor
    profile (the site's default when it names none; any region of a language, as `languages.reads`). A user with
    no reviewer profile approves nothing anyway, and sees them all (an administrator overseeing the queue)."""
    profile = Contributor.objects.filter(user=user, is_medical_reviewer=True).first() if user.pk else None
    if profile is None:
        return articles
    return articles.filter(languages.read_by(profile.languages_reviewed(default=SiteSettings.load().language)))


def workspace_queues(user) -> list[Queue]:
    """The queues for the user's roles, most urgent first; each article annotated for its status line."""
    articles = articles_with_live_state(Article.objects.exclude(status=ArticleStatus.ARCHIVED))
    queues = []
    if user.has_perm("articles.review_article"):
        waiting = in_languages_reviewed_by(articles.filter(status=ArticleStatus.IN_REVIEW), user).filter(
            Q(medical_reviewer__user=user) | Q(medical_reviewer__isnull=True) | Q(medical_reviewer__user__isnull=True)
        )
        queues.append(
            _queue("review", _("Waiting for my review"), waiting, _changelist(status__exact=ArticleStatus.IN_REVIEW))
        )
    if user.has_perm("articles.submit_article"):
        queues.append(
            _queue(
                "changes_requested",
                _("Changes requested on my articles"),
                changes_requested(mine(articles, user)),
                _changelist(workflow="changes_requested", mine="1"),
            )
        )
    if user.has_perm("articles.publish_article"):
        queues.append(
            _queue(
                "approved",
                _("Approved, waiting to be published"),
                articles.filter(status=ArticleStatus.APPROVED),
                _changelist(status__exact=ArticleStatus.APPROVED),
                action=ArticleAction.PUBLISH,
            )
        )
        scheduled = articles.filter(is_scheduled=True)
        queues.append(_queue("scheduled", _("Scheduled"), scheduled, _changelist(live="scheduled")))
    if user.has_perm("articles.review_article") or user.has_perm("articles.publish_article"):
        queues.append(
            _queue("overdue", _("Overdue for review"), articles.review_overdue(), _changelist(review="overdue"))
        )
    if user.has_perm("articles.submit_article"):
        drafts = mine(articles, user).filter(status=ArticleStatus.DRAFT)
        queues.append(
            _queue("drafts", _("My drafts"), drafts, _changelist(status__exact=ArticleStatus.DRAFT, mine="1"))
        )
    return queues


@dataclass
class Banner:
    """The article page's first lines: where the article stands and what readers see (its status line), who has
    it, and the reviewer's request."""

    line: StatusLine
    holder: str
    request: ArticleTransition | None = None
    # For an unpublished article: whether "Publish again" can put back what was live (`publish_again_check`).
    publish_again: PublishAgain | None = None


HOLDERS = {
    ArticleStatus.DRAFT: gettext_lazy("With the authors: editing."),
    ArticleStatus.IN_REVIEW: gettext_lazy("With the medical reviewers: the text is locked while they review it."),
    ArticleStatus.APPROVED: gettext_lazy("With the publishers: medically approved, waiting to be published."),
    ArticleStatus.PUBLISHED: gettext_lazy("Any edit makes a new draft that needs a new medical review."),
    ArticleStatus.ARCHIVED: gettext_lazy("Nobody works on it."),
}


def article_banner(article: Article) -> Banner:
    """One query, the latest review step (two more for an unpublished article: whether it can be published
    again); the status line reads the article's annotations (`articles_with_live_state`)."""
    last = ArticleTransition.objects.filter(article=article).select_related("actor").order_by("-created_at", "-pk")
    step = last.first()
    line = article_status_line(article)
    again = publish_again_check(article, last_step=step) if line.standing == Standing.UNPUBLISHED else None
    banner = Banner(
        line=article_status_line(article, publish_again=again) if again is not None else line,
        holder=str(HOLDERS[ArticleStatus(article.status)]),
        publish_again=again,
    )
    if step is not None and step.action == ArticleAction.REQUEST_CHANGES and article.status == ArticleStatus.DRAFT:
        banner.request = step
        banner.holder = _("With the authors: the medical reviewer asked for changes.")
    return banner
