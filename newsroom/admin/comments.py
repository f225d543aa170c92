"""The article page's review comments: the panel's data, and the views its buttons post to (add, reply, resolve,
reopen), each calling `publishing.services.comments` and reporting the outcome as a message.

Mixed into ArticleAdmin after `ArticlePageViews`, whose `_article_or_404`, `_report` and `_back_to` these use. The
panel sits inside the article's form (a form cannot hold another), so its buttons post that form to these views with
`formaction`; they read only their own `review_comment_…` inputs.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles.models import Article, ArticleStatus
from publishing.comment_anchors import anchor_choices, anchor_label, row_positions
from publishing.models import ReviewComment
from publishing.selectors import review_comments
from publishing.services.comments import (
    may_answer,
    may_comment,
    review_comment_add,
    review_comment_reopen,
    review_comment_reply,
    review_comment_resolve,
)


@dataclass(frozen=True)
class CommentsPanel:
    comments: list[ReviewComment]  # each with `label`, the field in the page's words
    choices: list[tuple[str, str]]  # the fields a reviewer may comment on
    may_comment: bool
    may_answer: bool

    @property
    def open(self) -> list[ReviewComment]:
        return [comment for comment in self.comments if comment.resolved_at is None]

    @property
    def by_anchor(self) -> dict[str, list[int]]:
        """The ids of the open comments on each field, for the markers beside the fields' labels."""
        marked: dict[str, list[int]] = {}
        for comment in self.open:
            marked.setdefault(comment.anchor, []).append(comment.pk)
        return marked


def labelled(article: Article, comments: list[ReviewComment]) -> list[ReviewComment]:
    """`comments`, each with its field's label (`label`), rows placed as the article has them now (the parts they name
    read once, unless prefetched)."""
    positions = row_positions(article, [comment.anchor for comment in comments])
    for comment in comments:
        comment.label = anchor_label(comment.anchor, positions)
    return comments


def comments_panel(request, article: Article) -> CommentsPanel:
    """What the page's comments panel shows `request.user` about `article` (its parts prefetched)."""
    commenting = may_comment(article, request.user) and article.status != ArticleStatus.ARCHIVED
    return CommentsPanel(
        comments=labelled(article, review_comments(article)),
        choices=anchor_choices(article) if commenting else [],
        may_comment=commenting,
        may_answer=may_answer(article, request.user),
    )


class ArticleCommentViews:
    def get_urls(self):
        custom = [
            path(
                "<path:object_id>/comments/add/",
                self.admin_site.admin_view(require_POST(self.comment_add_view)),
                name="articles_article_comment_add",
            ),
            path(
                "<path:object_id>/comments/<int:comment_id>/<str:step>/",
                self.admin_site.admin_view(require_POST(self.comment_step_view)),
                name="articles_article_comment_step",
            ),
        ]
        return custom + super().get_urls()

    def _to_comments(self, article: Article, comment_id: int | None = None):
        response = self._back_to(article)
        response["Location"] += f"#review-comment-{comment_id}" if comment_id else "#review-comments"
        return response

    def comment_add_view(self, request, object_id):
        article = self._article_or_404(request, object_id)
        made: list[ReviewComment] = []
        self._report(
            request,
            article,
            lambda: made.append(
                review_comment_add(
                    article=article,
                    user=request.user,
                    anchor=request.POST.get("review_comment_anchor", ""),
                    quote=request.POST.get("review_comment_quote", ""),
                    body=request.POST.get("review_comment_body", ""),
                )
            ),
            _("Your comment is added."),
            name=_("comment"),
        )
        if not made:
            self._typed(request, request.POST.get("review_comment_body", ""))
        return self._to_comments(article, made[0].pk if made else None)

    def _typed(self, request, text: str) -> None:
        """What the editor wrote, repeated under a refusal (the page that reloads has empty boxes): nothing is lost."""
        if text.strip():
            self.message_user(
                request, _("What you wrote, to copy: “%(text)s”") % {"text": text.strip()}, messages.WARNING
            )

    def comment_step_view(self, request, object_id, comment_id, step):
        article = self._article_or_404(request, object_id)
        comment = get_object_or_404(ReviewComment, pk=comment_id, article=article)
        steps = {
            "reply": (
                lambda: review_comment_reply(
                    comment=comment, user=request.user, body=request.POST.get(f"review_comment_reply_{comment.pk}", "")
                ),
                _("Your reply is added."),
            ),
            "resolve": (lambda: review_comment_resolve(comment=comment, user=request.user), _("Comment resolved.")),
            "reopen": (lambda: review_comment_reopen(comment=comment, user=request.user), _("Comment reopened.")),
        }
        if step not in steps:
            raise Http404(_("No such step."))
        service, success = steps[step]
        done: list = []
        self._report(request, article, lambda: done.append(service()), success, name=_("comment"))
        if step == "reply" and not done:
            self._typed(request, request.POST.get(f"review_comment_reply_{comment.pk}", ""))
        return self._to_comments(article, comment.pk)
