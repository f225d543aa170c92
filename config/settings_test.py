"""Settings for the test suite: the real settings, with a throwaway secret and fast hashing."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-suite-only-not-a-secret")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# Tests speak plain HTTP to the test client and live servers.
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Originals in memory: each test process its own, nothing left on disk.
    "images": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "renditions": {
        "BACKEND": "django.core.files.storage.InMemoryStorage",
        "OPTIONS": {"base_url": RENDITIONS_URL},  # noqa: F405
    },
}
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# Serve static files (the API docs' assets) straight from the apps, without collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True  # the tests' receivers listen on loopback
# No test reaches Crossref or NCBI, whatever the environment says: those that look up turn it on against loopback.
REFERENCE_LOOKUP_ONLINE = False
