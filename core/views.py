from datetime import timedelta

from django.db import DatabaseError, connection
from django.db.models import Count, Min, Q
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_tasks_db.models import DBTaskResult, get_date_max


def task_queue_state() -> dict:
    """How many tasks wait for a worker now (the worker's own `ready()`: deferred ones whose time has not come
    do not), and how long the oldest has waited, since it was enqueued or since its time came: a worker that is
    down or too slow shows as a growing wait. Two queries."""
    now = timezone.now()
    undeferred = Q(run_after=get_date_max())
    row = DBTaskResult.objects.ready().aggregate(
        waiting=Count("id"),
        oldest_queued=Min("enqueued_at", filter=undeferred),
        oldest_due=Min("run_after", filter=~undeferred),
    )
    since = min((moment for moment in (row["oldest_queued"], row["oldest_due"]) if moment), default=None)
    failed = DBTaskResult.objects.failed().filter(finished_at__gte=now - timedelta(days=1)).count()
    return {
        "waiting": row["waiting"],
        "oldest_waiting_seconds": round((now - since).total_seconds(), 1) if since else 0,
        "failed_last_day": failed,
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
