"""Review cadence: the medical reviewer is emailed REVIEW_REMINDER_DAYS before an article's review falls due and
again when it falls due; publishers get the list of articles that fell overdue. Each reminder is sent once per
article, kind and due date (a `ReviewReminder` row, unique), however often this runs: by the daily task
(`articles.tasks`) or by cron with `manage.py send_review_reminders`.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import cast

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article, ArticleStatus, ReviewReminder


@dataclass
class RemindersSent:
    due_soon: list[Article] = field(default_factory=list)
    overdue: list[Article] = field(default_factory=list)
    publishers_told: int = 0


def _not_yet(kind: str):
    return ~Exists(
        ReviewReminder.objects.filter(article=OuterRef("pk"), kind=kind, due_date=OuterRef("next_review_due"))
    )


def _reviewer_email(article: Article) -> str:
    reviewer = article.medical_reviewer
    return reviewer.user.email if reviewer and reviewer.user and reviewer.user.email else ""


def _remind(article: Article, kind: str, subject: str, body: str) -> bool:
    """Record and send one reminder; False when another run recorded it first. A failed send records nothing
    (the next run tries again)."""
    recipient = _reviewer_email(article)
    try:
        with transaction.atomic():
            ReviewReminder.objects.create(
                article=article, kind=kind, due_date=cast(date, article.next_review_due), recipients=recipient
            )
            if recipient:
                send_mail(subject, body, None, [recipient])
    except IntegrityError:
        return False
    return True


def review_reminders_send(*, today: date | None = None) -> RemindersSent:
    today = today or timezone.localdate()
    horizon = today + timedelta(days=settings.REVIEW_REMINDER_DAYS)
    reviewed = (
        Article.objects.exclude(status=ArticleStatus.ARCHIVED)
        .filter(next_review_due__isnull=False)
        .select_related("medical_reviewer__user")
        .order_by("next_review_due", "pk")
    )
    sent = RemindersSent()
    due_soon = reviewed.filter(next_review_due__gt=today, next_review_due__lte=horizon)
    for article in due_soon.filter(_not_yet(ReviewReminder.Kind.DUE_SOON)):
        subject = _("Medical review due on %(date)s: %(title)s") % {"date": article.next_review_due, "title": article}
        body = _(
            "“%(title)s” is due for its medical review on %(date)s (in %(days)s days). Please review it before then: "
            "read it against the current evidence and approve it again, or request changes."
        ) % {
            "title": article,
            "date": article.next_review_due,
            "days": (cast(date, article.next_review_due) - today).days,  # the query asks for a due date
        }
        if _remind(article, ReviewReminder.Kind.DUE_SOON, subject, body):
            sent.due_soon.append(article)
    for article in reviewed.filter(next_review_due__lte=today).filter(_not_yet(ReviewReminder.Kind.OVERDUE)):
        subject = _("Medical review overdue: %(title)s") % {"title": article}
        body = _(
            "The medical review of “%(title)s” fell due on %(date)s. Until it is reviewed again, readers see an "
            "article whose review date has passed."
        ) % {"title": article, "date": article.next_review_due}
        if _remind(article, ReviewReminder.Kind.OVERDUE, subject, body):
            sent.overdue.append(article)
    if sent.overdue:
        sent.publishers_told = _tell_publishers(sent.overdue)
    return sent


def _tell_publishers(overdue: list[Article]) -> int:
    publishers = (
        get_user_model()
        .objects.filter(is_active=True, groups__name="Publisher")
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    recipients = sorted(publishers)
    if not recipients:
        return 0
    lines = [f"- {article} (due {article.next_review_due})" for article in overdue]
    send_mail(
        _("%(count)s article(s) fell overdue for medical review") % {"count": len(overdue)},
        _("These articles are now overdue for their medical review:") + "\n" + "\n".join(lines),
        None,
        recipients,
    )
    return len(recipients)
