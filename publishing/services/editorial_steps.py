"""The editorial transitions: submit, withdraw, request changes, approve, publish, unpublish, archive,
unarchive, and rollback, cancelling a scheduled go-live, publishing again after an unpublish and import, each
checked against the table in `articles.lifecycle`.

`article_transition` is the one entry point: it locks the article, refuses a stale version,
checks role and state by the table, runs the step's own effect, and records the status change
(with its audit entry) through `article_status_record`.
"""

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.lifecycle import TRANSITIONS, transition_check
from articles.models import Article, ArticleAction, Contributor, content_prefetches
from articles.services.audit import article_status_record
from articles.services.editing import article_locked, article_version_check
from core import languages
from core.exceptions import DutyConflict, StateConflict
from core.models import SiteSettings
from publishing.models import Approval, Publication
from publishing.selectors import approval_of_current_version, is_live, publish_again_check
from publishing.services.checks import disclosure_check, document_concerns, go_live_check
from publishing.services.completeness import images_check, submission_check
from publishing.services.freezing import approval_images_record, article_freeze
from publishing.services.publications import (
    publication_copy,
    publication_create,
    publications_withdraw,
    publications_withdraw_scheduled,
)
from publishing.services.shown import candidate_check, shown_forget

A = ArticleAction


def _next_review_due(site_settings: SiteSettings, *, reviewed_at) -> date:
    """A review is due again the site's review interval after the day it was made."""
    return timezone.localdate(reviewed_at) + relativedelta(months=site_settings.review_interval_months)


# Each step's own effect, run after the checks; it returns the article fields to set with the new status
# and the comment for the review history.
Effect = Callable[..., tuple[dict, str]]


def _request_changes(*, article, user, comment, live_from, override_reason, shown_document) -> tuple[dict, str]:
    if not comment.strip():
        raise ValidationError({"comment": _("Say what needs to change: the author sees this comment.")})
    return {}, comment


def _approve(*, article, user, comment, live_from, override_reason, shown_document) -> tuple[dict, str]:
    """Sign off exactly this version: record the review, and freeze the document the reviewer read.

    Refused while a sponsored article does not say who paid, and, unless the reviewer gives a reason, while
    it cites a retracted paper or reads above the target grade for patients (`checks`)."""
    reviewer = Contributor.objects.filter(user=user, is_medical_reviewer=True).first() if user else None
    if reviewer is None:
        raise StateConflict(
            _(
                "Approving records who reviewed the article, so your login needs a contributor profile marked "
                "as medical reviewer. An administrator can link one under Contributors."
            )
        )
    now = timezone.now()
    site_settings = SiteSettings.load()
    reads = reviewer.languages_reviewed(default=site_settings.language)
    if not languages.reads(reads, article.language):
        raise DutyConflict(
            _(
                "“%(article)s” is written in %(language)s, and you review in %(languages)s: a medical reviewer who "
                "reads %(language)s must approve it. An administrator can add a language to your contributor "
                "profile."
            )
            % {"article": article, "language": article.language, "languages": ", ".join(reads)}
        )
    review = {
        "medical_reviewer": reviewer,
        "last_reviewed_at": now,
        "next_review_due": _next_review_due(site_settings, reviewed_at=now),
    }
    approval = _freeze_approval(article, user, review, approved_at=now, site_settings=site_settings)
    images_check(article)
    if site_settings.separate_duties and reviewer.pk in approval.author_ids:
        raise DutyConflict(
            _(
                "You are an author of “%(article)s”, so another medical reviewer must approve it (the site settings "
                "ask for two people: separation of duties)."
            )
            % {"article": article}
        )
    candidate_check(approval=approval, shown=shown_document)
    shown_forget(article=article)
    disclosure_check(approval.document)
    concerns = document_concerns(approval.document, site_settings)
    grade = (approval.document.get("readability") or {}).get("flesch_kincaid_grade")
    approval.reading_grade = None if grade is None else Decimal(str(grade))
    if concerns:
        if not override_reason.strip():
            raise ValidationError(
                {
                    "override_reason": " ".join(concern.message for concern in concerns)
                    + " "
                    + _(
                        "To approve it all the same, give your reason (for example, the article discusses "
                        "the retraction)."
                    )
                }
            )
        approval.overridden = [concern.check for concern in concerns]
        approval.override_reason = override_reason.strip()
        past = " ".join(concern.message for concern in concerns)
        comment = (
            f"{comment}\n\n{_('Approved past the checks:')} {past} {_('Reason:')} {approval.override_reason}".strip()
        )
    approval.save()
    approval_images_record(approval)
    return review, comment


