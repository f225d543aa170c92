"""The processes a `make bench` run starts and stops: PostgreSQL and Redis on loopback (Debian's binaries), the
content databases it keeps, and gunicorn serving the production settings (scripts/bench.py measures them)."""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from glob import glob
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from demo import bench_words as bench_words  # noqa: E402 (from ROOT): the words and topics of the generated content

DATA = ROOT / "benchmarks" / ".data"
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
PYTHON = os.environ.get("PYTHON", sys.executable)
BIN = Path(PYTHON).parent
PORT = int(os.environ.get("BENCH_PORT", "8790"))
PG_PORT = int(os.environ.get("BENCH_PG_PORT", "55440"))
GENERATOR = "5"  # bump when generate_bench_content changes what it makes: the kept databases are made again
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
COLD_REQUESTS = int(os.environ.get("BENCH_COLD_REQUESTS", "15"))
REDIS_PORT = int(os.environ.get("BENCH_REDIS_PORT", "56379"))


def get(path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def say(message: str) -> None:
    print(f"== {message}", flush=True)


def debian_tool(command: str, package: str) -> str:
    """The path of `command`, installing Debian's `package` when it is missing (as root)."""
    found = shutil.which(command)
    if found:
        return found
    if os.geteuid() != 0:
        sys.exit(
            f"{command} is not installed: `apt-get install {package}` (Debian's package), then run make bench again."
        )
    say(f"Installing Debian's {package}")
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", package],
        check=True,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
    )
    return shutil.which(command) or sys.exit(f"{command} did not install.")


class Postgres:
    """A throwaway cluster on loopback, kept in benchmarks/.data/pg so that generated databases survive runs."""

    def __init__(self):
        self.dir = DATA / "pg"
        self.bin = Path(sorted(glob("/usr/lib/postgresql/*/bin"))[-1]) if glob("/usr/lib/postgresql/*/bin") else None

    def _as_pg(self, *args: str, **kwargs):
        command = [str(self.bin / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)

    def start(self) -> None:
        if self.bin is None:
            sys.exit("PostgreSQL's binaries are not installed (apt-get install postgresql).")
        self.dir.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
        if not (self.dir / "data").exists():
            self._as_pg("initdb", "-D", str(self.dir / "data"), "-U", "postgres", "-A", "trust", "--no-sync")
        self._as_pg(
            "pg_ctl", "-D", str(self.dir / "data"), "-l", str(self.dir / "server.log"), "-w", "-o",
            f"-p {PG_PORT} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off",
            "start",
        )  # fmt: skip

    def stop(self) -> None:
        self._as_pg("pg_ctl", "-D", str(self.dir / "data"), "-m", "fast", "stop")

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{PG_PORT}/{name}"

    def query(self, sql: str) -> str:
        answer = self._as_pg("psql", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "-At", "-c", sql)
        return answer.stdout.strip()

    def create(self, name: str) -> None:
        self._as_pg("dropdb", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "--if-exists", name)
        self._as_pg("createdb", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", name)


def server_env(database_url: str, redis_url: str = "", cache: str = "on") -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_bench",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-only-not-a-secret",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DATABASE_URL": database_url,
        "BENCH_PUBLIC_CACHE": cache,
        "MANAGE_API_RATE_PER_TOKEN": "100000/min",  # the publisher of a workload is an editor, not an abuser
    }
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def prepare(database: str, size: int, postgres: Postgres | None) -> str:
    """The database URL holding `size` benchmark articles, generating them unless a kept copy matches, and
    continuing a generation of the same version that stopped (the command resumes where it was)."""
    marker = DATA / f"{database}-{size}.ready"
    url = f"sqlite:///{DATA / f'bench-{size}.sqlite3'}" if database == "sqlite" else postgres.url(f"bench_{size}")
    state = marker.read_text() if marker.exists() else ""
    env = server_env(url)
    if state == GENERATOR:
        subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
        return url
    if state != f"{GENERATOR} started":
        if database == "sqlite":
            for path in DATA.glob(f"bench-{size}.sqlite3*"):
                path.unlink()
        else:
            postgres.create(f"bench_{size}")
        marker.write_text(f"{GENERATOR} started")
    say(f"Generating {size} articles on {database} (kept in {DATA} for the next run)")
    started = time.monotonic()
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [PYTHON, "manage.py", "generate_bench_content", "--articles", str(size)], cwd=ROOT, env=env, check=True
    )
    say(f"Generated in {time.monotonic() - started:.0f} s")
    marker.write_text(GENERATOR)
    return url


