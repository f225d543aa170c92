"""The task worker `manage.py run_worker` runs: django-tasks' database worker's way of claiming and running a
task (its `Worker.run_task` marks each finished or failed), with what a worker needs to be left alone in
production:

- a database error (SQLite locked, PostgreSQL restarting, the network) is logged and retried with backoff,
  never the end of the process;
- tasks run in a bounded pool of threads, so that one slow webhook receiver (each attempt bounded by
  WEBHOOK_TIMEOUT_SECONDS) holds up one thread, not every delivery behind it;
- every poll records a heartbeat that /healthz reads; tasks that a dead worker left running, and tasks that
  failed because the database did, are run again (core/services/workers.py).
"""

import contextlib
import logging
import os
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from django.db import InterfaceError, OperationalError, close_old_connections, connection
from django_tasks_db.management.commands.db_worker import Worker as DatabaseWorker
from django_tasks_db.models import DBTaskResult

from core.services.workers import (
    task_claim,
    tasks_reclaim,
    tasks_retry_database_failures,
    worker_heartbeat_record,
    worker_start,
    worker_stop,
)

logger = logging.getLogger("core.worker")

# The heartbeat is written at most this often, however busy the worker is.
HEARTBEAT_SECONDS = 1.0
# Waits after consecutive database errors: doubling from the first to the last, then the last again.
BACKOFF_FIRST, BACKOFF_LAST = 0.5, 30.0


class TaskWorker:
    def __init__(
        self, *, worker_id: str, threads: int, interval: float, reclaim_after: float, backend_name: str = "default"
    ):
        self.worker_id = worker_id
        self.threads = threads
        self.interval = interval
        self.reclaim_after = timedelta(seconds=reclaim_after)
        # Reclaiming reads every running and recently failed task: often enough to rerun an orphan soon after it
        # qualifies, not on every poll.
        self.reclaim_every = min(reclaim_after / 4, 15.0)
        self.backend_name = backend_name
        self.stopping = threading.Event()
        self.slots = threading.BoundedSemaphore(threads)
        self.running: set = set()  # the ids of the tasks this process runs now (tasks_reclaim leaves them alone)
        self.runner = DatabaseWorker(
            queue_names=["default"],
            interval=interval,
            batch=False,
            backend_name=backend_name,
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        self.last_heartbeat = self.last_reclaim = float("-inf")
        self.started = False
        self.stopped_by: int | None = None

    def stop(self, signum: int, frame) -> None:
        if self.stopping.is_set():
            logger.warning("Stopping now: the tasks still running will be reclaimed by another worker.")
            os._exit(1)  # SystemExit would wait for the pool's threads
        logger.warning("Stopping after the running tasks (a second signal stops at once).")
        self.stopped_by = signum
        self.stopping.set()

    def run(self) -> None:
        signal.signal(signal.SIGINT, self.stop)
        signal.signal(signal.SIGTERM, self.stop)
        logger.info("Task worker %s: %s threads.", self.worker_id, self.threads)
        failures = 0
        with ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix="task") as pool:
            while not self.stopping.is_set():
                try:
                    self.poll(pool)
                except (OperationalError, InterfaceError) as error:
                    wait = min(BACKOFF_FIRST * 2**failures, BACKOFF_LAST)
                    failures += 1
                    logger.warning("Database error (%s); the worker tries again in %.1f s.", error, wait)
                    connection.close()  # a broken connection is opened afresh on the next poll
                    self.stopping.wait(wait)
                else:
                    if failures:
                        logger.warning("The database answers again; the worker goes on.")
                    failures = 0
        # If the database refuses, the heartbeat goes stale, as a killed worker's does.
        with contextlib.suppress(OperationalError, InterfaceError):
            worker_stop(worker_id=self.worker_id)
        if self.stopped_by == signal.SIGINT:
            # Ended by the interrupt itself, as a shell expects of a program that handles Ctrl-C: a shell waiting
            # for it (make run's) then acts on the Ctrl-C too, instead of taking a clean exit for the worker's own.
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGINT)

    def poll(self, pool: ThreadPoolExecutor) -> None:
        """Record the heartbeat (and reclaim orphans) when due, then hand the next ready task to a free thread,
        or wait a poll interval."""
        close_old_connections()
        now = time.monotonic()
        if not self.started:
            worker_start(worker_id=self.worker_id)
            self.started, self.last_heartbeat = True, now
        elif now - self.last_heartbeat >= HEARTBEAT_SECONDS:
            worker_heartbeat_record(worker_id=self.worker_id)
            self.last_heartbeat = now
        if now - self.last_reclaim >= self.reclaim_every:
            tasks_reclaim(after=self.reclaim_after, worker_id=self.worker_id, running_here=frozenset(self.running))
            tasks_retry_database_failures()
            self.last_reclaim = now
        if not self.slots.acquire(timeout=self.interval):
            return  # every thread busy: poll again (the heartbeat goes on)
        try:
            task = task_claim(worker_id=self.worker_id, backend_name=self.backend_name, queue_names=["default"])
        except BaseException:
            self.slots.release()
            raise
        if task is None:
            self.slots.release()
            self.stopping.wait(self.interval)
            return
        self.running.add(task.pk)
        pool.submit(self.run_task, task)

    def run_task(self, task: DBTaskResult) -> None:
        try:
            self.runner.run_task(task)
        except Exception:
            # Only when the database refused the task's result, failure included (after django-tasks' retries): it
            # is still marked running, and is reclaimed and run again.
            logger.exception("Task %s finished but could not be marked so; it will be reclaimed.", task.pk)
        finally:
            self.running.discard(task.pk)  # from now on, if still marked running, it is reclaimed as an orphan
            close_old_connections()
            self.slots.release()
