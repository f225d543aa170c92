from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models.article import Article
from articles.models.states import ACTION_DONE, ArticleAction, ArticleStatus
from core.moments import moment_text


class ArticleTransition(models.Model):
    """The audit trail of the editorial lifecycle: who moved an article from which state to which, and why.

    Written only by `articles.services.audit.article_status_record`.
    """

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("article")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=40, choices=ArticleAction.choices)
    from_status = models.CharField(_("from"), max_length=20, choices=ArticleStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=ArticleStatus.choices)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    # A publication put live at a later time: the step was a schedule, not a go-live.
    scheduled_for = models.DateTimeField(_("to go live on"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("review history entry")
        verbose_name_plural = _("review history")

    def __str__(self) -> str:
        return f"{self.action}: {self.from_status} → {self.to_status}"

    @property
    def done(self) -> str:
        """The step in words, as the history tells it ("Changes requested", "Scheduled to go live on …")."""
        if self.scheduled_for is not None and self.action == ArticleAction.IMPORT:
            return _("Imported as reviewed, to go live on %(time)s") % {"time": moment_text(self.scheduled_for)}
        if self.scheduled_for is not None:
            return _("Scheduled to go live on %(time)s") % {"time": moment_text(self.scheduled_for)}
        return str(ACTION_DONE.get(self.action, self.get_action_display()))


class ReviewReminder(models.Model):
    """A reminder that an article's medical review falls due, sent once per article, kind and due date
    (`articles.services.reminders`): a later review sets a new date, which gets reminders of its own."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Review due soon")
        OVERDUE = "overdue", _("Review overdue")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="review_reminders", verbose_name=_("article")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    due_date = models.DateField(_("review due"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    recipients = models.TextField(_("sent to"), blank=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("review reminder")
        verbose_name_plural = _("review reminders")
        constraints = [models.UniqueConstraint(fields=["article", "kind", "due_date"], name="review_reminder_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.article} ({self.due_date})"
