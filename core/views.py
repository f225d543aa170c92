from datetime import timedelta

from django.db import DatabaseError, connection
from django.db.models import Count, Min, Q
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max


def task_queue_state() -> dict:
    """How many tasks wait for a worker now (deferred ones whose time has not come do not), and how long the
    oldest has waited: a worker that is down or too slow shows as a growing wait. One query."""
    now = timezone.now()
    ready = Q(status=TaskResultStatus.READY)
    queued = ready & Q(run_after=get_date_max())
    deferred_due = ready & Q(run_after__lte=now)
    row = DBTaskResult.objects.aggregate(
        waiting=Count("id", filter=queued | deferred_due),
        oldest_queued=Min("enqueued_at", filter=queued),
        oldest_due=Min("run_after", filter=deferred_due),
        failed_last_day=Count("id", filter=Q(status=TaskResultStatus.FAILED, finished_at__gte=now - timedelta(days=1))),
    )
    since = min((moment for moment in (row["oldest_queued"], row["oldest_due"]) if moment), default=None)
    return {
        "waiting": row["waiting"],
        "oldest_waiting_seconds": round((now - since).total_seconds(), 1) if since else 0,
        "failed_last_day": row["failed_last_day"],
    }


@never_cache
@require_safe
def healthz(request):
    """200 when the database answers a query, 503 when it does not; with the task queue's state."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        tasks = task_queue_state()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "tasks": tasks})
