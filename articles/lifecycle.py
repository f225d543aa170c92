"""The editorial lifecycle as one table: which role may move an article from which state to which.

    draft → in_review → approved → published → archived

and back to draft when a reviewer requests changes, the author withdraws the article
to edit it, a published article is edited, or a publisher unpublishes it. Every
caller reads this table: the services check it, the admin draws its buttons from
it, and the management API offers its actions. Nothing else decides who may do what.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.models import Article, ArticleAction, ArticleStatus
from core.exceptions import RoleError, StateConflict

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

A, S = ArticleAction, ArticleStatus


@dataclass(frozen=True)
class Transition:
    action: ArticleAction
    permission: str
    moves: Mapping[str, str]  # from status -> to status
    role: "StrOrPromise"  # who may, in words, for messages
    # Applies only while the public sees the article (a go-live still to come is called off by CANCEL_SCHEDULE, which
    # keeps the approval: taking it down as well would offer two steps for one thing).
    needs_live: bool = False
    # A step editors choose on the article page (and in the management API's transitions).
    button: bool = True
    # May be run by the operator's commands, with no user (the demo loader, the scheduler).
    system: bool = False
    # A step of the article page's header, where the status line says it applies (and, like the buttons, an action
    # of the management API's transitions); its own service checks what else it needs.
    header: bool = False

    @property
    def label(self) -> "StrOrPromise":
        return self.action.label

    @property
    def sources(self) -> frozenset[str]:
        return frozenset(self.moves)

    def target(self, status: str) -> str:
        return self.moves[status]


_KEEP_OR_DRAFT: dict[str, str] = {
    S.DRAFT: S.DRAFT,
    S.IN_REVIEW: S.IN_REVIEW,
    S.APPROVED: S.APPROVED,
    S.PUBLISHED: S.DRAFT,
}
_APPROVED_AGAIN: dict[str, str] = {**_KEEP_OR_DRAFT, S.PUBLISHED: S.APPROVED}
EDITABLE: dict[str, str] = {S.DRAFT: S.DRAFT, S.PUBLISHED: S.DRAFT}

AUTHOR, REVIEWER, PUBLISHER = gettext_lazy("an author"), gettext_lazy("a medical reviewer"), gettext_lazy("a publisher")
SUBMIT, REVIEW, PUBLISH = "articles.submit_article", "articles.review_article", "articles.publish_article"

TRANSITIONS: dict[ArticleAction, Transition] = {
    t.action: t
    for t in [
        # A published article goes back to review without being edited when what it cites changed.
        Transition(A.SUBMIT, SUBMIT, {S.DRAFT: S.IN_REVIEW, S.PUBLISHED: S.IN_REVIEW}, AUTHOR),
        Transition(A.WITHDRAW, SUBMIT, {S.IN_REVIEW: S.DRAFT, S.APPROVED: S.DRAFT}, AUTHOR),
        Transition(A.REQUEST_CHANGES, REVIEW, {S.IN_REVIEW: S.DRAFT}, REVIEWER),
        Transition(A.APPROVE, REVIEW, {S.IN_REVIEW: S.APPROVED}, REVIEWER),
        Transition(A.PUBLISH, PUBLISH, {S.APPROVED: S.PUBLISHED}, PUBLISHER),
        Transition(A.UNPUBLISH, PUBLISH, _KEEP_OR_DRAFT, PUBLISHER, needs_live=True),
        Transition(
            A.ARCHIVE, PUBLISH, {S.DRAFT: S.ARCHIVED, S.APPROVED: S.ARCHIVED, S.PUBLISHED: S.ARCHIVED}, PUBLISHER
        ),
        Transition(A.UNARCHIVE, PUBLISH, {S.ARCHIVED: S.DRAFT}, PUBLISHER),
        # Steps taken elsewhere than the lifecycle buttons, checked by the same rules.
        Transition(A.ROLLBACK, PUBLISH, _KEEP_OR_DRAFT, PUBLISHER, button=False),
        Transition(A.EDIT, "articles.change_article", EDITABLE, AUTHOR, button=False),
        Transition(A.RESTORE, "articles.change_article", EDITABLE, AUTHOR, button=False),
        Transition(A.RECOVER, "articles.add_article", {status: S.DRAFT for status in S}, AUTHOR, button=False),
        Transition(A.IMPORT, PUBLISH, {S.DRAFT: S.PUBLISHED}, PUBLISHER, button=False, system=True),
        # The article page's header offers these two where its status line says they apply
        # (`publishing.selectors.article_status_line`), each behind a confirmation page.
        # A working copy that was scheduled is approved again: its approval stands, to be scheduled anew.
        Transition(A.CANCEL_SCHEDULE, PUBLISH, _APPROVED_AGAIN, PUBLISHER, button=False, header=True),
        # The version that was live when it was unpublished, unchanged and still approved, goes live again.
        Transition(A.REPUBLISH, PUBLISH, {S.DRAFT: S.PUBLISHED}, PUBLISHER, button=False, header=True),
    ]
}


def steps_chosen() -> list[ArticleAction]:
    """The steps editors choose (the buttons, then the header's), in the table's order: the management API's actions."""
    return [transition.action for transition in TRANSITIONS.values() if transition.button or transition.header]


def may(transition: Transition, user) -> bool:
    """Whether `user` holds the role the transition needs (None is the operator's command line)."""
    if user is None:
        return transition.system
    return user.has_perm(transition.permission)


def transition_check(action: ArticleAction, article: Article, user, *, live: bool = True) -> Transition:
    """The transition, if `user` may take it on `article` now; RoleError or StateConflict if not."""
    transition = TRANSITIONS[action]
    if not may(transition, user):
        raise RoleError(_("Only %(role)s can %(step)s.") % {"role": transition.role, "step": transition.label.lower()})
    if article.status not in transition.sources:
        raise StateConflict(
            _("“%(article)s” is %(status)s; “%(step)s” applies only to an article that is %(allowed)s.")
            % {
                "article": article,
                "status": S(article.status).label.lower(),
                "step": transition.label,
                "allowed": _(" or ").join(S(source).label.lower() for source in sorted(transition.sources)),
            }
        )
    if transition.needs_live and not live:
        raise StateConflict(
            _(
                "“%(article)s” is not live: there is nothing to take down. "
                "A go-live still to come is called off with “%(cancel)s”."
            )
            % {"article": article, "cancel": A.CANCEL_SCHEDULE.label}
        )
    return transition


def transitions_available(article: Article, user, *, live: bool) -> list[Transition]:
    """The steps `user` may choose on the article now, in the table's order: the admin's buttons."""
    return [
        transition
        for transition in TRANSITIONS.values()
        if transition.button
        and may(transition, user)
        and article.status in transition.sources
        and (live or not transition.needs_live)
    ]
