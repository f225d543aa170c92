"""`make loadtest`: public reads and management writes and publishes at once, over real HTTP, then a count.

Serves the API with gunicorn on loopback from a throwaway database holding the demo content (SQLite, or the
empty PostgreSQL database named by LOADTEST_DATABASE_URL), with production settings. For LOADTEST_SECONDS:
  readers     GET the public list, details, JSON-LD, FAQs, references, topics and contributors;
  writers     create articles through the management API and change them, each change with the If-Match
              it read (a 412 makes them read again and retry);
  a publisher takes each finished article through submit, approve (as the reviewer) and publish.
Then every acknowledged write is looked for: each created or changed article with the text and version the
server acknowledged, each published one in the public API with that text. Prints one JSON report; exits 1
if any response was a 5xx, any request failed, any answer was unexpected, or any acknowledged write is lost.
"""

import http.client
import json
import os
import queue
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = os.environ.get("PYTHON", sys.executable)
PORT = int(os.environ.get("LOADTEST_PORT", "8766"))
SECONDS = float(os.environ.get("LOADTEST_SECONDS", "60"))
READERS, WRITERS, CHANGES_PER_ARTICLE = 8, 3, 3
SHARED = "load-shared"  # every writer also changes this one, so that saves race and If-Match must refuse some
EXPECTED = {200, 201, 304, 412}  # 412: someone saved first (only writers race, and only with the publisher)


class Client:
    """One keep-alive connection per thread; every answer is counted."""

    def __init__(self, report: "Report", token: str | None = None):
        self.report, self.token = report, token
        self.connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)

    def call(self, method: str, path: str, body=None, headers=None, kind="read") -> tuple[int, dict, dict]:
        headers = dict(headers or {})
        if self.token:
            headers["Authorization"] = f"Token {self.token}"
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        started = time.perf_counter()
        try:
            self.connection.request(method, path, payload, headers)
            response = self.connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.connection.close()
            self.report.failure(f"{method} {path}: {error!r}")
            return 0, {}, {}
        self.report.answer(kind, response.status, time.perf_counter() - started, f"{method} {path}", content)
        data = json.loads(content) if content and response.getheader("Content-Type", "").endswith("json") else {}
        return response.status, data, dict(response.getheaders())


class Report:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses: dict[int, int] = {}
        self.seconds: dict[str, list[float]] = {"read": [], "write": []}
        self.problems: list[str] = []
        self.acknowledged: dict[str, dict] = {}  # slug -> the last acknowledged version and summary
        self.published: dict[str, str] = {}  # slug -> the summary that went live
        self.writes = 0  # acknowledged creates, changes and lifecycle steps

    def answer(self, kind: str, status: int, seconds: float, what: str, content: bytes) -> None:
        with self.lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1
            self.seconds[kind].append(seconds)
            if status not in EXPECTED:
                self.problems.append(f"{status} on {what}: {content[:200]!r}")

    def failure(self, message: str) -> None:
        with self.lock:
            self.problems.append(message)


def wait_for_server(deadline: float) -> None:
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", PORT)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit(f"The server did not start on 127.0.0.1:{PORT}.")


def manage(args: list[str], env: dict, **kwargs) -> str:
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True, **kwargs
    ).stdout.strip()


def reader(report: Report, slugs: list[str], stop: threading.Event) -> None:
    client = Client(report)
    paths = ["/api/v1/articles/", "/api/v1/faqs/", "/api/v1/references/", "/api/v1/topics/", "/api/v1/contributors/"]
    paths += [f"/api/v1/articles/{slug}/" for slug in slugs] + [f"/api/v1/articles/{slug}/jsonld/" for slug in slugs]
    while not stop.is_set():
        client.call("GET", random.choice(paths))


def writer(index: int, report: Report, token: str, finished: queue.Queue, stop: threading.Event) -> None:
    client, count = Client(report, token), 0
    while not stop.is_set():
        count += 1
        slug = f"load-{index}-{count}"
        body = {
            "slug": slug,
            "title": f"Load test article {index}-{count}",
            "summary": "Written under load.",
            "sections": [{"heading": "What it is", "body_markdown": "A paragraph."}],
        }
        status, data, _headers = client.call("POST", "/api/v1/manage/articles/", body, kind="write")
        if status != 201:
            continue
        acknowledge(report, slug, data)
        for change in range(CHANGES_PER_ARTICLE):
            change_summary(client, report, slug, f"Changed {change + 1} times under load.", stop)
        finished.put(slug)
        change_summary(client, report, SHARED, f"Writer {index} was here ({count}).", stop)


def change_summary(client: Client, report: Report, slug: str, summary: str, stop: threading.Event) -> None:
    """PATCH with the If-Match last read; after a 412, read again and retry."""
    _status, data, _headers = client.call("GET", f"/api/v1/manage/articles/{slug}/")
    while data and not stop.is_set():
        status, changed, _headers = client.call(
            "PATCH", f"/api/v1/manage/articles/{slug}/", {"summary": summary},
            {"If-Match": f'"{data["version"]}"'}, kind="write",
        )  # fmt: skip
        if status == 200:
            acknowledge(report, slug, changed)
            return
        if status != 412:
            return
        _status, data, _headers = client.call("GET", f"/api/v1/manage/articles/{slug}/")


