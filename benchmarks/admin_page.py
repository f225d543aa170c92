"""The article page's weight (issue 26 part 1): prints one JSON line per page measured. Not a test: numbers, here.

    .venv/bin/python benchmarks/admin_page.py             # the demo's English vitamin D article, as admin
    BENCH_ROUNDS=12 .venv/bin/python benchmarks/admin_page.py

A server as `make run` starts it (DEBUG=1, runserver, a fresh SQLite database with the demo) in a temporary
directory, and Debian's Chromium logged in as the demo's admin: for the change page of the demo article, at
1,400 × 1,600 and at 390 × 844 (a phone), the HTML's bytes (decoded), the elements of the page once its scripts have
run, the visible form controls, the requests and the bytes of scripts and styles, the page's height, the server's
time to the last byte (median of BENCH_ROUNDS loads after one to warm up) and the time to the load event; and, in
a process of its own through Django's test client, the CPU time of one page (median of 15, after 3), which other work
on the machine does not stretch as it stretches the others.
"""

import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "8"))
SLUG = "vitamin-d-deficiency-muscle-twitching"

MEASURE = """
const navigation = performance.getEntriesByType("navigation")[0];
const resources = performance.getEntriesByType("resource");
const count = (selector) => document.querySelectorAll(selector).length;
return {
  html_bytes: navigation.decodedBodySize,
  server_ms: navigation.responseEnd - navigation.requestStart,
  load_ms: navigation.loadEventEnd - navigation.startTime,
  requests: resources.length + 1,
  script_and_style_bytes: resources.reduce((sum, entry) => sum + entry.decodedBodySize, 0),
  elements: count("*"),
  controls: count("input:not([type=hidden]), select, textarea, button"),
  height: document.documentElement.scrollHeight,
};
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(directory: Path) -> tuple[subprocess.Popen, str]:
    env = {**os.environ, "DJANGO_DEBUG": "1", "DATABASE_URL": f"sqlite:///{directory}/db.sqlite3"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "--noinput"], ["load_demo_content"]):
        subprocess.run([*manage, *command], env=env, check=True, capture_output=True, cwd=ROOT)
    port = free_port()
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/admin/login/", timeout=2)
            break
        except OSError:
            time.sleep(0.2)
    return server, base


def demo_article_pk(directory: Path) -> int:
    env = {**os.environ, "DJANGO_DEBUG": "1", "DATABASE_URL": f"sqlite:///{directory}/db.sqlite3"}
    script = (
        "import django; django.setup(); from articles.models import Article; "
        f"print(Article.objects.get(slug={SLUG!r}, language='en').pk)"
    )
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    run = subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT, check=True, capture_output=True, text=True)
    return int(run.stdout.strip())


CPU_TIME = """
import statistics, time
import django
django.setup()
from django.contrib.auth import get_user_model
from django.test import Client
from articles.models import Article
client = Client(HTTP_HOST="localhost")
client.force_login(get_user_model().objects.get(username="admin"))
url = f"/admin/articles/article/{Article.objects.get(slug=%r, language='en').pk}/change/"
for _ in range(3):
    client.get(url)
times = []
for _ in range(15):
    start = time.process_time()
    assert client.get(url).status_code == 200
    times.append(time.process_time() - start)
print(round(statistics.median(times) * 1000))
"""


def cpu_ms(directory: Path) -> int:
    env = {**os.environ, "DJANGO_DEBUG": "1", "DATABASE_URL": f"sqlite:///{directory}/db.sqlite3"}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    run = subprocess.run(
        [sys.executable, "-c", CPU_TIME % SLUG], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    )
    return int(run.stdout.strip().splitlines()[-1])


def measure(browser, url: str) -> dict:
    browser.get(url)
    time.sleep(0.3)  # the page's own scripts (select2, the checks) settle
    return browser.execute_script(MEASURE)


def main() -> None:
    from tests.helpers.browser import chromium, log_in

    with tempfile.TemporaryDirectory() as directory:
        server, base = serve(Path(directory))
        browser = chromium()
        try:
            log_in(browser, base, "admin")
            url = f"{base}/admin/articles/article/{demo_article_pk(Path(directory))}/change/"
            measure(browser, url)
            rounds = [measure(browser, url) for _ in range(ROUNDS)]
            wide = rounds[-1] | {
                "server_ms": round(statistics.median(r["server_ms"] for r in rounds)),
                "load_ms": round(statistics.median(r["load_ms"] for r in rounds)),
            }
            browser.set_window_size(390, 844)
            phone = measure(browser, url)
            wide["height_at_390"] = phone["height"]
            wide["wider_than_390"] = browser.execute_script(
                "return document.documentElement.scrollWidth > window.innerWidth"
            )
            wide["cpu_ms"] = cpu_ms(Path(directory))
            print(json.dumps(wide))
        finally:
            browser.quit()
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
