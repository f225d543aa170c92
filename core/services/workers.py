"""The task worker's bookkeeping in the database: its heartbeat, claiming the next task, and handing a task
that a dead worker left running to another (at least once: a delivery is never lost with its worker)."""

import logging
import os
import socket
from collections.abc import Collection
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from core.models import WorkerHeartbeat

logger = logging.getLogger("core.worker")

# The rows of workers that have been silent this long are removed when a worker starts: nobody reads them. Tasks
# that failed on a database error longer ago than this are not retried.
HEARTBEAT_KEPT = timedelta(days=1)
# The exceptions of a database that failed a task rather than the task failing, as django-tasks records them.
DATABASE_ERRORS = ["django.db.utils.OperationalError", "django.db.utils.InterfaceError"]
TASK_MAX_RUNS = 10


def worker_start(*, worker_id: str) -> WorkerHeartbeat:
    """The worker's first heartbeat; old workers' rows are removed."""
    now = timezone.now()
    with transaction.atomic():
        WorkerHeartbeat.objects.filter(last_seen_at__lt=now - HEARTBEAT_KEPT).delete()
        return WorkerHeartbeat.objects.create(
            worker_id=worker_id, hostname=socket.gethostname()[:255], pid=os.getpid(), started_at=now, last_seen_at=now
        )


def worker_heartbeat_record(*, worker_id: str) -> None:
    """The worker polled now. Its row comes back if it was removed (a worker silent for a day that woke up)."""
    now = timezone.now()
    with transaction.atomic():
        updated = WorkerHeartbeat.objects.filter(worker_id=worker_id).update(last_seen_at=now)
        if not updated:
            WorkerHeartbeat.objects.create(
                worker_id=worker_id,
                hostname=socket.gethostname()[:255],
                pid=os.getpid(),
                started_at=now,
                last_seen_at=now,
            )


def worker_stop(*, worker_id: str) -> None:
    """A worker that stops cleanly leaves no row: /healthz then judges by the workers still running."""
    with transaction.atomic():
        WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def task_claim(*, worker_id: str, backend_name: str, queue_names: list[str]) -> DBTaskResult | None:
    """The next ready task, marked running by this worker, or None. As db_worker claims: the row is locked
    (SKIP LOCKED on PostgreSQL, an exclusive transaction on SQLite), so two workers never claim one task."""
    tasks = DBTaskResult.objects.ready().filter(backend_name=backend_name, queue_name__in=queue_names)
    with exclusive_transaction(tasks.db):
        result = tasks.get_locked()
        if result is not None:
            result.claim(worker_id)
    return result


def tasks_reclaim(*, after: timedelta, worker_id: str, running_here: Collection = ()) -> list[DBTaskResult]:
    """Make ready again the tasks that have been running longer than `after` for a worker that has not polled
    for as long (killed mid-task, its machine lost, or a worker without a heartbeat such as db_worker): the task
    runs again, so it runs at least once. A task running long for a live worker is left alone. The calling
    worker's own are judged by what it really runs (`running_here`, the ids of its tasks in progress), not by its
    heartbeat (one written while the database was locked carries the time it was asked for, before the wait): one
    it no longer runs, whose end the database refused to record, is taken up again like any other."""
    cutoff = timezone.now() - after
    with transaction.atomic():
        alive = set(WorkerHeartbeat.objects.filter(last_seen_at__gte=cutoff).values_list("worker_id", flat=True))

        def orphaned(task: DBTaskResult) -> bool:
            last = task.worker_ids[-1] if task.worker_ids else None
            return task.pk not in running_here if last == worker_id else last not in alive

        candidates = DBTaskResult.objects.running().filter(started_at__lt=cutoff)
        orphans = [task for task in candidates if orphaned(task)]
        # Each still running and started before the cutoff: a worker that reclaimed and claimed it meanwhile gave
        # it a new start, so it is not taken from that worker, and it is reported by one worker only.
        reclaimed = [
            task
            for task in orphans
            if DBTaskResult.objects.filter(pk=task.pk, status=TaskResultStatus.RUNNING, started_at__lt=cutoff).update(
                status=TaskResultStatus.READY
            )
        ]
    for task in reclaimed:
        logger.warning(
            "Task %s (%s) was left running by worker %s since %s; it is ready to run again.",
            task.pk,
            task.task_path,
            task.worker_ids[-1] if task.worker_ids else "?",
            task.started_at.isoformat(timespec="seconds"),
        )
    return reclaimed


def tasks_retry_database_failures() -> list[DBTaskResult]:
    """Make ready again the tasks that failed because the database failed them (their own writes refused while it
    was locked, restarting or unreachable), up to TASK_MAX_RUNS runs each: the work is not lost with the database's
    outage (a webhook whose attempt could not be recorded is sent again and recorded). A task that failed for any
    other reason stays failed; so does one still failing after that many runs (an OperationalError may also be
    a fault of the code, which no retry mends)."""
    since = timezone.now() - HEARTBEAT_KEPT
    with transaction.atomic():
        candidates = DBTaskResult.objects.failed().filter(
            exception_class_path__in=DATABASE_ERRORS, finished_at__gte=since
        )
        retried = [
            task
            for task in candidates
            if len(task.worker_ids) < TASK_MAX_RUNS
            and DBTaskResult.objects.filter(pk=task.pk, status=TaskResultStatus.FAILED).update(
                status=TaskResultStatus.READY, finished_at=None
            )
        ]
    for task in retried:
        logger.warning(
            "Task %s (%s) failed on a database error (run %s of at most %s); it is ready to run again.",
            task.pk,
            task.task_path,
            len(task.worker_ids),
            TASK_MAX_RUNS,
        )
    return retried
