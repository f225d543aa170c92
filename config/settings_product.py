"""This product's own settings, read from environment variables (config.settings imports them): the public API's
caching, review cadence, email, the sync feed, background tasks, webhooks, CDN purge, reference look-ups, the
default disclaimer and previews."""

import os

from config.environment import DEBUG, env_bool, env_list

# Seconds that shared caches and browsers may keep public API responses.
PUBLIC_API_MAX_AGE = int(os.environ.get("PUBLIC_API_MAX_AGE", "300"))
# A cache or CDN may serve a stale copy this long while it revalidates in the background (a publish shows
# within max-age plus this at most; the API itself answers fresh every time).
PUBLIC_API_STALE_WHILE_REVALIDATE = int(os.environ.get("PUBLIC_API_STALE_WHILE_REVALIDATE", "60"))
# Public responses kept in this cache (publishing.api.cache) for at most this long; a change of what
# is live makes them unreachable at once, so this only bounds memory.
PUBLIC_API_CACHE = "default"
# The paths the response cache looks at; only views marked by publishing.api.cache are ever stored.
PUBLIC_API_PREFIX = "/api/v1/"
PUBLIC_API_UNCACHED_PREFIXES = ["/api/v1/manage/", "/api/v1/preview/", "/api/v1/sync/"]
PUBLIC_API_CACHE_SECONDS = int(os.environ.get("PUBLIC_API_CACHE_SECONDS", "3600"))

# Review cadence (articles.services.reminders): reviewers are emailed this many days before a review falls due,
# and again when it does, by a daily task at this hour (site time zone) or `manage.py send_review_reminders`.
REVIEW_REMINDER_DAYS = int(os.environ.get("REVIEW_REMINDER_DAYS", "30"))
REVIEW_REMINDER_HOUR = int(os.environ.get("REVIEW_REMINDER_HOUR", "7"))
# Email: printed to the console in development (make run); SMTP from the environment otherwise.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "cms@localhost")

# The sync feed (/api/v1/sync/): live articles per page.
SYNC_PAGE_SIZE = int(os.environ.get("SYNC_PAGE_SIZE", "100"))

# Background tasks (Django's tasks framework, django-tasks): the database backend by default, so no broker is
# needed; `manage.py run_worker` runs them (`make run` starts one). docs/deploy.md shows a broker-backed backend.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# The task worker (`manage.py run_worker`): tasks it runs at once, each in its own thread (so that one slow
# webhook receiver cannot hold up the others); after how long without a poll /healthz calls it stale; and after
# how long a task left running by a worker that stopped polling (killed, its machine lost) is run again.
WORKER_THREADS = int(os.environ.get("WORKER_THREADS", "4"))
WORKER_STALE_AFTER_SECONDS = float(os.environ.get("WORKER_STALE_AFTER_SECONDS", "30"))
WORKER_RECLAIM_AFTER_SECONDS = float(os.environ.get("WORKER_RECLAIM_AFTER_SECONDS", "60"))

# Webhooks (webhooks app): the address events point at, seconds a receiver has to answer, the delays between
# attempts (5 attempts over about an hour by default), and how many deliveries in a row that failed after every
# attempt disable an endpoint.
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("WEBHOOK_TIMEOUT_SECONDS", "5"))
WEBHOOK_RETRY_DELAYS = [int(delay) for delay in env_list("WEBHOOK_RETRY_DELAYS", "60,300,900,2400")]
WEBHOOK_FAILURES_BEFORE_DISABLE = int(os.environ.get("WEBHOOK_FAILURES_BEFORE_DISABLE", "5"))
# Receivers on loopback or private networks are refused (a webhook must not reach internal services) unless
# this is on; DEBUG turns it on for local development.
WEBHOOK_ALLOW_PRIVATE_ADDRESSES = env_bool("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", DEBUG)

# CDN purge after a publish or unpublish (webhooks.purge): off unless set. CDN_PURGE_URL_TEMPLATE may use
# {url} (an absolute public URL), {path} or {key} (a surrogate key, as in the Surrogate-Key and Cache-Tag
# headers of public responses), e.g. "https://api.fastly.com/service/ID/purge/{key}".
CDN_PURGE_URL_TEMPLATE = os.environ.get("CDN_PURGE_URL_TEMPLATE", "")
CDN_PURGE_METHOD = os.environ.get("CDN_PURGE_METHOD", "POST")
CDN_PURGE_HEADERS = dict(
    header.split(":", 1) for header in env_list("CDN_PURGE_HEADERS") if ":" in header
)  # "Fastly-Key: secret" and the like, comma-separated

# Filling a new reference from a pasted DOI or PubMed ID (references.lookup): looking it up at Crossref and NCBI's
# E-utilities is off unless asked for (pasted PubMed, RIS and BibTeX records are read offline either way). Both
# services ask callers for a contact address; the base URLs are settings so that tests can serve recorded answers.
REFERENCE_LOOKUP_ONLINE = env_bool("REFERENCE_LOOKUP_ONLINE")
REFERENCE_LOOKUP_TIMEOUT_SECONDS = float(os.environ.get("REFERENCE_LOOKUP_TIMEOUT_SECONDS", "5"))
REFERENCE_LOOKUP_CONTACT_EMAIL = os.environ.get("REFERENCE_LOOKUP_CONTACT_EMAIL", "")
CROSSREF_API_URL = os.environ.get("CROSSREF_API_URL", "https://api.crossref.org").rstrip("/")
NCBI_EUTILS_URL = os.environ.get("NCBI_EUTILS_URL", "https://eutils.ncbi.nlm.nih.gov/entrez/eutils").rstrip("/")

# Shown under every article whose own disclaimer is blank.
DEFAULT_MEDICAL_DISCLAIMER = os.environ.get(
    "DEFAULT_MEDICAL_DISCLAIMER",
    "This article is for general information only. It does not replace advice from a doctor "
    "or other qualified health professional about your own situation.",
)

# Preview links to one version of a working copy: how long a new link lasts unless its maker chooses (the
# admin's Preview link, the management API's preview-token without `expires_in`), the longest any link lasts
# (also for links made before it was lowered), both in seconds, and the frontend page that shows them.
# PREVIEW_URL_TEMPLATE may use {token} and {api_url}, e.g. "https://www.example.org/preview?token={token}";
# left empty, the admin's Preview link opens this server's preview page (/preview/{token}/, HTML).
PREVIEW_TOKEN_MAX_AGE = max(60, int(os.environ.get("PREVIEW_TOKEN_MAX_AGE", str(7 * 24 * 3600))))
PREVIEW_TOKEN_DEFAULT_AGE = min(
    PREVIEW_TOKEN_MAX_AGE, max(60, int(os.environ.get("PREVIEW_TOKEN_DEFAULT_AGE", "3600")))
)
PREVIEW_URL_TEMPLATE = os.environ.get("PREVIEW_URL_TEMPLATE", "")
