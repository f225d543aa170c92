"""`make bench`: the public read path under load over real HTTP, beside a bare Django view, at 1k and 100k articles.

For each database (SQLite, and PostgreSQL started on loopback as in CI) and each size, the script
generates the content once (`generate_bench_content`; kept in benchmarks/.data between runs), serves it
with gunicorn and the production settings plus a bare JSON view (config/settings_bench.py), and drives
each route with wrk in interleaved rounds. Every figure is also given as a ratio to the bare view of the
same round, because absolute numbers drift on a shared machine. The tables go to benchmarks/RESULTS.md.

    BENCH_SIZES=1000,100000 BENCH_DATABASES=sqlite,postgresql BENCH_SECONDS=6 BENCH_ROUNDS=3 make bench

Not part of `make test`: it measures, it does not check.
"""

import datetime
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from glob import glob
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / ".data"
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
PYTHON = os.environ.get("PYTHON", sys.executable)
BIN = Path(PYTHON).parent
PORT = int(os.environ.get("BENCH_PORT", "8790"))
PG_PORT = int(os.environ.get("BENCH_PG_PORT", "55440"))
GENERATOR = "2"  # bump when generate_bench_content changes what it makes: the kept databases are made again
ROUTES = ["bare", "detail", "detail 304", "list page 1", "deep page", "search", "topic"]
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
COLD_REQUESTS = int(os.environ.get("BENCH_COLD_REQUESTS", "15"))
REDIS_PORT = int(os.environ.get("BENCH_REDIS_PORT", "56379"))


@dataclass
class Sample:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int


@dataclass
class Run:
    database: str
    size: int
    samples: dict[str, list[Sample]] = field(default_factory=dict)
    ratios: dict[str, list[float]] = field(default_factory=dict)
    peak_worker_mib: float = 0.0
    new_page_misses: int = 0
    uncached_ms: dict[str, float] = field(default_factory=dict)


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
    }
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def prepare(database: str, size: int, postgres: Postgres | None) -> str:
    """The database URL holding `size` benchmark articles, generating them unless a kept copy matches."""
    marker = DATA / f"{database}-{size}.ready"
    url = f"sqlite:///{DATA / f'bench-{size}.sqlite3'}" if database == "sqlite" else postgres.url(f"bench_{size}")
    if marker.exists() and marker.read_text() == GENERATOR:
        subprocess.run(
            [PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=server_env(url), check=True
        )
        return url
    say(f"Generating {size} articles on {database} (kept in {DATA} for the next run)")
    if database == "sqlite":
        for path in DATA.glob(f"bench-{size}.sqlite3*"):
            path.unlink()
    else:
        postgres.create(f"bench_{size}")
    env = server_env(url)
    started = time.monotonic()
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [PYTHON, "manage.py", "generate_bench_content", "--articles", str(size)], cwd=ROOT, env=env, check=True
    )
    say(f"Generated in {time.monotonic() - started:.0f} s")
    marker.write_text(GENERATOR)
    return url


