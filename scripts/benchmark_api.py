"""Measure the public read API in-process (Django test client: full middleware stack, no network), with the
public response cache off: what a cache miss costs.

    .venv/bin/python scripts/benchmark_api.py [--articles 200] [--children 10] [--requests 500]

Uses a throwaway SQLite file, or the database in DATABASE_URL if set (it creates
its tables with migrate, so point it at an empty database). Prints latency per
endpoint (mean, median, 95th percentile), the SQL queries per request, the time
to publish one article, and the peak Python memory of one detail and one list request.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/benchmark.sqlite3"
    # The database path every cache miss takes: the public response cache is off (config/settings_bench.py);
    # `make bench` measures the cached path over real HTTP.
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings_bench"
    os.environ["BENCH_PUBLIC_CACHE"] = "off"
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def timed(client, url: str, repeat: int) -> tuple[list[float], int]:
    from django.db import connection

    queries = []
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
    return samples, len(queries)


def peak_kib(client, url: str) -> float:
    tracemalloc.start()
    client.get(url)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--children", type=int, default=10, help="key points, sections, FAQs… per article")
    parser.add_argument("--requests", type=int, default=500, help="requests per endpoint")
    options = parser.parse_args()

    warnings.filterwarnings("ignore", message="No directory at")  # no collectstatic needed to measure the API
    setup_django()
    from django.db import connection
    from django.test import Client

    from tests.helpers.factories import complete_article
    from tests.helpers.publishing import publish_reviewed

    publish_ms = []
    for index in range(options.articles):
        article = complete_article(children=options.children, slug=f"benchmark-{index}")
        start = time.perf_counter()
        publish_reviewed(article)
        publish_ms.append((time.perf_counter() - start) * 1000)

    client = Client()
    endpoints = {
        "article detail": "/api/v1/articles/benchmark-7/",
        "article JSON-LD": "/api/v1/articles/benchmark-7/jsonld/",
        "article list (20)": "/api/v1/articles/",
        "article list (100)": "/api/v1/articles/?page_size=100",
        "search + topic filter": "/api/v1/articles/?search=article+summary&ordering=title",
        "FAQ list": "/api/v1/faqs/?page_size=50",
        "reference list": "/api/v1/references/?page_size=50",
    }
    print(f"{connection.vendor}, {options.articles} published articles with {options.children} of each part")
    print(f"publish one article: mean {statistics.mean(publish_ms):.1f} ms")
    print(f"{'endpoint':24} {'mean ms':>8} {'median':>8} {'p95':>8} {'req/s':>8} {'queries':>8}")
    for name, url in endpoints.items():
        samples, queries = timed(client, url, options.requests)
        p95 = statistics.quantiles(samples, n=20)[18]
        mean = statistics.mean(samples)
        print(f"{name:24} {mean:8.2f} {statistics.median(samples):8.2f} {p95:8.2f} {1000 / mean:8.0f} {queries:8d}")
    print(
        f"peak Python memory: detail {peak_kib(client, endpoints['article detail']):.0f} KiB, "
        f"list of 100 {peak_kib(client, endpoints['article list (100)']):.0f} KiB"
    )


if __name__ == "__main__":
    main()
