"""A web request's statement that runs past DATABASE_STATEMENT_TIMEOUT_MS is stopped and answers a JSON 503 with
Retry-After, on SQLite (core.statement_timeout's guard) and PostgreSQL (statement_timeout), through the real list
view; a fast request under the same limit answers 200; statements outside web requests are not stopped on SQLite;
and through gunicorn the worker answers instead of being killed."""

import json
import os
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.helpers.servers import GUNICORN, ROOT, free_port, manage, production_environment, wait_until_up

LIST = "/api/v1/articles/"
TIMED_OUT = (
    "The request took too long: a database query ran past 0.3 seconds and was stopped. "
    "Try again in a few seconds; a narrower request (a filter, a smaller page) answers sooner."
)
SQLITE = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
POSTGRESQL = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def counting_to(number: int) -> str:
    """A statement whose time grows with `number` (SQLite runs about ten million steps a second here)."""
    return (
        f"WITH RECURSIVE numbers(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM numbers WHERE n < {number}) "
        "SELECT count(*) FROM numbers"
    )


def slow_first(slow_sql: str):
    """An execute wrapper that runs `slow_sql` before the list's count: a slow query inside the real view."""

    def wrapper(execute, sql, params, many, context):
        if "COUNT(" in sql.upper() and "publication" in sql:
            execute(slow_sql, (), False, context)
        return execute(sql, params, many, context)

    return wrapper


@pytest.mark.skipif(not SQLITE, reason="the SQLite guard")
@pytest.mark.django_db
def test_on_sqlite_a_statement_past_the_limit_is_a_json_503_and_a_fast_one_a_200(client, settings, published_article):
    settings.DATABASE_STATEMENT_TIMEOUT_MS = 300

    started = time.monotonic()
    with connection.execute_wrapper(slow_first(counting_to(10**10))):  # minutes, were it not stopped
        stopped = client.get(LIST)
    seconds = time.monotonic() - started
    with connection.execute_wrapper(slow_first(counting_to(1000))):
        fast = client.get(LIST)

    assert stopped.status_code == 503
    assert stopped.json() == {"detail": TIMED_OUT}
    assert stopped["Retry-After"] == "5" and stopped["Cache-Control"] == "no-store"
    assert 0.3 <= seconds < 3
    assert fast.status_code == 200
    assert [item["slug"] for item in fast.json()["results"]] == ["vitamin-d-twitching"]


@pytest.mark.skipif(not SQLITE, reason="the SQLite guard")
@pytest.mark.django_db
def test_on_sqlite_statements_outside_web_requests_run_to_the_end(settings):
    """Management commands (imports, generate_bench_content, migrations) are not stopped: no worker timeout waits."""
    settings.DATABASE_STATEMENT_TIMEOUT_MS = 1
    started = time.monotonic()

    with connection.cursor() as cursor:
        cursor.execute(counting_to(2_000_000))
        counted = cursor.fetchone()[0]

    assert counted == 2_000_000
    assert time.monotonic() - started > 0.01  # well past the limit


# Run in its own process, so that DATABASE_STATEMENT_TIMEOUT_MS reaches PostgreSQL's connection options as in
# production; prints the answer of the article list with `sleep` seconds of pg_sleep inside its count.
POSTGRESQL_REQUEST = textwrap.dedent(
    """
    import json, os, sys, time, django
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings_test"
    django.setup()
    from django.db import connection
    from django.test import Client
    from tests.core.test_statement_timeout import LIST, slow_first
    started = time.monotonic()
    with connection.execute_wrapper(slow_first(f"SELECT pg_sleep({float(sys.argv[1])})")):
        response = Client(raise_request_exception=False).get(LIST)
    print(json.dumps({"status": response.status_code, "body": response.json(), "seconds": time.monotonic() - started,
                      "retry_after": response.get("Retry-After")}))
    """
)


