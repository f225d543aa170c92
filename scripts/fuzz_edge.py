"""`make fuzz-edge`: the hostile requests of issue 21, sent over real HTTP to gunicorn with production settings.

Each case is a request a client nobody here wrote can send: Markdown built to make a renderer backtrack, bodies
streamed chunked, bodies over the limit, JSON nested ten thousand deep, a rotating X-Forwarded-For, an address
longer than the server takes. Each must get a fast, specific answer (a JSON 4xx naming what is wrong, or the
change done correctly) and no worker may die. Prints one JSON report (status and seconds per case) and exits 1
if any case fails. FUZZ_EDGE_PORT picks the port (default 8767); FUZZ_EDGE_SECONDS the time each case may take.
"""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = os.environ.get("PYTHON", sys.executable)
GUNICORN = str(Path(PYTHON).parent / "gunicorn")
PORT = int(os.environ.get("FUZZ_EDGE_PORT", "8767"))
FAST = float(os.environ.get("FUZZ_EDGE_SECONDS", "2"))  # generous: a 2-core CI machine running nothing else
ARTICLES = "/api/v1/manage/articles/"


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float

    def json(self) -> object:
        return json.loads(self.body)

    @property
    def is_json(self) -> bool:
        return self.headers.get("content-type", "").startswith("application/json")


@dataclass
class Outcome:
    name: str
    answers: list[Answer] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def expect(self, condition: bool, problem: str) -> None:
        if not condition:
            self.problems.append(problem)


def send(
    method: str, path: str, body: bytes | Iterator[bytes] | None = None, headers: dict[str, str] | None = None
) -> Answer:
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    started = time.perf_counter()
    try:
        connection.request(
            method, path, body, headers or {}, encode_chunked=body is not None and not isinstance(body, bytes)
        )
        response = connection.getresponse()
        content = response.read()
    finally:
        connection.close()
    seconds = time.perf_counter() - started
    return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, content, seconds)


def send_raw(request: bytes) -> Answer:
    """For framing http.client will not write (a Content-Length that is not a number)."""
    started = time.perf_counter()
    with socket.create_connection(("127.0.0.1", PORT), timeout=60) as connection:
        connection.sendall(request)
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
    head, _, content = received.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return Answer(int(lines[0].split()[1]), headers, content, time.perf_counter() - started)


class Api:
    def __init__(self, token: str):
        self.auth = {"Authorization": f"Token {token}", "Content-Type": "application/json"}

    def create(self, slug: str, body_markdown: str) -> Answer:
        article = {
            "slug": slug,
            "title": f"Edge case {slug}",
            "summary": "Sent by make fuzz-edge.",
            "sections": [{"heading": "Hostile text", "body_markdown": body_markdown}],
        }
        return send("POST", ARTICLES, json.dumps(article).encode(), self.auth)

    def read(self, slug: str) -> Answer:
        return send("GET", f"{ARTICLES}{slug}/", None, self.auth)


def hostile_markdown(api: Api, name: str, text: str) -> Outcome:
    """Refused with a field error, or saved and read back, each in time; never a dead worker."""
    outcome = Outcome(name)
    created = api.create(name, text)
    outcome.answers.append(created)
    outcome.expect(created.status in (201, 400), f"create: {created.status} {created.body[:200]!r}")
    outcome.expect(created.seconds < FAST, f"create took {created.seconds:.2f} s")
    if created.status == 400:
        outcome.expect(b"sections" in created.body, f"the refusal names no field: {created.body[:200]!r}")
    if created.status == 201:
        read = api.read(name)
        outcome.answers.append(read)
        outcome.expect(read.status == 200 and read.seconds < FAST, f"read back: {read.status} in {read.seconds:.2f} s")
    return outcome


def chunks(data: bytes, size: int = 65536) -> Iterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


def chunked_patch(api: Api) -> Outcome:
    outcome = Outcome("chunked-patch-is-applied")
    created = api.create("edge-chunked", "Plain text.")
    version = created.json()["version"] if created.status == 201 else 0
    patch = json.dumps({"summary": "Streamed in chunks."}).encode()
    changed = send("PATCH", f"{ARTICLES}edge-chunked/", chunks(patch, 7), {**api.auth, "If-Match": f'"{version}"'})
    read = api.read("edge-chunked")
    outcome.answers += [created, changed, read]
    outcome.expect(changed.status == 200, f"PATCH: {changed.status} {changed.body[:200]!r}")
    outcome.expect(read.status == 200 and read.json().get("summary") == "Streamed in chunks.", "the change was lost")
    return outcome


def oversize(api: Api, name: str, body: bytes | Iterator[bytes]) -> Outcome:
    outcome = Outcome(name)
    answer = send("POST", ARTICLES, body, api.auth)
    outcome.answers.append(answer)
    outcome.expect(answer.status == 413 and answer.is_json, f"{answer.status} {answer.headers.get('content-type')}")
    outcome.expect(answer.seconds < FAST, f"took {answer.seconds:.2f} s")
    return outcome


def deep_json(api: Api) -> Outcome:
    outcome = Outcome("json-nested-10000-deep")
    answer = send("POST", ARTICLES, b"[" * 10_000 + b"]" * 10_000, api.auth)
    outcome.answers.append(answer)
    outcome.expect(answer.status == 400 and answer.is_json, f"{answer.status} {answer.body[:200]!r}")
    outcome.expect(b"nest" in answer.body, f"the error names no nesting limit: {answer.body[:200]!r}")
    return outcome


