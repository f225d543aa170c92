"""Servers the tests start as separate processes (gunicorn, `make run`'s script): a free port, and waiting
until one answers."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(base: str, seconds: float = 20) -> None:
    """Until `base`/healthz answers; an AssertionError if it never does."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=2)
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{base} did not start within {seconds} s")


ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"


def production_environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    """Production settings (debug off) on a throwaway SQLite database in `tmp_path`, without Redis."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "server-test-only-not-a-secret-" + "x" * 30,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **extra,
    }
    env.pop("REDIS_URL", None)
    return env


def manage(env: dict[str, str], *args: str, **extra: str) -> str:
    """Run a management command in its own process; its output, or an AssertionError with its errors."""
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**env, **extra}, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@contextmanager
def gunicorn(env: dict[str, str], *args: str, workers: int = 1) -> Iterator[str]:
    """gunicorn serving the project on a free loopback port, until the block ends; yields its base address."""
    port = free_port()
    process = subprocess.Popen(
        [str(GUNICORN), "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(workers), *args], cwd=ROOT, env=env
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
