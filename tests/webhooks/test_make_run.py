"""What `make run` serves, over real HTTP with real processes: the development server and the task worker
(scripts/serve.sh), a webhook added through the management API, an article taken live through it, and the
signed delivery at a receiver on loopback; then a scheduled go-live with two workers racing for it, announced
once; then Ctrl-C stopping server and worker together. A worker that dies is started again while the server
goes on serving."""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from standardwebhooks import Webhook

from tests.helpers import receiver as receivers
from tests.helpers.servers import free_port, wait_until_up

pytestmark = pytest.mark.slow  # make run's script, its server and worker

ROOT = Path(__file__).resolve().parents[2]
DRAFT = "vitamin-d-and-sleep"
LIVE = "hypocalcemia-low-blood-calcium"


def site_database(tmp_path: Path):
    """A database of the site's own: a SQLite file, or, when the suite runs on PostgreSQL, a new database on
    that server (so that the workers' race runs on PostgreSQL's row locks there), dropped afterwards."""
    suite = os.environ.get("DATABASE_URL", "")
    if not suite.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'db.sqlite3'}"
        return
    import psycopg

    name = f"cms_make_run_{os.getpid()}"
    with psycopg.connect(suite, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield suite.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(suite, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Site:
    def __init__(self, database_url: str):
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_DEBUG": "1",
            "DJANGO_LOG_LEVEL": "WARNING",
            "DATABASE_URL": database_url,
        }
        self.env.pop("REDIS_URL", None)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.tokens: dict[str, str] = {}
        self.processes: list[subprocess.Popen] = []

    def manage(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    def start(self, *command: str, output: Path | None = None) -> subprocess.Popen:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**self.env, "PYTHON": sys.executable, "PORT": str(self.port)},
            start_new_session=True,  # its own process group, as a terminal's foreground job
            stdout=subprocess.DEVNULL,
            stderr=output.open("w") if output else subprocess.DEVNULL,
        )
        self.processes.append(process)
        return process

    def call(self, role: str, method: str, path: str, body: dict | None = None, if_match: str | None = None):
        headers = {"Authorization": f"Token {self.tokens[role]}", "Content-Type": "application/json"}
        if if_match:
            headers["If-Match"] = if_match
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{self.base}/api/v1/manage/{path}", data, headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                return response.status, dict(response.headers), json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def transition(self, role: str, slug: str, action: str, **extra) -> None:
        status, headers, _ = self.call(role, "GET", f"articles/{slug}/")
        assert status == 200
        if action == "approve":  # the reviewer approves the document they read
            extra["document_fingerprint"] = headers["Document-Fingerprint"]
        status, _, body = self.call(
            role, "POST", f"articles/{slug}/transitions/", {"action": action, **extra}, headers["ETag"]
        )
        assert status == 200, body


@pytest.fixture
def database_url(tmp_path):
    yield from site_database(tmp_path)


def stop_all(site: Site) -> None:
    for process in site.processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@pytest.fixture
def site(database_url):
    site = Site(database_url)
    site.manage("migrate", "--noinput", "-v", "0")
    site.manage("load_demo_content")
    for role in ("admin", "author", "reviewer", "publisher"):
        site.tokens[role] = site.manage("create_api_token", role, "--expires-days", "1")
    yield site
    stop_all(site)


@pytest.fixture
def empty_site(database_url):
    site = Site(database_url)
    site.manage("migrate", "--noinput", "-v", "0")
    yield site
    stop_all(site)


def worker_pids(serve: subprocess.Popen) -> list[str]:
    """The task workers in `make run`'s process group."""
    found = subprocess.run(
        ["pgrep", "-g", str(serve.pid), "-f", "manage.py run_worker"], capture_output=True, text=True
    )
    return found.stdout.split()


def until(condition, seconds: float = 15):
    deadline = time.monotonic() + seconds
    while not (value := condition()):
        assert time.monotonic() < deadline, f"not within {seconds} s"
        time.sleep(0.1)
    return value