def drain() -> None:
    """Wait until the server is idle: requests wrk left in flight on a slow route would be served during the
    next route's run and starve it."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        started = time.monotonic()
        try:
            get("/bench/bare/")
        except TimeoutError:  # the workers are still on a backlog of slow requests: not idle yet
            continue
        if time.monotonic() - started < 0.05:
            return
        time.sleep(0.5)


def worker_pids(master: int) -> list[int]:
    pids = []
    for status in glob("/proc/[0-9]*/status"):
        try:
            if re.search(rf"^PPid:\s+{master}$", Path(status).read_text(), re.M):
                pids.append(int(Path(status).parent.name))
        except OSError:  # a process that ended meanwhile
            continue
    return pids


def worker_mib(master: int, field: str) -> float:
    """The largest of one /proc status field (VmHWM: peak resident memory, VmRSS: now) among the gunicorn workers."""
    values = []
    for pid in worker_pids(master):
        try:
            text = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        values.append(int(re.search(rf"^{field}:\s+(\d+) kB", text, re.M).group(1)) / 1024)
    return max(values, default=0.0)


def worker_peak_mib(master: int) -> float:
    return worker_mib(master, "VmHWM")


@contextmanager
def resident_peak(master: int):
    """The workers' largest resident memory while the block runs, sampled every 0.2 s (VmHWM is since they started,
    so it cannot tell one workload from the one before): a list holding it once the block ends."""
    peak, stop = [0.0], threading.Event()

    def sample() -> None:
        while not stop.wait(0.2):
            peak[0] = max(peak[0], worker_mib(master, "VmRSS"))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield peak
    finally:
        stop.set()
        sampler.join()


def api_tokens(database_url: str) -> dict[str, str]:
    """Management API tokens of the demo's author, reviewer and publisher (the demo users are made in debug mode
    only: they have a published password), for the publisher of the mixed-publishing workload."""
    env = {**server_env(database_url), "DJANGO_DEBUG": "1"}
    subprocess.run([PYTHON, "manage.py", "load_demo_content", "--people-only"], cwd=ROOT, env=env, check=True,
                   capture_output=True)  # fmt: skip
    return {
        role: subprocess.run(
            [PYTHON, "manage.py", "create_api_token", role, "--expires-days", "1"],
            cwd=ROOT, env=server_env(database_url), check=True, capture_output=True, text=True,
        ).stdout.strip()
        for role in ("author", "reviewer", "publisher")
    }  # fmt: skip


def database_bytes(database: str, size: int, postgres: "Postgres | None") -> int:
    if database == "sqlite":
        return sum(path.stat().st_size for path in DATA.glob(f"bench-{size}.sqlite3*"))
    return int(postgres.query(f"SELECT pg_database_size('bench_{size}')"))


@contextmanager
def serving(url: str, redis_url: str = "", cache: str = "on"):
    """gunicorn with 2 sync workers on loopback, as production runs it; the process id of its master."""
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", PORT)) == 0:
            sys.exit(f"Something already listens on 127.0.0.1:{PORT}: stop it or set BENCH_PORT.")
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "config.wsgi", "-b", f"127.0.0.1:{PORT}", "-w", "2", "--access-logfile", "/dev/null",
         "--error-logfile", str(DATA / "server.log")],
        cwd=ROOT, env=server_env(url, redis_url, cache),
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                if get("/healthz")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        yield server.pid
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


class Redis:
    """Debian's redis-server on loopback, for the configurations named `…+redis`."""

    def start(self) -> str:
        binary = shutil.which("redis-server") or sys.exit(
            "redis-server is not installed (apt-get install redis-server)."
        )
        self.process = subprocess.Popen(
            [binary, "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(50):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", REDIS_PORT)) == 0:
                    return f"redis://127.0.0.1:{REDIS_PORT}/0"
            time.sleep(0.1)
        sys.exit("redis-server did not start.")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
