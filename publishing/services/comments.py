"""Review comments: a medical reviewer comments on a field of an article, or a passage of it; the author answers and
resolves; a reviewer resolves or reopens. None of it is part of the document that is approved and published.

Who may: reviewers (`articles.review_article`) comment, reply, resolve and reopen; authors who may edit the article
(`articles.services.editing.article_may_edit`) reply, resolve and reopen.
"""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.lifecycle import REVIEW, SUBMIT
from articles.models import Article, ArticleStatus
from articles.services.editing import article_locked, article_may_edit
from core.exceptions import RoleError, StateConflict
from publishing.comment_anchors import anchor_parse, anchor_text
from publishing.models import ReviewComment, ReviewCommentReply

BODY_MAX_LENGTH = 5000
QUOTE_MAX_LENGTH = 2000


def may_comment(article: Article, user) -> bool:
    """Whether `user` may comment on `article`: a medical reviewer (who reviews it)."""
    return user is not None and user.has_perm(REVIEW)


def may_answer(article: Article, user) -> bool:
    """Whether `user` may reply to, resolve and reopen the comments of `article`: a reviewer, or one of its authors."""
    if user is None:
        return False
    return may_comment(article, user) or (user.has_perm(SUBMIT) and article_may_edit(article, user))


def _body(body: str, name: str = "body") -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({name: _("Write the comment.") if name == "body" else _("Write the reply.")})
    if len(body) > BODY_MAX_LENGTH:
        raise ValidationError(
            {
                name: _("At most %(limit)s characters (this has %(count)s).")
                % {"limit": f"{BODY_MAX_LENGTH:,}", "count": f"{len(body):,}"}
            }
        )
    return body


def quote_in(quote: str, text: str) -> str | None:
    """The passage of `text` that `quote` selects, as `text` has it, or None. A page shows a text with its runs of
    spaces and line breaks collapsed, and a browser sends a text box's line breaks as CRLF: the quote's words must be
    the text's, in order, whatever whitespace separates them."""
    if quote and quote in text:
        return quote
    words = quote.split()
    if not words:
        return None
    found = re.search(r"\s+".join(re.escape(word) for word in words), text)
    return found.group(0) if found else None


def _not_archived(article: Article) -> None:
    if article.status == ArticleStatus.ARCHIVED:
        raise StateConflict(_("“%(article)s” is archived: its review is closed.") % {"article": article})


def review_comment_add(*, article: Article, user, anchor: str, quote: str = "", body: str) -> ReviewComment:
    """A reviewer's comment on the field `anchor` names (`summary`, `sections[12].body`), on the passage `quote` of it
    (a part of the field's text as it is stored now: `quote_in`) or, with no quote, on the whole field.

    RoleError when `user` is not a medical reviewer; StateConflict for an archived article; ValidationError naming
    `anchor` (a field the content model does not declare, or a row of another article), `quote` (not in the text)
    or `body` (empty, too long).
    """
    with transaction.atomic():
        if not may_comment(article, user):
            raise RoleError(_("Only a medical reviewer can comment on the review of an article."))
        article = article_locked(article)
        _not_archived(article)
        parsed = anchor_parse(anchor)
        body = _body(body)
        if len(quote or "") > QUOTE_MAX_LENGTH:
            raise ValidationError(
                {
                    "quote": _("Quote at most %(limit)s characters: the passage, not the whole text.")
                    % {"limit": f"{QUOTE_MAX_LENGTH:,}"}
                }
            )
        found = quote_in(quote or "", anchor_text(article, parsed))
        if quote and found is None:
            raise ValidationError(
                {
                    "quote": _(
                        "The quoted text is not in the field as it is saved now (version %(version)s): select it "
                        "again, or leave the quote empty to comment on the whole field."
                    )
                    % {"version": article.version}
                }
            )
        return ReviewComment.objects.create(
            article=article, version=article.version, anchor=str(parsed), quote=found or "", author=user, body=body
        )


def _comment_locked(comment: ReviewComment, user) -> ReviewComment:
    comment = ReviewComment.objects.select_for_update().select_related("article").get(pk=comment.pk)
    if not may_answer(comment.article, user):
        raise RoleError(_("Only the article's authors and medical reviewers can answer its review comments."))
    return comment


def review_comment_reply(*, comment: ReviewComment, user, body: str) -> ReviewCommentReply:
    """An answer to `comment`, by one of the article's authors or a medical reviewer (RoleError otherwise)."""
    with transaction.atomic():
        comment = _comment_locked(comment, user)
        _not_archived(comment.article)
        return ReviewCommentReply.objects.create(comment=comment, author=user, body=_body(body))


def review_comment_resolve(*, comment: ReviewComment, user) -> ReviewComment:
    """Mark `comment` resolved (by one of the article's authors or a reviewer); StateConflict if it is already."""
    with transaction.atomic():
        comment = _comment_locked(comment, user)
        if comment.resolved_at is not None:
            raise StateConflict(_("This comment is resolved already."))
        comment.resolved_at, comment.resolved_by = timezone.now(), user
        comment.save(update_fields=["resolved_at", "resolved_by"])
        return comment


def review_comment_reopen(*, comment: ReviewComment, user) -> ReviewComment:
    """Open a resolved comment again (by one of the article's authors or a reviewer); StateConflict if it is open."""
    with transaction.atomic():
        comment = _comment_locked(comment, user)
        if comment.resolved_at is None:
            raise StateConflict(_("This comment is open already."))
        comment.resolved_at, comment.resolved_by = None, None
        comment.save(update_fields=["resolved_at", "resolved_by"])
        return comment