def test_make_run_delivers_webhooks_and_scheduled_go_lives_once(site, capsys):
    receiver = receivers.start()
    try:
        serve = site.start("scripts/serve.sh")
        wait_until_up(site.base)
        status, _, endpoint = site.call(
            "admin",
            "POST",
            "webhooks/",
            {"url": receiver.url, "events": ["article.published", "article.updated", "article.scheduled_live"]},
        )
        assert status == 201, endpoint

        site.transition("author", DRAFT, "submit")
        site.transition("reviewer", DRAFT, "approve", comment="Checked.")
        published_at = time.monotonic()
        site.transition("publisher", DRAFT, "publish")
        requests = receiver.wait_for(1, timeout=15)
        assert len(requests) == 1, "no delivery within 15 s"
        latency = requests[0].at - published_at
        payload = Webhook(endpoint["secret"]).verify(requests[0].body, requests[0].headers)
        assert (payload["type"], payload["data"]["slug"]) == ("article.published", DRAFT)
        assert latency < 5

        # A second worker, and a new version of a live article scheduled a few seconds ahead.
        site.start(sys.executable, "manage.py", "run_worker", "--interval", "0.2")
        status, headers, _ = site.call("author", "GET", f"articles/{LIVE}/")
        status, _, body = site.call(
            "author", "PATCH", f"articles/{LIVE}/", {"subtitle": "Causes, signs and treatment"}, headers["ETag"]
        )
        assert status == 200, body
        site.transition("author", LIVE, "submit")
        site.transition("reviewer", LIVE, "approve", comment="Checked again.")
        go_live = datetime.now(UTC) + timedelta(seconds=4)
        site.transition("publisher", LIVE, "publish", published_at=go_live.isoformat())
        # Both workers race for extra go-live tasks due at the same moment: still one announcement.
        for _ in range(4):
            site.manage(
                "shell",
                "-c",
                "import datetime; from publishing.tasks import publications_go_live as t; "
                f"t.using(run_after=datetime.datetime.fromisoformat('{go_live.isoformat()}')).enqueue()",
            )
        received = receiver.wait_for(2, timeout=20)
        assert len(received) == 2, "no scheduled_live delivery"
        scheduled = json.loads(received[1].body)
        assert (scheduled["type"], scheduled["data"]["slug"]) == ("article.scheduled_live", LIVE)
        time.sleep(3)  # any duplicate would have arrived by now
        assert [json.loads(request.body)["type"] for request in receiver.requests] == [
            "article.published",
            "article.scheduled_live",
        ]
        scheduled_latency = receiver.requests[1].at - published_at  # for the record below

        # Ctrl-C at the terminal: the whole foreground group gets SIGINT; server and worker both stop.
        os.killpg(serve.pid, signal.SIGINT)
        assert serve.wait(timeout=15) is not None
        time.sleep(0.5)
        with pytest.raises(OSError):
            urllib.request.urlopen(f"{site.base}/healthz", timeout=2)
        leftovers = subprocess.run(["pgrep", "-g", str(serve.pid)], capture_output=True, text=True).stdout.split()
        assert leftovers == []
        with capsys.disabled():
            print(
                f"\n[webhooks] publish → signed delivery received: {latency * 1000:.0f} ms; "
                f"scheduled go-live announced {scheduled_latency:.1f} s after the publish request (due at +4 s)"
            )
    finally:
        receivers.stop(receiver)


def test_make_run_starts_the_worker_again_when_it_dies_and_keeps_serving(empty_site, tmp_path):
    log = tmp_path / "serve.log"
    serve = empty_site.start("scripts/serve.sh", output=log)
    wait_until_up(empty_site.base)
    [first] = until(lambda: worker_pids(serve))

    os.kill(int(first), signal.SIGKILL)

    until(lambda: "the task worker stopped" in log.read_text())
    assert "serve.sh: the task worker stopped (exit status 137); starting it again in 1 s." in log.read_text()
    [second] = until(lambda: [pid for pid in worker_pids(serve) if pid != first])
    assert serve.poll() is None
    with urllib.request.urlopen(f"{empty_site.base}/healthz", timeout=5) as response:
        assert response.status == 200
    # The new worker polls: two fresh heartbeats, the killed worker's last one and its own.
    until(lambda: json.load(urllib.request.urlopen(f"{empty_site.base}/healthz", timeout=5))["worker"]["alive"] == 2)
    assert worker_pids(serve) == [second]


def test_make_run_stops_when_ctrl_c_reaches_the_worker_before_the_script(empty_site):
    # Ctrl-C signals the whole group; a worker that handles it and ends first must not be taken for one that
    # died (which would be started again, leaving make run running): it ends by SIGINT, and serve.sh stops.
    serve = empty_site.start("scripts/serve.sh")
    wait_until_up(empty_site.base)
    [worker] = until(lambda: worker_pids(serve))

    os.kill(int(worker), signal.SIGINT)

    assert serve.wait(timeout=15) == 130
    time.sleep(0.5)
    with pytest.raises(OSError):
        urllib.request.urlopen(f"{empty_site.base}/healthz", timeout=2)
