"""The task worker's bookkeeping: heartbeats, claiming, and reclaiming what a dead worker left running."""

import datetime

import pytest
import time_machine
from django.db import OperationalError
from django_tasks_db.models import DBTaskResult

from core.models import WorkerHeartbeat
from core.services.workers import (
    TASK_MAX_RUNS,
    task_claim,
    tasks_reclaim,
    tasks_retry_database_failures,
    worker_heartbeat_record,
    worker_start,
    worker_stop,
)
from publishing.tasks import publications_go_live

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)


def claim(worker_id: str) -> DBTaskResult:
    task = task_claim(worker_id=worker_id, backend_name="default", queue_names=["default"])
    assert task is not None
    return task


def test_a_claimed_task_is_running_for_its_worker_and_claimed_once():
    publications_go_live.enqueue()

    task = claim("worker-a")

    assert (task.status, task.worker_ids) == ("RUNNING", ["worker-a"])
    assert task_claim(worker_id="worker-b", backend_name="default", queue_names=["default"]) is None


def test_a_task_left_running_by_a_silent_worker_is_ready_again_after_the_timeout():
    with time_machine.travel(START, tick=False) as traveller:
        worker_start(worker_id="dead")
        publications_go_live.enqueue()
        task = claim("dead")
        traveller.shift(datetime.timedelta(seconds=59))
        assert tasks_reclaim(after=datetime.timedelta(seconds=60), worker_id="caller") == []

        traveller.shift(datetime.timedelta(seconds=2))
        assert [
            reclaimed.pk for reclaimed in tasks_reclaim(after=datetime.timedelta(seconds=60), worker_id="caller")
        ] == [task.pk]

        task.refresh_from_db()
        assert task.status == "READY"
        assert claim("next").worker_ids == ["dead", "next"]
        assert tasks_reclaim(after=datetime.timedelta(seconds=60), worker_id="caller") == []  # its new start is recent


def test_a_long_task_of_a_worker_that_still_polls_is_left_alone():
    with time_machine.travel(START, tick=False) as traveller:
        worker_start(worker_id="busy")
        publications_go_live.enqueue()
        claim("busy")
        traveller.shift(datetime.timedelta(minutes=10))
        worker_heartbeat_record(worker_id="busy")

        assert tasks_reclaim(after=datetime.timedelta(seconds=60), worker_id="caller") == []


def test_a_task_of_a_worker_without_heartbeat_is_reclaimed_after_the_timeout():
    # db_worker, or any worker of django-tasks' own, records no heartbeat: only the task's age tells.
    with time_machine.travel(START, tick=False) as traveller:
        publications_go_live.enqueue()
        task = claim("db-worker")
        traveller.shift(datetime.timedelta(seconds=61))

        assert [
            reclaimed.pk for reclaimed in tasks_reclaim(after=datetime.timedelta(seconds=60), worker_id="caller")
        ] == [task.pk]


def test_heartbeats_are_kept_while_workers_poll_and_removed_when_they_stop_or_were_silent_for_a_day():
    with time_machine.travel(START, tick=False) as traveller:
        worker_start(worker_id="old")
        worker_start(worker_id="current")
        worker_stop(worker_id="current")
        traveller.shift(datetime.timedelta(days=1, seconds=1))
        worker_start(worker_id="new")
        assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["new"]

        traveller.shift(datetime.timedelta(seconds=5))
        worker_heartbeat_record(worker_id="new")
        worker_heartbeat_record(worker_id="old")  # back after a long pause: its row again
        polled = START + datetime.timedelta(days=1, seconds=6)
        assert dict(WorkerHeartbeat.objects.values_list("worker_id", "last_seen_at")) == {"new": polled, "old": polled}


def test_a_task_the_database_failed_is_ready_again_and_one_that_failed_by_itself_is_not():
    publications_go_live.enqueue()
    publications_go_live.enqueue()
    locked, broken = claim("worker-a"), claim("worker-a")
    locked.set_failed(OperationalError("database is locked"))
    broken.set_failed(ValueError("a bug"))

    assert [task.pk for task in tasks_retry_database_failures()] == [locked.pk]

    locked.refresh_from_db()
    broken.refresh_from_db()
    assert (locked.status, locked.finished_at, broken.status) == ("READY", None, "FAILED")
    assert claim("worker-b").worker_ids == ["worker-a", "worker-b"]


def test_a_task_the_database_keeps_failing_is_retried_a_bounded_number_of_times():
    publications_go_live.enqueue()
    task = claim("worker")
    task.set_failed(OperationalError("no such column: x"))  # an OperationalError that is the code's fault
    DBTaskResult.objects.filter(pk=task.pk).update(worker_ids=["worker"] * TASK_MAX_RUNS)

    assert tasks_retry_database_failures() == []


def test_a_worker_keeps_the_tasks_it_runs_whatever_its_heartbeat_says_and_takes_up_one_it_no_longer_runs():
    with time_machine.travel(START, tick=False) as traveller:
        worker_start(worker_id="self")
        publications_go_live.enqueue()
        task = claim("self")
        traveller.shift(datetime.timedelta(minutes=10))

        assert tasks_reclaim(after=datetime.timedelta(seconds=60), worker_id="self", running_here={task.pk}) == []
        # Its end refused by the database, the task is still marked running, but no thread runs it: taken up again.
        reclaimed = tasks_reclaim(after=datetime.timedelta(seconds=60), worker_id="self", running_here=set())
        assert [again.pk for again in reclaimed] == [task.pk]


def test_another_worker_takes_up_the_task_of_a_worker_whose_heartbeat_stopped():
    with time_machine.travel(START, tick=False) as traveller:
        worker_start(worker_id="self")
        publications_go_live.enqueue()
        task = claim("self")
        traveller.shift(datetime.timedelta(minutes=10))

        assert [again.pk for again in tasks_reclaim(after=datetime.timedelta(seconds=60), worker_id="other")] == [
            task.pk
        ]