def _freeze_approval(
    article: Article, user, review: dict, *, approved_at: datetime, site_settings: SiteSettings
) -> Approval:
    """Set the review record on `article` (in memory; the status change writes it) and freeze the candidate,
    unsaved: the caller saves it once it has added what it decided."""
    for name, value in review.items():
        setattr(article, name, value)
    prefetch_related_objects([article], *content_prefetches())
    approval = article_freeze(article, site_settings)
    approval.approved_by = user
    approval.approved_at = approved_at
    return approval


def _publish(*, article, user, comment, live_from, override_reason, shown_document) -> tuple[dict, str]:
    """Put live the document the reviewer approved (not the working copy as it is now), after checking it
    again: a paper retracted since the approval, or a target grade lowered since, needs a new approval."""
    if live_from is not None and live_from < timezone.now():
        raise ValidationError({"published_at": _("Choose a time in the future, or leave it blank to publish now.")})
    approval = approval_of_current_version(article)
    if approval is None:
        raise StateConflict(_("This version of “%(article)s” has no medical approval.") % {"article": article})
    site_settings = SiteSettings.load()
    if site_settings.separate_duties and user is not None and approval.approved_by_id == user.pk:
        raise DutyConflict(
            _(
                "You approved this version of “%(article)s” yourself, so another publisher must put it live (the site "
                "settings ask for two people: separation of duties)."
            )
            % {"article": article}
        )
    go_live_check(approval.document, overridden=approval.overridden, site_settings=site_settings)
    publication_create(article=article, approval=approval, user=user, live_from=live_from, site_settings=site_settings)
    return {}, comment


def _take_nothing(*, article, user, comment, live_from, override_reason, shown_document) -> tuple[dict, str]:
    return {}, comment


def _take_down(*, article, user, comment, live_from, override_reason, shown_document) -> tuple[dict, str]:
    publications_withdraw(article=article)
    return {}, comment


def _submit(*, article, user, comment, live_from, override_reason, shown_document) -> tuple[dict, str]:
    """Send for review only what the site requires filled (`completeness`): each missing item named."""
    prefetch_related_objects([article], *content_prefetches())
    submission_check(article, SiteSettings.load())
    return {}, comment


EFFECTS: dict[ArticleAction, Effect] = {
    A.SUBMIT: _submit,
    A.REQUEST_CHANGES: _request_changes,
    A.APPROVE: _approve,
    A.PUBLISH: _publish,
    A.UNPUBLISH: _take_down,
    A.ARCHIVE: _take_down,
}


def article_transition(
    action: ArticleAction,
    *,
    article: Article,
    user,
    comment: str = "",
    live_from: datetime | None = None,
    expected_version: int | None = None,
    override_reason: str = "",
    shown_document: str | None = None,
) -> Article:
    """Take the lifecycle step `action` (a button of the table) on `article`, or change nothing and raise.

    StaleVersion when `expected_version` (the version the user's page showed) is not the stored one, and
    StaleDocument when an approval's `shown_document` (the fingerprint of the candidate the reviewer's page showed,
    see `publishing.services.shown`) is not that of the document it would freeze now,
    RoleError when the user's role does not allow the step, StateConflict when the article's state
    does not, ValidationError when the step's input is wrong (a missing comment, a past go-live time).
    """
    with transaction.atomic():
        action = ArticleAction(action)
        if not TRANSITIONS[action].button:
            raise StateConflict(_("“%(step)s” is not a lifecycle step.") % {"step": action.label})
        article = article_locked(article)
        article_version_check(article=article, expected_version=expected_version)
        transition = transition_check(action, article, user, live=is_live(article))
        fields, comment = EFFECTS.get(action, _take_nothing)(
            article=article,
            user=user,
            comment=comment.strip(),
            live_from=live_from,
            override_reason=override_reason,
            shown_document=shown_document,
        )
        scheduled_for = live_from if action == A.PUBLISH else None  # the history tells a schedule from a go-live
        return article_status_record(
            article=article, transition=transition, user=user, comment=comment, scheduled_for=scheduled_for, **fields
        )


def article_rollback(*, article: Article, publication: Publication, user) -> Publication:
    """Make an earlier publication live again, as a new publication (the history keeps both).

    Not for an archived article: return it to draft first.
    """
    with transaction.atomic():
        article = article_locked(article)
        transition = transition_check(A.ROLLBACK, article, user)
        if publication.article_id != article.pk:
            raise StateConflict(_("That publication belongs to another article."))
        if publication.went_live_at is None:
            raise StateConflict(
                _("That version was never live (scheduled, or withdrawn before its time): nothing to roll back to.")
            )
        overridden = publication.approval.overridden if publication.approval is not None else []
        go_live_check(publication.document, overridden=overridden, site_settings=SiteSettings.load())
        copy = publication_copy(source=publication, user=user)
        article_status_record(
            article=article,
            transition=transition,
            user=user,
            comment=_("Rolled back to the version published on %(time)s.")
            % {"time": f"{publication.live_from:%Y-%m-%d %H:%M}"},
        )
        return copy


