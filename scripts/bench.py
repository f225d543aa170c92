"""`make bench`: the public read path under load over real HTTP, beside a bare Django view, at 1k and 100k articles.

For each database (SQLite, and PostgreSQL started on loopback as in CI) and each size, the script
generates the content once (`generate_bench_content`; kept in benchmarks/.data between runs), serves it
with gunicorn and the production settings plus a bare JSON view (config/settings_bench.py), and drives
each route, then each workload of what users send (scripts/bench_workloads.py: a long tail of details, a
mix of details, lists and JSON-LD, that mix while an article is published every 2 s, and that mix read in two
languages: every third article also has a Spanish edition), with wrk in
interleaved rounds. Every figure is also given as a ratio to the bare view of the same round, because
absolute numbers drift on a shared machine. The tables go to benchmarks/RESULTS.md.

    BENCH_SIZES=1000,100000 BENCH_DATABASES=sqlite,postgresql BENCH_SECONDS=6 BENCH_ROUNDS=3 \
    BENCH_WORKLOADS=routes,search-routes,long-tail,mixed,mixed-publishing,mixed-languages,searches make bench

`search-routes` and `searches` are search's own (scripts/bench_search.py): one URL per kind of search and suggestion,
and what readers type. `make bench-search` runs only those and writes benchmarks/RESULTS-search.md (BENCH_RESULTS).

Not part of `make test`: it measures, it does not check.
"""

import datetime
import json
import os
import platform
import random
import re
import statistics
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from bench_search import SEARCH_ROUTES
from bench_services import (
    COLD_REQUESTS,
    DATA,
    PORT,
    RESULTS,
    ROOT,
    UNITS,
    Postgres,
    Redis,
    api_tokens,
    database_bytes,
    debian_tool,
    drain,
    get,
    prepare,
    resident_peak,
    say,
    serving,
    worker_peak_mib,
)
from bench_workloads import PATHS_OF, WORKLOADS, Publisher, Publishing, publishing_summary

LUA = ROOT / "scripts" / "bench_workload.lua"
ROUTE_SETS = ["routes", "search-routes"]


@dataclass
class Sample:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    hits: int = 0  # X-Cache answers, counted by the workloads' Lua script
    misses: int = 0
    peak_mib: float = 0.0  # the workers' largest resident memory during a workload
    publishing: Publishing | None = None  # what the publisher of mixed-publishing did meanwhile


@dataclass
class Run:
    database: str
    size: int
    samples: dict[str, list[Sample]] = field(default_factory=dict)
    ratios: dict[str, list[float]] = field(default_factory=dict)
    peak_worker_mib: float = 0.0
    new_page_misses: int = 0
    uncached_ms: dict[str, float] = field(default_factory=dict)
    publishing: list[Publishing] = field(default_factory=list)
    stored_bytes: int = 0
    articles: int = 0
    detail_bytes: int = 0


def routes(size: int, chosen: list[str]) -> dict[str, tuple[str, dict]]:
    """The bare view and one hot URL per route of the chosen route sets, each checked to answer as it should."""
    paths = {"bare": ("/bench/bare/", {})}
    if "routes" in chosen:
        paths.update(site_routes(size))
    if "search-routes" in chosen:
        paths.update({name: (path, {}) for name, (path, _) in SEARCH_ROUTES.items()})
    for name, (path, extra) in paths.items():
        status, _, body = get(path, extra)
        assert status in (200, 304), f"{name} ({path}) answered {status}: {body[:200]!r}"
        if name in SEARCH_ROUTES or name == "topic":
            found = json.loads(body)
            found = found.get("count", len(found.get("suggestions", [])))
            expected = SEARCH_ROUTES.get(name, ("", "some"))[1]
            assert (found > 0) == (expected == "some"), (
                f"{name} ({path}) found {found}: the figure would measure another path"
            )
    return paths