def acknowledge(report: Report, slug: str, article: dict) -> None:
    """Keep the newest acknowledged state of each article (writers of the shared one race each other)."""
    with report.lock:
        report.writes += 1
        known = report.acknowledged.get(slug)
        if known is None or article["version"] > known["version"]:
            report.acknowledged[slug] = {"version": article["version"], "summary": article["summary"]}


def publisher(report: Report, tokens: dict, finished: queue.Queue, stop: threading.Event) -> None:
    clients = {role: Client(report, token) for role, token in tokens.items()}
    steps = [("author", "submit"), ("reviewer", "approve"), ("publisher", "publish")]
    while not stop.is_set():
        try:
            slug = finished.get(timeout=0.5)
        except queue.Empty:
            continue
        for role, action in steps:
            version = report.acknowledged[slug]["version"]
            step = {"action": action}
            if action == "approve":  # the reviewer reads the article and approves the document read
                _status, _data, read = clients[role].call("GET", f"/api/v1/manage/articles/{slug}/")
                step["document_fingerprint"] = next(
                    (value for name, value in read.items() if name.lower() == "document-fingerprint"), ""
                )
            status, data, _headers = clients[role].call(
                "POST", f"/api/v1/manage/articles/{slug}/transitions/", step,
                {"If-Match": f'"{version}"'}, kind="write",
            )  # fmt: skip
            if status != 200:
                break
            acknowledge(report, slug, data)
        else:
            with report.lock:
                report.published[slug] = report.acknowledged[slug]["summary"]


def lost_writes(report: Report, token: str) -> list[str]:
    """Every acknowledged write that the database no longer has, and every publish the public cannot see."""
    check = Report()
    client, public = Client(check, token), Client(check)
    lost = []
    for slug, acknowledged in report.acknowledged.items():
        status, stored, _headers = client.call("GET", f"/api/v1/manage/articles/{slug}/")
        if status != 200 or stored["version"] < acknowledged["version"] or stored["summary"] != acknowledged["summary"]:
            lost.append(f"{slug}: acknowledged {acknowledged}, stored {status} {stored.get('version')}")
    for slug, summary in report.published.items():
        status, live, _headers = public.call("GET", f"/api/v1/articles/{slug}/")
        if status != 200 or live.get("summary") != summary:
            lost.append(f"{slug}: published with “{summary}”, public API {status} {live.get('summary')!r}")
    return lost + check.problems


def percentile(values: list[float], share: float) -> float:
    return round(statistics.quantiles(values, n=100)[int(share * 100) - 1] * 1000, 1) if len(values) > 1 else 0.0


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="cms-load-"))
    database = os.environ.get("LOADTEST_DATABASE_URL") or f"sqlite:///{work / 'load.sqlite3'}"
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DATABASE_URL": database,
        "MANAGE_API_RATE_PER_TOKEN": "1000000/min",
    }
    manage(["migrate", "--noinput"], env)
    manage(["load_demo_content"], {**env, "DJANGO_DEBUG": "1"})  # debug only for the demo users
    tokens = {role: manage(["create_api_token", role, "--expires-days", "1"], env) for role in
              ("author", "reviewer", "publisher", "admin")}  # fmt: skip
    server = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "config.wsgi", "-b", f"127.0.0.1:{PORT}", "-w", "3",
         "--access-logfile", "/dev/null", "--error-logfile", str(work / "server.log")],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for_server(time.monotonic() + 30)
        report = Report()
        _status, listing, _headers = Client(report).call("GET", "/api/v1/articles/")
        slugs = [item["slug"] for item in listing["results"]]
        shared = {"slug": SHARED, "title": "Shared by every writer", "summary": "Not changed yet."}
        status, data, _headers = Client(report, tokens["author"]).call("POST", "/api/v1/manage/articles/", shared)
        assert status == 201, data
        acknowledge(report, SHARED, data)
        stop, finished = threading.Event(), queue.Queue()
        threads = [threading.Thread(target=reader, args=(report, slugs, stop)) for _ in range(READERS)]
        threads += [
            threading.Thread(target=writer, args=(index, report, tokens["author"], finished, stop))
            for index in range(WRITERS)
        ]
        threads.append(threading.Thread(target=publisher, args=(report, tokens, finished, stop)))
        started = time.monotonic()
        for thread in threads:
            thread.start()
        time.sleep(SECONDS)
        stop.set()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        lost = lost_writes(report, tokens["admin"])
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    requests = sum(report.statuses.values())
    result = {
        "database": database.split(":", 1)[0],
        "seconds": round(elapsed, 1),
        "requests": requests,
        "requests_per_second": round(requests / elapsed, 1),
        "statuses": {str(status): count for status, count in sorted(report.statuses.items())},
        "server_errors": sum(count for status, count in report.statuses.items() if status >= 500),
        "writes_acknowledged": report.writes,
        "articles_written": len(report.acknowledged),
        "articles_published": len(report.published),
        "read_ms_p50_p95": [percentile(report.seconds["read"], 0.5), percentile(report.seconds["read"], 0.95)],
        "write_ms_p50_p95": [percentile(report.seconds["write"], 0.5), percentile(report.seconds["write"], 0.95)],
        "problems": report.problems[:20],
        "lost_writes": len(lost),
        "lost": lost[:20],
    }
    print(json.dumps(result, indent=2))
    healthy = not report.problems and not lost and result["server_errors"] == 0 and report.published
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main())