def article_schedule_cancel(
    *, article: Article, user, comment: str = "", expected_version: int | None = None
) -> Article:
    """Call off the scheduled go-live of `article`: its scheduled publications are withdrawn before their time,
    and what readers see now (if anything) stays live; no webhook fires, as nothing changes for readers. A
    working copy that was the scheduled version is approved again (its approval stands: schedule it anew or
    publish it now); one edited since keeps its state.

    Unlike unpublishing, which takes down the live version too. StateConflict when nothing is scheduled.
    """
    with transaction.atomic():
        article = article_locked(article)
        article_version_check(article=article, expected_version=expected_version)
        transition = transition_check(A.CANCEL_SCHEDULE, article, user)
        cancelled = Publication.objects.pending().filter(article=article).order_by("live_from").first()
        if cancelled is None:
            raise StateConflict(_("Nothing of “%(article)s” is scheduled to go live.") % {"article": article})
        publications_withdraw_scheduled(article=article)
        called_off = _("The go-live scheduled for %(time)s was cancelled.") % {
            "time": f"{timezone.localtime(cancelled.live_from):%Y-%m-%d %H:%M %Z}"
        }
        return article_status_record(
            article=article, transition=transition, user=user, comment=f"{called_off} {comment.strip()}".strip()
        )


def article_publish_again(*, article: Article, user, comment: str = "", expected_version: int | None = None) -> Article:
    """Put an unpublished article live again as readers last saw it: the approved version that was live when it
    was taken down, if the working copy is still that version, unchanged and not reviewed since
    (`publish_again_check`). Checked again as any publish is (separation of duties, a paper retracted since the
    approval, the reading target), and announced as a publish (`article.published`).

    StateConflict, with the reason, when it cannot go live again as it was.
    """
    with transaction.atomic():
        article = article_locked(article)
        article_version_check(article=article, expected_version=expected_version)
        transition = transition_check(A.REPUBLISH, article, user)
        again = publish_again_check(article)
        if again is None:
            raise StateConflict(
                _("“%(article)s” is not a draft taken down with nothing live or scheduled: use Publish.")
                % {"article": article}
            )
        if again.approval is None:
            raise StateConflict(again.refusal)
        fields, comment = _publish(
            article=article, user=user, comment=comment.strip(), live_from=None, override_reason="", shown_document=None
        )
        return article_status_record(article=article, transition=transition, user=user, comment=comment, **fields)


# The article page header's steps (`Transition.header`), each its own service with the same arguments: what the
# management API's transitions run for their actions, as the admin's header runs them.
HEADER_STEPS: dict[ArticleAction, Callable[..., Article]] = {
    A.CANCEL_SCHEDULE: article_schedule_cancel,
    A.REPUBLISH: article_publish_again,
}


def article_import_published(
    *,
    article: Article,
    user,
    reviewer: Contributor,
    reviewed_at: datetime,
    next_review_due,
    comment: str,
    live_from: datetime | None = None,
) -> Publication:
    """Content that was medically reviewed elsewhere goes live as it is (the demo loader; operators' imports).

    The table allows it to publishers and to the operator's commands (user None), from draft only.
    `reviewer` and `reviewed_at` are the review it had: recorded as the article's review and as its
    approval, which is what goes live. Without `next_review_due`, the next review is due the site's review interval
    after that review, as after an approval here: a live article always has a reviewer, a review date and a next
    review date (the API's schema types them so).
    """
    with transaction.atomic():
        article = article_locked(article)
        transition = transition_check(A.IMPORT, article, user)
        site_settings = SiteSettings.load()
        if next_review_due is None:
            next_review_due = _next_review_due(site_settings, reviewed_at=reviewed_at)
        review = {"medical_reviewer": reviewer, "last_reviewed_at": reviewed_at, "next_review_due": next_review_due}
        approval = _freeze_approval(article, user, review, approved_at=reviewed_at, site_settings=site_settings)
        approval.save()
        approval_images_record(approval)
        publication = publication_create(
            article=article, approval=approval, user=user, live_from=live_from, site_settings=site_settings
        )
        article_status_record(
            article=article, transition=transition, user=user, comment=comment, scheduled_for=live_from, **review
        )
        return publication
