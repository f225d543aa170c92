"""The response cache across processes: gunicorn with two workers, each with its own local-memory cache,
over real HTTP. An unpublish through the management API is in the very next response of either worker."""

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.helpers.servers import free_port, wait_until_up

ROOT = Path(__file__).resolve().parents[3]
GUNICORN = Path(sys.executable).parent / "gunicorn"

pytestmark = [
    pytest.mark.skipif(not GUNICORN.exists(), reason="gunicorn is installed with the requirements"),
    pytest.mark.slow,  # gunicorn with two workers
]


@pytest.fixture
def server(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "cache-test-only-not-a-secret-" + "x" * 30,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    env.pop("REDIS_URL", None)  # local memory: each worker has its own cache

    def manage(*args: str, **extra) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env={**env, **extra}, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    manage("migrate", "--noinput", "-v", "0")
    manage("load_demo_content", DJANGO_DEBUG="1")  # debug only for the demo users' known password
    token = manage("create_api_token", "publisher", "--expires-days", "1")
    port = free_port()
    process = subprocess.Popen(
        [str(GUNICORN), "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2", "--access-logfile", "/dev/null"],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base)
        yield base, token
    finally:
        process.terminate()
        process.wait(timeout=30)


def get(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def many(url: str, count: int = 40) -> list[tuple[int, dict, bytes]]:
    """`count` requests, eight at a time, so both workers answer some."""
    with ThreadPoolExecutor(8) as pool:
        return list(pool.map(lambda _: get(url), range(count)))


def unpublish(base: str, token: str, slug: str) -> None:
    auth = {"Authorization": f"Token {token}"}
    version = get(f"{base}/api/v1/manage/articles/{slug}/", auth)[1]["ETag"]
    request = urllib.request.Request(
        f"{base}/api/v1/manage/articles/{slug}/transitions/",
        data=json.dumps({"action": "unpublish"}).encode(),
        headers={**auth, "Content-Type": "application/json", "If-Match": version},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200


def test_an_unpublish_is_in_the_very_next_response_of_every_worker(server):
    base, token = server
    listed = json.loads(get(f"{base}/api/v1/articles/")[2])["results"]
    assert listed
    slug = listed[0]["slug"]
    for url in (f"{base}/api/v1/articles/", f"{base}/api/v1/articles/{slug}/"):
        warm = many(url)
        assert {status for status, _, _ in warm} == {200}
        assert sum(headers["X-Cache"] == "hit" for _, headers, _ in warm) >= 30  # the workers answer from caches

    unpublish(base, token, slug)

    lists = many(f"{base}/api/v1/articles/")
    details = many(f"{base}/api/v1/articles/{slug}/")
    assert all(slug not in [item["slug"] for item in json.loads(body)["results"]] for _, _, body in lists)
    assert {status for status, _, _ in details} == {404}


def listed(responses) -> list[list[str]]:
    return [[item["slug"] for item in json.loads(body)["results"]] for _, _, body in responses]


def warm(url: str) -> None:
    """Until a round of requests is answered from the caches alone: each worker has its copy."""
    for _ in range(10):
        responses = many(url)
        assert {status for status, _, _ in responses} == {200}
        if all(headers["X-Cache"] == "hit" for _, headers, _ in responses):
            return
    raise AssertionError(f"{url} is never answered from the caches alone")


def test_a_change_evicts_in_every_worker_what_shows_it_and_nothing_else(server):
    """The demo's hypocalcemia article (topics electrolytes, muscles and nerves, hypocalcemia) is unpublished; the
    magnesium article and the lists of topics only it has (nutrition) stay cached in both workers."""
    base, token = server
    gone, kept = "hypocalcemia-low-blood-calcium", "magnesium-deficiency-signs-and-causes"
    changing = {
        "detail": f"{base}/api/v1/articles/{gone}/",
        "list": f"{base}/api/v1/articles/",
        "its topic": f"{base}/api/v1/articles/?topic=electrolytes",
    }
    staying = {
        "detail": f"{base}/api/v1/articles/{kept}/",
        "jsonld": f"{base}/api/v1/articles/{kept}/jsonld/",
        "another topic": f"{base}/api/v1/articles/?topic=nutrition",
    }
    for url in [*changing.values(), *staying.values()]:
        warm(url)
    assert all(gone in slugs for slugs in listed(many(changing["its topic"])))

    unpublish(base, token, gone)

    assert {status for status, _, _ in many(changing["detail"])} == {404}
    assert not any(gone in slugs for slugs in listed(many(changing["list"])))
    after_topic = many(changing["its topic"])
    assert not any(gone in slugs for slugs in listed(after_topic))
    assert any(headers["X-Cache"] == "miss" for _, headers, _ in after_topic)  # positive control: it was evicted
    for name, url in staying.items():
        responses = many(url)
        assert {status for status, _, _ in responses} == {200}, name
        assert [headers["X-Cache"] for _, headers, _ in responses] == ["hit"] * len(responses), name