def postgresql_list_with_sleep(sleep: float) -> dict:
    database = connection.settings_dict
    url = (
        f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    )
    done = subprocess.run(
        [sys.executable, "-c", POSTGRESQL_REQUEST, str(sleep)],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url, "DATABASE_STATEMENT_TIMEOUT_MS": "300"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow
@pytest.mark.skipif(not POSTGRESQL, reason="PostgreSQL's statement_timeout")
@pytest.mark.django_db  # for the test database, which the request reads from its own process
def test_on_postgresql_a_cancelled_statement_is_a_json_503_and_a_fast_one_a_200():
    """statement_timeout cancels the statement (QueryCanceled, SQLSTATE 57014): a specific 503, not a 500."""
    stopped = postgresql_list_with_sleep(30)
    fast = postgresql_list_with_sleep(0.01)

    assert stopped["status"] == 503
    assert stopped["body"] == {"detail": TIMED_OUT}
    assert stopped["retry_after"] == "5"
    assert 0.3 <= stopped["seconds"] < 5
    assert fast["status"] == 200 and fast["body"]["count"] == 0


# gunicorn's own settings and checks, and in each worker a count that takes minutes whenever the search is for "slow".
GUNICORN_SLOW_SEARCH = textwrap.dedent(
    f"""
    exec(open({str(ROOT / "gunicorn.conf.py")!r}).read())
    project_post_worker_init = post_worker_init

    def post_worker_init(worker):
        project_post_worker_init(worker)
        from django.db import connection
        from tests.core.test_statement_timeout import counting_to

        def slow_search(execute, sql, params, many, context):
            if params and any("slow" in str(param) for param in params):
                execute(counting_to(10**10), (), False, context)
            return execute(sql, params, many, context)

        connection.execute_wrappers.append(slow_search)
    """
)


def get(url: str) -> tuple[int, dict, dict]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, dict(response.headers), json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.loads(error.read())


@pytest.mark.slow
def test_through_gunicorn_a_slow_query_answers_a_503_before_the_worker_timeout(tmp_path: Path):
    if not GUNICORN.exists():
        pytest.skip("gunicorn is installed with the requirements")
    env = production_environment(tmp_path, DATABASE_STATEMENT_TIMEOUT_MS="1000")
    manage(env, "migrate", "--noinput", "-v", "0")
    config = tmp_path / "gunicorn_slow.conf.py"
    config.write_text(GUNICORN_SLOW_SEARCH)
    log = tmp_path / "gunicorn.log"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    # One worker and a 3-s worker timeout: a statement not stopped would get the worker killed mid-request.
    command = [str(GUNICORN), "config.wsgi", "-c", str(config), "-b", f"127.0.0.1:{port}", "-w", "1", "--timeout", "3"]
    server = subprocess.Popen([*command, "--error-logfile", str(log)], cwd=ROOT, env=env)
    try:
        wait_until_up(base)
        started = time.monotonic()
        stopped = get(f"{base}{LIST}?search=slow")
        seconds = time.monotonic() - started
        fast = get(f"{base}{LIST}?search=fast")
    finally:
        server.terminate()
        server.wait(timeout=30)

    assert stopped[0] == 503
    assert stopped[2]["detail"].startswith("The request took too long: a database query ran past 1 seconds")
    assert stopped[1]["Retry-After"] == "5"
    assert 1 <= seconds < 3
    assert fast[0] == 200 and fast[2]["count"] == 0
    assert "WORKER TIMEOUT" not in log.read_text()


@pytest.mark.slow
def test_gunicorn_refuses_to_start_with_a_statement_timeout_over_half_its_worker_timeout(tmp_path: Path):
    if not GUNICORN.exists():
        pytest.skip("gunicorn is installed with the requirements")
    env = production_environment(tmp_path, DATABASE_STATEMENT_TIMEOUT_MS="16000")

    refused = subprocess.run(
        [str(GUNICORN), "config.wsgi", "-b", f"127.0.0.1:{free_port()}"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip

    assert refused.returncode == 3  # a worker that failed to boot: the master stops, it does not respawn
    assert "DATABASE_STATEMENT_TIMEOUT_MS is 16000: it must be at most half the worker timeout (30 s)" in refused.stderr
    assert "Reason: Worker failed to boot." in refused.stderr