def site_routes(size: int) -> dict[str, tuple[str, dict]]:
    slug = f"bench-{size // 2}"
    status, headers, _ = get(f"/api/v1/articles/{slug}/")
    assert status == 200, f"the detail of {slug} answered {status}"
    deep = max(1, size // 20 // 2)
    return {
        "detail": (f"/api/v1/articles/{slug}/", {}),
        "detail 304": (f"/api/v1/articles/{slug}/", {"If-None-Match": headers["ETag"]}),
        "list page 1": ("/api/v1/articles/", {}),
        "deep page": (f"/api/v1/articles/?page={deep}", {}),
        "search": (SEARCH_ROUTES["search"][0], {}),
        "topic": ("/api/v1/articles/?topic=calcium-health", {}),
    }


def wrk(binary: str, path: str, headers: dict, seconds: int, paths_file: Path | None = None) -> Sample:
    """One wrk run on `path`, or on the paths of `paths_file` through the workloads' Lua script."""
    command = [binary, "-t2", f"-c{os.environ.get('BENCH_CONNECTIONS', '32')}", f"-d{seconds}s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    env = os.environ
    if paths_file:
        command += ["-s", str(LUA)]
        env = {**os.environ, "BENCH_PATHS": str(paths_file)}
    output = subprocess.run(
        [*command, f"http://127.0.0.1:{PORT}{path}"], capture_output=True, text=True, env=env
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # 0 when no request finished in time

    def percentile(p: str) -> float:
        value, unit = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
        return float(value) * UNITS[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    timeouts = re.search(r"timeout (\d+)", output)
    cache = re.search(r"X-Cache: hit (\d+) miss (\d+)", output)
    return Sample(
        rps,
        percentile("50"),
        percentile("99"),
        int(errors.group(1) if errors else 0) + int(timeouts.group(1) if timeouts else 0),
        *((int(cache.group(1)), int(cache.group(2))) if cache else (0, 0)),
    )


def misses_of_a_new_page(size: int) -> int:
    """After one request for a page nobody asked for yet, how many of 40 concurrent requests for it were cache
    misses: 0 when the workers share one cache (Redis), 1 with local memory (the other worker's first)."""
    path = f"/api/v1/articles/?page={max(1, size // 40)}&page_size=7"
    assert get(path)[1].get("X-Cache") == "miss", "the first request for a new page was not a miss"
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: get(path), range(40)))
    assert all(status == 200 for status, _, _ in answers), "the page did not answer 200"
    return sum(headers.get("X-Cache") == "miss" for _, headers, _ in answers)


def workload_files(size: int, chosen: list[str]) -> dict[str, Path]:
    """The paths of each chosen workload for wrk to read (seeded: the same paths on every run)."""
    files = {}
    for name in (name for name in WORKLOADS if name in chosen):
        files[name] = DATA / f"paths-{name}-{size}.txt"
        files[name].write_text("\n".join(PATHS_OF[name](size)) + "\n")
    return files


def run_workload(name: str, paths_file: Path, binary: str, seconds: int, master: int, tokens: dict) -> Sample:
    """One wrk run of a workload; for mixed-publishing, with a publisher at work meanwhile (Run.publishing)."""
    publisher = Publisher(tokens, f"{master}-{time.monotonic_ns()}") if name == "mixed-publishing" else None
    with resident_peak(master) as peak:
        if publisher:
            publisher.start()
        sample = wrk(binary, "/", {}, seconds, paths_file)
        if publisher:
            sample.publishing = publisher.stop()
    sample.peak_mib = peak[0]
    return sample


def one_round(run: Run, paths: dict, files: dict[str, Path], binary: str, seconds: int, master: int, tokens: dict):
    this_round = {}
    for name, (path, headers) in paths.items():
        this_round[name] = wrk(binary, path, headers, seconds)
        drain()
    for name, paths_file in files.items():
        this_round[name] = run_workload(name, paths_file, binary, seconds, master, tokens)
        drain()
        if name == "mixed-publishing":
            run.publishing.append(this_round[name].publishing)
    for name, sample in this_round.items():
        run.samples.setdefault(name, []).append(sample)
        run.ratios.setdefault(name, []).append(sample.rps / max(this_round["bare"].rps, 0.01))


def storage(run: Run, database: str, postgres: Postgres | None) -> None:
    """Bytes stored per article, beside the size of the detail documents served (20 seeded slugs, median)."""
    run.articles = json.loads(get("/api/v1/articles/?page_size=1")[2])["count"]
    run.stored_bytes = database_bytes(database, run.size, postgres)
    slugs = [f"bench-{n}" for n in random.Random(run.size).sample(range(run.size), min(20, run.size))]
    run.detail_bytes = int(statistics.median(len(get(f"/api/v1/articles/{slug}/")[2]) for slug in slugs))


def measure(configuration: str, size: int, url: str, binary: str, options: dict, postgres: Postgres | None) -> Run:
    database, chosen = configuration.removesuffix("+redis"), options["workloads"]
    seconds, rounds, redis_url = options["seconds"], options["rounds"], options["redis_url"]
    run = Run(configuration, size)
    files = workload_files(size, chosen)
    tokens = api_tokens(url) if "mixed-publishing" in files else {}
    with serving(url, redis_url) as master:
        paths = routes(size, chosen)
        for path, headers in paths.values():
            wrk(binary, path, headers, 1)  # warm both workers' caches and connections
            drain()
        for number in range(rounds):
            say(f"{configuration}, {size} articles: round {number + 1} of {rounds}")
            one_round(run, paths, files, binary, seconds, master, tokens)
        run.peak_worker_mib = worker_peak_mib(master)
        storage(run, database, postgres)
        if "routes" in chosen:
            run.new_page_misses = misses_of_a_new_page(size)
    if set(chosen) & set(ROUTE_SETS):
        uncached(run, size, url, redis_url, chosen)
    return run


def uncached(run: Run, size: int, url: str, redis_url: str, chosen: list[str]) -> None:
    with serving(url, redis_url, cache="off"):
        say(f"{run.database}, {size} articles: one request at a time, public cache off")
        for name, (path, headers) in routes(size, chosen).items():
            timings = []
            for _ in range(COLD_REQUESTS):
                started = time.perf_counter()
                get(path, headers)
                timings.append((time.perf_counter() - started) * 1000)
            run.uncached_ms[name] = statistics.median(timings)


def table(run: Run) -> list[str]:
    lines = [
        f"### {run.database}, {run.size:,} articles",
        "",
        f"Peak worker memory: {run.peak_worker_mib:.0f} MiB. Stored: {run.stored_bytes / run.articles / 1024:.1f} KiB "
        f"per article (the database, {run.stored_bytes / 2**20:.0f} MiB, over {run.articles:,} articles); a detail "
        f"document served: {run.detail_bytes / 1024:.1f} KiB.",
        "",
    ]
    if run.uncached_ms:
        lines += route_table(run)
    if any(name in run.samples for name in WORKLOADS):
        lines += workload_table(run)
    return lines


def route_table(run: Run) -> list[str]:
    lines = [
        f"Cache misses among 40 concurrent requests for a page after its first request: {run.new_page_misses}.",
        "",
    ] if "detail" in run.uncached_ms else []  # fmt: skip
    lines += [
        "| route | req/s | of bare view | p50 ms | p99 ms | errors | uncached, alone: ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name in run.uncached_ms:
        samples = run.samples[name]
        rps, ratio = statistics.median(s.rps for s in samples), statistics.median(run.ratios[name])
        p50, p99 = statistics.median(s.p50_ms for s in samples), statistics.median(s.p99_ms for s in samples)
        lines.append(
            f"| {name} | {rps:,.0f} | {ratio:.0%} | {p50:.1f} | {p99:.1f} | {sum(s.errors for s in samples)} "
            f"| {run.uncached_ms[name]:.1f} |"
        )
    return [*lines, ""]


def workload_table(run: Run) -> list[str]:
    lines = [
        "| workload | req/s | of bare view | cache hits | p50 ms | p99 ms | errors | peak worker MiB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name in (name for name in WORKLOADS if name in run.samples):
        samples = run.samples[name]
        rps, ratio = statistics.median(s.rps for s in samples), statistics.median(run.ratios[name])
        p50, p99 = statistics.median(s.p50_ms for s in samples), statistics.median(s.p99_ms for s in samples)
        hits, answers = sum(s.hits for s in samples), sum(s.hits + s.misses for s in samples)
        lines.append(
            f"| {name} | {rps:,.0f} | {ratio:.0%} | {hits / max(answers, 1):.1%} | {p50:.1f} | {p99:.1f} "
            f"| {sum(s.errors for s in samples)} | {max(s.peak_mib for s in samples):.0f} |"
        )
    if run.publishing:
        lines += ["", publishing_summary(run.publishing)]
    return [*lines, ""]


def growth(runs: list[Run]) -> list[str]:
    """Each route at the largest size against the smallest, per configuration (the target: within 2x)."""
    lines = []
    for database in dict.fromkeys(run.database for run in runs if run.uncached_ms):
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
        for name in (name for name in small.uncached_ms if name != "bare" and name in large.uncached_ms):
            a = statistics.median(s.rps for s in small.samples[name])
            b = statistics.median(s.rps for s in large.samples[name])
            c, d = small.uncached_ms[name], large.uncached_ms[name]
            lines.append(f"| {name} | {a:,.0f} | {b:,.0f} | {a / b:.1f}x | {c:.1f} | {d:.1f} | {d / c:.1f}x |")
        lines.append("")
    return lines


def load() -> str:
    return " / ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> None:
    sizes = [int(size) for size in os.environ.get("BENCH_SIZES", "1000,100000").split(",")]
    # A configuration is a database, with "+redis" for the shared cache: sqlite, postgresql, postgresql+redis.
    configurations = os.environ.get("BENCH_DATABASES", "sqlite,postgresql,postgresql+redis").split(",")
    chosen = os.environ.get("BENCH_WORKLOADS", ",".join([*ROUTE_SETS, *WORKLOADS])).split(",")
    unknown = set(chosen) - {*ROUTE_SETS, *WORKLOADS}
    assert not unknown, f"BENCH_WORKLOADS names {unknown}: choose among {', '.join([*ROUTE_SETS, *WORKLOADS])}"
    seconds, rounds = int(os.environ.get("BENCH_SECONDS", "6")), int(os.environ.get("BENCH_ROUNDS", "3"))
    binary = debian_tool("wrk", "wrk")
    DATA.mkdir(parents=True, exist_ok=True)
    postgres = Postgres() if any(c.startswith("postgresql") for c in configurations) else None
    redis = Redis() if any(c.endswith("+redis") for c in configurations) else None
    runs, load_before = [], load()
    try:
        if postgres:
            postgres.start()
        redis_url = redis.start() if redis else ""
        for configuration in configurations:
            for size in sizes:
                url = prepare(configuration.removesuffix("+redis"), size, postgres)
                shared = redis_url if configuration.endswith("+redis") else ""
                options = {"workloads": chosen, "seconds": seconds, "rounds": rounds, "redis_url": shared}
                runs.append(measure(configuration, size, url, binary, options, postgres))
                print("\n".join(table(runs[-1])), flush=True)
    finally:
        if postgres:
            postgres.stop()
        if redis:
            redis.stop()
    results = ROOT / os.environ.get("BENCH_RESULTS", str(RESULTS.relative_to(ROOT)))
    results.write_text("\n".join(report(runs, rounds, seconds, load_before)))
    say(f"Written to {results}")


def report(runs: list[Run], rounds: int, seconds: int, load_before: str) -> list[str]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())  # fmt: skip
    return [
        "# Benchmark results",
        "",
        f"`make bench` on {datetime.date.today():%Y-%m-%d}: {os.cpu_count()} cores ({cpu}), Python "
        f"{platform.python_version()}, gunicorn with 2 sync workers and the production settings, "
        f"`wrk -t2 -c{os.environ.get('BENCH_CONNECTIONS', '32')}`, {rounds} interleaved rounds of {seconds} s per "
        "route and workload, medians. \"Of bare view\" is the route's requests/s over a bare Django JSON view's in the "
        "same round. Under load, repeated requests are answered by the public response cache "
        f'(publishing/api/cache.py); "uncached, alone" is the median of {COLD_REQUESTS} requests sent one at a time '
        "to the same server with that cache off: the database path a cache miss takes. The workloads "
        "(scripts/bench_workloads.py) are what users send: long-tail, details drawn Zipf(s=1.1) over every slug; "
        "mixed, 70 % of those, 20 % lists (topics, searches, orderings, pages 1-50), 10 % JSON-LD; "
        "mixed-publishing, mixed while an article is published through the management API every 2 s; "
        "mixed-languages, mixed where a third of the articles also have a Spanish edition, asked for in Spanish half "
        "the time, and 30 % of lists ask `language=es`; searches, searches and suggestions as readers type them, "
        "most asked for once (scripts/bench_search.py, which also names the search routes). "
        '"Cache hits" is the share of answers with `X-Cache: hit`; "errors" are non-2xx/3xx answers and timeouts. '
        f"Load average (1 / 5 / 15 min) before: {load_before}; after: {load()}.",
        "",
        *[line for run in runs for line in table(run)],
        *growth(runs),
    ]


if __name__ == "__main__":
    main()
