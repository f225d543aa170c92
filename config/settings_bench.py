"""`make bench` only: the production settings plus a bare Django JSON view, the stack's limit to compare with."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "config.urls_bench"
