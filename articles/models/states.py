from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In medical review")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class ArticleAction(models.TextChoices):
    """Everything that changes an article's state, as the review history names it."""

    SUBMIT = "submit", _("Submit for medical review")
    WITHDRAW = "withdraw", _("Withdraw to draft")
    REQUEST_CHANGES = "request_changes", _("Request changes")
    APPROVE = "approve", _("Approve")
    PUBLISH = "publish", _("Publish")
    UNPUBLISH = "unpublish", _("Unpublish")
    ARCHIVE = "archive", _("Archive")
    UNARCHIVE = "unarchive", _("Return to draft")
    ROLLBACK = "rollback", _("Roll back")
    EDIT = "edit", _("Edit")
    RESTORE = "restore", _("Restore a version")
    RECOVER = "recover", _("Recover after deletion")
    IMPORT = "import", _("Import")
    CANCEL_SCHEDULE = "cancel_schedule", _("Cancel the scheduled go-live")
    REPUBLISH = "republish", _("Publish again")


# The review history in words, each step as done (the actions' own labels are the buttons' imperatives).
ACTION_DONE: dict[str, Promise] = {
    ArticleAction.SUBMIT: _("Submitted for medical review"),
    ArticleAction.WITHDRAW: _("Withdrawn to draft"),
    ArticleAction.REQUEST_CHANGES: _("Changes requested"),
    ArticleAction.APPROVE: _("Approved"),
    ArticleAction.PUBLISH: _("Published"),
    ArticleAction.UNPUBLISH: _("Unpublished"),
    ArticleAction.ARCHIVE: _("Archived"),
    ArticleAction.UNARCHIVE: _("Returned to draft"),
    ArticleAction.ROLLBACK: _("Rolled back to an earlier publication"),
    ArticleAction.EDIT: _("Edited after publishing: a draft again"),
    ArticleAction.RESTORE: _("An earlier version restored as a draft"),
    ArticleAction.RECOVER: _("Recovered after deletion"),
    ArticleAction.IMPORT: _("Imported as reviewed and published"),
    ArticleAction.CANCEL_SCHEDULE: _("Scheduled go-live cancelled"),
    ArticleAction.REPUBLISH: _("Published again"),
}
