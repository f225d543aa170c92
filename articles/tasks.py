"""The daily review-reminder task: it sends what is due (`articles.services.reminders`) and enqueues itself for
the next day at REVIEW_REMINDER_HOUR, so one run started by `manage.py schedule_review_reminders` (which
`make run` calls) keeps the chain going. Sending twice sends nothing twice: each reminder is recorded once."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from articles.services.reminders import review_reminders_send


def next_run(now: datetime | None = None) -> datetime:
    """The next REVIEW_REMINDER_HOUR o'clock in the site's time zone."""
    now = timezone.localtime(now)
    at = timezone.make_aware(datetime.combine(now.date(), time(settings.REVIEW_REMINDER_HOUR)))
    return at if at > now else timezone.make_aware(datetime.combine(now.date() + timedelta(days=1), at.time()))


def review_reminders_schedule(now: datetime | None = None) -> bool:
    """Enqueue the daily run unless one is waiting already (asked of the database backend; another backend
    gets a second chain at worst, which sends nothing twice)."""
    if isinstance(review_reminders_daily.get_backend(), DatabaseBackend):
        waiting = DBTaskResult.objects.filter(
            task_path=review_reminders_daily.module_path, status=TaskResultStatus.READY
        ).exists()
        if waiting:
            return False
    review_reminders_daily.using(run_after=next_run(now)).enqueue()
    return True


@task()
def review_reminders_daily() -> dict:
    sent = review_reminders_send()
    # Not a bare enqueue: a task may run twice (at least once, after a worker's death), and each run would start
    # another daily chain.
    review_reminders_schedule()
    return {"due_soon": len(sent.due_soon), "overdue": len(sent.overdue), "publishers": sent.publishers_told}
