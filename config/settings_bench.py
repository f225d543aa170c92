"""`make bench` only: the production settings plus a bare Django JSON view, the stack's limit to compare with."""

import os

from config.settings import *  # noqa: F403

ROOT_URLCONF = "config.urls_bench"

# The uncached figures: the same server with the public response cache turned off (scripts/bench.py).
if os.environ.get("BENCH_PUBLIC_CACHE") == "off":
    CACHES["off"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}  # noqa: F405
    PUBLIC_API_CACHE = "off"