def rotating_forwarded_for() -> Outcome:
    """Bad tokens from one client that claims a new address each time: throttled (30/min anonymous) all the same."""
    outcome = Outcome("rotating-x-forwarded-for-is-throttled")
    for index in range(40):
        outcome.answers.append(
            send("GET", ARTICLES, None, {"Authorization": "Token guessed", "X-Forwarded-For": f"203.0.113.{index}"})
        )
    statuses = [answer.status for answer in outcome.answers]
    outcome.expect(429 in statuses, f"never throttled: {sorted(set(statuses))}")
    outcome.expect(set(statuses) <= {401, 429}, f"unexpected statuses: {sorted(set(statuses))}")
    return outcome


def long_address() -> Outcome:
    """Over the application's limit and under gunicorn's: the contract's JSON error."""
    outcome = Outcome("long-address-is-json")
    answer = send("GET", "/api/v1/articles/?search=" + "a" * 6000)
    outcome.answers.append(answer)
    outcome.expect(answer.status == 414 and answer.is_json, f"{answer.status} {answer.headers.get('content-type')}")
    return outcome


def content_length_not_a_number(api: Api) -> Outcome:
    outcome = Outcome("content-length-not-a-number")
    answer = send_raw(
        f"POST {ARTICLES} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {api.auth['Authorization']}\r\n"
        "Content-Type: application/json\r\nContent-Length: 12abc\r\nConnection: close\r\n\r\n{}".encode()
    )
    outcome.answers.append(answer)
    outcome.expect(400 <= answer.status < 500, f"{answer.status} {answer.body[:200]!r}")
    return outcome


def cases(api: Api) -> dict[str, Callable[[], Outcome]]:
    pairs = 1_000_000  # '[' x n then ']' x n: 2 MB, just under the 2 MiB body limit once in JSON
    links = "".join(f"[a](https://example.org/{n}) " for n in range(10_000))
    too_big = b'{"title": "' + b"a" * 3_000_000 + b'"}'
    return {
        "edge-brackets-2mb": lambda: hostile_markdown(api, "edge-brackets-2mb", "[" * pairs + "]" * pairs),
        "edge-brackets-100k": lambda: hostile_markdown(api, "edge-brackets-100k", "[" * 100_000 + "]" * 100_000),
        "edge-emphasis-runs": lambda: hostile_markdown(api, "edge-emphasis-runs", "**a " * 20_000),
        "edge-links": lambda: hostile_markdown(api, "edge-links", links),
        "edge-blockquotes": lambda: hostile_markdown(api, "edge-blockquotes", ">" * 200_000 + " deep"),
        "edge-lists": lambda: hostile_markdown(api, "edge-lists", "".join("  " * d + "- a\n" for d in range(1_000))),
        "chunked-patch-is-applied": lambda: chunked_patch(api),
        "chunked-3mb-is-413": lambda: oversize(api, "chunked-3mb-is-413", chunks(too_big)),
        "content-length-3mb-is-413": lambda: oversize(api, "content-length-3mb-is-413", too_big),
        "json-nested-10000-deep": lambda: deep_json(api),
        "rotating-x-forwarded-for-is-throttled": rotating_forwarded_for,
        "long-address-is-json": long_address,
        "content-length-not-a-number": lambda: content_length_not_a_number(api),
    }


def attempt(name: str, case: Callable[[], Outcome]) -> Outcome:
    """A case whose connection broke (a worker killed mid-request) is a failure, not the end of the run."""
    try:
        return case()
    except (OSError, http.client.HTTPException) as error:
        return Outcome(name, problems=[f"the connection failed: {error!r}"])


def run() -> int:
    work = Path(tempfile.mkdtemp(prefix="cms-fuzz-edge."))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "fuzz-edge-" + os.urandom(24).hex(),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DATABASE_URL": f"sqlite:///{work / 'edge.sqlite3'}",
    }
    env.pop("REDIS_URL", None)

    def manage(*args: str) -> str:
        return subprocess.run(
            [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
        ).stdout.strip()

    manage("migrate", "--noinput", "-v", "0")
    subprocess.run(
        [PYTHON, "manage.py", "load_demo_content"],
        cwd=ROOT,
        env={**env, "DJANGO_DEBUG": "1"},
        check=True,
        capture_output=True,
    )
    token = manage("create_api_token", "admin", "--expires-days", "1")
    log = work / "server.log"
    # The shipped gunicorn settings (gunicorn.conf.py, read from the working directory), 2 workers, a 30-s timeout.
    server = subprocess.Popen(
        [GUNICORN, "config.wsgi", "-b", f"127.0.0.1:{PORT}", "-w", "2", "--timeout", "30", "--error-logfile", str(log)],
        cwd=ROOT,
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if send("GET", "/healthz").status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit(f"gunicorn did not start on 127.0.0.1:{PORT}")
        outcomes = [attempt(name, case) for name, case in cases(Api(token)).items()]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    killed = [line for line in log.read_text().splitlines() if "WORKER TIMEOUT" in line or "SIGKILL" in line]
    report = {
        "cases": [
            {
                "case": outcome.name,
                "statuses": [a.status for a in outcome.answers],
                "seconds": [round(a.seconds, 3) for a in outcome.answers],
                "problems": outcome.problems,
            }
            for outcome in outcomes
        ],
        "worker_timeouts": killed,
    }
    print(json.dumps(report, indent=2))
    failed = [outcome.name for outcome in outcomes if outcome.problems]
    if failed or killed:
        print(
            f"make fuzz-edge: {len(failed)} case(s) failed: {', '.join(failed)}; worker timeouts: {len(killed)}",
            file=sys.stderr,
        )
        return 1
    print(f"make fuzz-edge: all {len(outcomes)} cases answered fast and correctly; no worker died.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(run())
