"""Servers the tests start as separate processes (gunicorn, `make run`'s script): a free port, and waiting
until one answers."""

import socket
import time
import urllib.request


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
