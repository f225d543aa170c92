"""Running the task queue inside a test: the database worker's own code for each task that is ready now (its
loop would close the test's connection between tasks, so the loop is this one). What a task does after
commit (enqueue a retry, send a signal) happens, as it would in a worker, though the test never commits."""

from django.test import TestCase
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult


def run_ready_tasks(limit: int = 100) -> list[DBTaskResult]:
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    ran = []
    for _ in range(limit):
        result = DBTaskResult.objects.ready().order_by("enqueued_at").first()
        if result is None:
            return ran
        result.claim(worker.worker_id)
        with TestCase.captureOnCommitCallbacks(execute=True):
            worker.run_task(result)
        result.refresh_from_db()
        ran.append(result)
    raise AssertionError(f"more than {limit} tasks: a task that enqueues itself?")