def get(path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def routes(size: int) -> dict[str, tuple[str, dict]]:
    slug = f"bench-{size // 2}"
    status, headers, _ = get(f"/api/v1/articles/{slug}/")
    assert status == 200, f"the detail of {slug} answered {status}"
    deep = max(1, size // 20 // 2)
    paths = {
        "bare": ("/bench/bare/", {}),
        "detail": (f"/api/v1/articles/{slug}/", {}),
        "detail 304": (f"/api/v1/articles/{slug}/", {"If-None-Match": headers["ETag"]}),
        "list page 1": ("/api/v1/articles/", {}),
        "deep page": (f"/api/v1/articles/?page={deep}", {}),
        "search": ("/api/v1/articles/?search=calcium", {}),
        "topic": ("/api/v1/articles/?topic=calcium-health", {}),
    }
    for name, (path, extra) in paths.items():
        status, _, body = get(path, extra)
        assert status in (200, 304), f"{name} ({path}) answered {status}: {body[:200]!r}"
        if name in ("search", "topic"):
            assert json.loads(body)["count"] > 0, f"{name} found nothing: the figure would measure an empty list"
    return paths


def wrk(binary: str, path: str, headers: dict, seconds: int) -> Sample:
    command = [binary, "-t2", f"-c{os.environ.get('BENCH_CONNECTIONS', '32')}", f"-d{seconds}s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, f"http://127.0.0.1:{PORT}{path}"], capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # 0 when no request finished in time

    def percentile(p: str) -> float:
        value, unit = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
        return float(value) * UNITS[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    timeouts = re.search(r"timeout (\d+)", output)
    return Sample(
        rps,
        percentile("50"),
        percentile("99"),
        int(errors.group(1) if errors else 0) + int(timeouts.group(1) if timeouts else 0),
    )


def drain() -> None:
    """Wait until the server is idle: requests wrk left in flight on a slow route would be served during the
    next route's run and starve it."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        started = time.monotonic()
        get("/bench/bare/")
        if time.monotonic() - started < 0.05:
            return
        time.sleep(0.5)


def worker_peak_mib(master: int) -> float:
    """The largest peak resident memory (VmHWM) among the gunicorn workers."""
    peaks = []
    for status in glob("/proc/[0-9]*/status"):
        text = Path(status).read_text()
        if re.search(rf"^PPid:\s+{master}$", text, re.M):
            peaks.append(int(re.search(r"^VmHWM:\s+(\d+) kB", text, re.M).group(1)) / 1024)
    return max(peaks, default=0.0)


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


def misses_of_a_new_page(size: int) -> int:
    """After one request for a page nobody asked for yet, how many of 40 concurrent requests for it were cache
    misses: 0 when the workers share one cache (Redis), 1 with local memory (the other worker's first)."""
    path = f"/api/v1/articles/?page={max(1, size // 40)}&page_size=7"
    assert get(path)[1].get("X-Cache") == "miss", "the first request for a new page was not a miss"
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: get(path), range(40)))
    assert all(status == 200 for status, _, _ in answers), "the page did not answer 200"
    return sum(headers.get("X-Cache") == "miss" for _, headers, _ in answers)


def measure(database: str, size: int, url: str, binary: str, seconds: int, rounds: int, redis_url: str) -> Run:
    run = Run(database, size)
    with serving(url, redis_url) as master:
        paths = routes(size)
        for path, headers in paths.values():
            wrk(binary, path, headers, 1)  # warm both workers' caches and connections
            drain()
        for number in range(rounds):
            say(f"{database}, {size} articles: round {number + 1} of {rounds}")
            this_round = {}
            for name, (path, headers) in paths.items():
                this_round[name] = wrk(binary, path, headers, seconds)
                drain()
            for name, sample in this_round.items():
                run.samples.setdefault(name, []).append(sample)
                run.ratios.setdefault(name, []).append(sample.rps / max(this_round["bare"].rps, 0.01))
        run.peak_worker_mib = worker_peak_mib(master)
        run.new_page_misses = misses_of_a_new_page(size)
    with serving(url, redis_url, cache="off"):
        say(f"{database}, {size} articles: one request at a time, public cache off")
        for name, (path, headers) in routes(size).items():
            timings = []
            for _ in range(COLD_REQUESTS):
                started = time.perf_counter()
                get(path, headers)
                timings.append((time.perf_counter() - started) * 1000)
            run.uncached_ms[name] = statistics.median(timings)
    return run


def table(run: Run) -> list[str]:
    lines = [
        f"### {run.database}, {run.size:,} articles",
        "",
        f"Peak worker memory: {run.peak_worker_mib:.0f} MiB. Cache misses among 40 concurrent requests for a page "
        f"after its first request: {run.new_page_misses}.",
        "",
        "| route | req/s | of bare view | p50 ms | p99 ms | errors | uncached, alone: ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name in ROUTES:
        samples = run.samples[name]
        rps, ratio = statistics.median(s.rps for s in samples), statistics.median(run.ratios[name])
        p50, p99 = statistics.median(s.p50_ms for s in samples), statistics.median(s.p99_ms for s in samples)
        lines.append(
            f"| {name} | {rps:,.0f} | {ratio:.0%} | {p50:.1f} | {p99:.1f} | {sum(s.errors for s in samples)} "
            f"| {run.uncached_ms[name]:.1f} |"
        )
    return [*lines, ""]


def growth(runs: list[Run]) -> list[str]:
    """Each route at the largest size against the smallest, per configuration (the target: within 2x)."""
    lines = []
    for database in dict.fromkeys(run.database for run in runs):
        mine = sorted((run for run in runs if run.database == database), key=lambda run: run.size)
        if len(mine) < 2:
            continue
        small, large = mine[0], mine[-1]
        lines += [
            f"### Growth on {database}: {large.size:,} against {small.size:,} articles",
            "",
            "| route | req/s small | req/s large | slowdown | uncached ms small | uncached ms large | slowdown |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for name in ROUTES[1:]:
            a = statistics.median(s.rps for s in small.samples[name])
            b = statistics.median(s.rps for s in large.samples[name])
            c, d = small.uncached_ms[name], large.uncached_ms[name]
            lines.append(f"| {name} | {a:,.0f} | {b:,.0f} | {a / b:.1f}x | {c:.1f} | {d:.1f} | {d / c:.1f}x |")
        lines.append("")
    return lines


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


def main() -> None:
    sizes = [int(size) for size in os.environ.get("BENCH_SIZES", "1000,100000").split(",")]
    # A configuration is a database, with "+redis" for the shared cache: sqlite, postgresql, postgresql+redis.
    configurations = os.environ.get("BENCH_DATABASES", "sqlite,postgresql,postgresql+redis").split(",")
    seconds, rounds = int(os.environ.get("BENCH_SECONDS", "6")), int(os.environ.get("BENCH_ROUNDS", "3"))
    binary = debian_tool("wrk", "wrk")
    DATA.mkdir(parents=True, exist_ok=True)
    postgres = Postgres() if any(c.startswith("postgresql") for c in configurations) else None
    redis = Redis() if any(c.endswith("+redis") for c in configurations) else None
    runs = []
    try:
        if postgres:
            postgres.start()
        redis_url = redis.start() if redis else ""
        for configuration in configurations:
            database = configuration.removesuffix("+redis")
            for size in sizes:
                url = prepare(database, size, postgres)
                shared = redis_url if configuration.endswith("+redis") else ""
                runs.append(measure(configuration, size, url, binary, seconds, rounds, shared))
                print("\n".join(table(runs[-1])), flush=True)
    finally:
        if postgres:
            postgres.stop()
        if redis:
            redis.stop()
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())  # fmt: skip
    report = [
        "# Benchmark results",
        "",
        f"`make bench` on {datetime.date.today():%Y-%m-%d}: {os.cpu_count()} cores ({cpu}), Python "
        f"{platform.python_version()}, gunicorn with 2 sync workers and the production settings, "
        f"`wrk -t2 -c{os.environ.get('BENCH_CONNECTIONS', '32')}`, {rounds} interleaved rounds of {seconds} s per "
        "route, medians. \"Of bare view\" is the route's requests/s over a bare Django JSON view's in the same round. "
        "Under load, repeated requests are answered by the public response cache (publishing/api/cache.py); "
        f'"uncached, alone" is the median of {COLD_REQUESTS} requests sent one at a time to the same server with that '
        "cache off: the database path a cache miss takes.",
        "",
        *[line for run in runs for line in table(run)],
        *growth(runs),
    ]
    RESULTS.write_text("\n".join(report))
    say(f"Written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
