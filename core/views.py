from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Count, Max, Min, Q
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_tasks_db.models import DBTaskResult, get_date_max

from core.models import WorkerHeartbeat


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


def task_worker_state() -> dict:
    """Whether a task worker (`run_worker`) polls: "ok" when one did within WORKER_STALE_AFTER_SECONDS, "stale"
    when the last poll is older (the worker hangs, was killed, or cannot reach the database), "none" when no
    worker runs (none ever started, or all stopped cleanly); how long ago the last poll was and how many workers
    polled within that time. One query."""
    now = timezone.now()
    fresh_since = now - timedelta(seconds=settings.WORKER_STALE_AFTER_SECONDS)
    row = WorkerHeartbeat.objects.aggregate(
        last=Max("last_seen_at"), alive=Count("pk", filter=Q(last_seen_at__gte=fresh_since))
    )
    if row["last"] is None:
        return {"state": "none", "last_poll_seconds_ago": None, "alive": 0}
    return {
        "state": "ok" if row["alive"] else "stale",
        "last_poll_seconds_ago": round(max((now - row["last"]).total_seconds(), 0), 1),
        "alive": row["alive"],
    }


@never_cache
@require_safe
def healthz(request):
    """200 when the database answers a query, 503 when it does not; with the task queue's and the workers' state.
    A stale or missing worker is reported, not a 503: load balancers probe this to route requests, which the
    web processes still serve; monitoring alerts on `worker.state` instead."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        tasks = task_queue_state()
        worker = task_worker_state()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "tasks": tasks, "worker": worker})
