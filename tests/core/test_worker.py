"""The task worker (`manage.py run_worker`) as real processes on a SQLite file, delivering webhooks to real
receivers on loopback: it outlives a database held locked by another connection, a delivery its killed
predecessor was sending is sent by the next worker, and a slow receiver does not delay a healthy one."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import receiver as receivers

pytestmark = pytest.mark.slow  # worker processes and receivers on loopback

ROOT = Path(__file__).resolve().parents[2]

ENQUEUE = """
import json, time
from django.utils import timezone
from webhooks.models import WebhookDelivery, WebhookEndpoint
from webhooks.tasks import webhook_deliver
ids = []
for url in {urls!r}:
    endpoint = WebhookEndpoint.objects.filter(url=url).first() or WebhookEndpoint.objects.create(
        url=url, events=["article.published"]
    )
    now = timezone.now()
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event="article.published", created_at=now, next_attempt_at=now,
        payload={{"type": "article.published", "timestamp": now.isoformat(), "data": {{"slug": "a-slug"}}}},
    )
    webhook_deliver.enqueue(str(delivery.pk))
    ids.append(str(delivery.pk))
print(json.dumps({{"ids": ids, "at": time.time()}}))
"""

STATE = """
import json
from django_tasks_db.models import DBTaskResult
from webhooks.models import WebhookDelivery
deliveries = {{
    str(d.pk): {{"status": d.status, "attempts": [[a.status_code, a.error] for a in d.attempt_log.order_by("number")]}}
    for d in WebhookDelivery.objects.filter(pk__in={ids!r})
}}
tasks = sorted(t.status for t in DBTaskResult.objects.all())
print(json.dumps({{"deliveries": deliveries, "tasks": tasks}}))
"""


class WorkerSite:
    """A migrated SQLite file, workers started on it (each logging to its own file), and shell snippets run
    against it."""

    def __init__(self, tmp_path: Path):
        self.tmp_path = tmp_path
        self.database = tmp_path / "db.sqlite3"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_DEBUG": "1",  # loopback receivers allowed
            "DJANGO_LOG_LEVEL": "INFO",
            "DATABASE_URL": f"sqlite:///{self.database}",
        }
        self.env.pop("REDIS_URL", None)
        self.workers: list[subprocess.Popen] = []
        self.manage("migrate", "--noinput", "-v", "0")

    def manage(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout.strip()

    def shell(self, code: str) -> dict:
        return json.loads(self.manage("shell", "-c", code).splitlines()[-1])

    def enqueue(self, *urls: str) -> dict:
        return self.shell(ENQUEUE.format(urls=list(urls)))

    def state(self, ids: list[str]) -> dict:
        return self.shell(STATE.format(ids=ids))

    def wait_until_delivered(self, ids: list[str], seconds: float = 20, context=lambda: "") -> dict:
        deadline = time.monotonic() + seconds
        while True:
            state = self.state(ids)
            if all(delivery["status"] == "delivered" for delivery in state["deliveries"].values()):
                return state
            assert time.monotonic() < deadline, (state, context())
            time.sleep(0.2)

    def start_worker(self, **env: str) -> subprocess.Popen:
        log = (self.tmp_path / f"worker-{len(self.workers)}.log").open("w")
        process = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--interval", "0.2"],
            cwd=ROOT,
            env={**self.env, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        process.log_path = log.name
        self.workers.append(process)
        return process

    def heartbeats(self) -> int:
        with sqlite3.connect(self.database) as db:
            return db.execute("SELECT count(*) FROM core_workerheartbeat").fetchone()[0]

    def wait_for_heartbeat(self, seconds: float = 20) -> None:
        deadline = time.monotonic() + seconds
        while self.heartbeats() == 0:
            assert time.monotonic() < deadline, "the worker never polled"
            time.sleep(0.1)


def log_of(worker: subprocess.Popen) -> str:
    return Path(worker.log_path).read_text()


@pytest.fixture
def site(tmp_path):
    site = WorkerSite(tmp_path)
    yield site
    for worker in site.workers:
        if worker.poll() is None:
            worker.kill()
            worker.wait(timeout=10)


@pytest.fixture
def receiver():
    receiver = receivers.start()
    yield receiver
    receivers.stop(receiver)


def test_the_worker_outlives_a_ten_second_sqlite_lock_and_delivers_what_was_in_flight(site, receiver):
    receiver.delay = 2  # the attempt's answer comes while the database is locked: it cannot be recorded then
    worker = site.start_worker(WORKER_RECLAIM_AFTER_SECONDS="2")
    in_flight = site.enqueue(receiver.url)["ids"][0]
    assert len(receiver.wait_for(1, timeout=15)) == 1

    # Another program holds the database: no one else may write for 10 s (each write waits its busy timeout,
    # 5 s, then fails with "database is locked").
    outside = sqlite3.connect(site.database, isolation_level=None)
    outside.execute("BEGIN EXCLUSIVE")
    time.sleep(10)
    outside.execute("COMMIT")
    outside.close()

    assert worker.poll() is None, log_of(worker)
    receiver.delay = 0
    after = site.enqueue(receiver.url)["ids"][0]
    state = site.wait_until_delivered([in_flight, after], context=lambda: log_of(worker))
    # The attempt whose record the lock refused was sent again and recorded: every delivery has its logged attempt.
    assert state["deliveries"] == {
        in_flight: {"status": "delivered", "attempts": [[200, ""]]},
        after: {"status": "delivered", "attempts": [[200, ""]]},
    }
    assert len(receiver.requests) == 3
    assert worker.poll() is None
    log = log_of(worker)
    assert "Database error (database is locked); the worker tries again in" in log
    assert "The database answers again; the worker goes on." in log
    assert "failed on a database error (run 1 of at most 10); it is ready to run again." in log


def test_a_delivery_whose_worker_was_killed_mid_request_is_sent_by_the_next_worker(site, receiver):
    receiver.delay = 30  # the first attempt is still waiting for its answer when its worker is killed
    reclaim = {"WORKER_RECLAIM_AFTER_SECONDS": "2", "WEBHOOK_TIMEOUT_SECONDS": "60"}
    first = site.start_worker(**reclaim)
    enqueued = site.enqueue(receiver.url)
    delivery_id = enqueued["ids"][0]
    assert len(receiver.wait_for(1, timeout=15)) == 1
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    assert site.state([delivery_id]) == {
        "deliveries": {delivery_id: {"status": "pending", "attempts": []}},
        "tasks": ["RUNNING"],
    }

    receiver.delay = 0
    second = site.start_worker(**reclaim)
    requests = receiver.wait_for(2, timeout=20)
    assert len(requests) == 2, log_of(second)
    # The same message, as Standard Webhooks receivers deduplicate it.
    assert requests[0].headers["webhook-id"] == requests[1].headers["webhook-id"]
    state = site.wait_until_delivered([delivery_id], context=lambda: log_of(second))
    assert state == {
        "deliveries": {delivery_id: {"status": "delivered", "attempts": [[200, ""]]}},
        "tasks": ["SUCCESSFUL"],
    }
    assert "was left running by worker" in log_of(second)
    assert "it is ready to run again" in log_of(second)


def test_a_slow_receiver_does_not_delay_deliveries_to_a_healthy_one(site, receiver, capsys):
    slow = receivers.start(delay=8)
    try:
        worker = site.start_worker()
        site.wait_for_heartbeat()
        # Two deliveries to the slow receiver ahead of one to the healthy receiver in the queue.
        enqueued = site.enqueue(slow.url, slow.url, receiver.url)
        offset = time.time() - time.monotonic()
        healthy = receiver.wait_for(1, timeout=20)
        assert len(healthy) == 1, log_of(worker)
        latency = healthy[0].at + offset - enqueued["at"]
        # Measured about 0.1 s; a queue held behind the slow receiver would take at least its 5-s timeout. The bound
        # leaves a loaded machine room between the two.
        assert latency < 4

        # The slow receiver's attempts end at the per-attempt timeout (5 s), logged, to be retried.
        slow_ids = enqueued["ids"][:2]
        deadline = time.monotonic() + 15
        while any(not site.state(slow_ids)["deliveries"][pk]["attempts"] for pk in slow_ids):
            assert time.monotonic() < deadline
            time.sleep(0.2)
        attempts = site.state(slow_ids)["deliveries"]
        assert [attempts[pk] for pk in slow_ids] == [
            {"status": "pending", "attempts": [[None, "No answer within 5.0 s."]]}
        ] * 2
        with capsys.disabled():
            print(f"\n[worker] with an 8-s receiver registered, a healthy receiver got its delivery in {latency:.2f} s")
    finally:
        receivers.stop(slow)
