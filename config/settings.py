"""Settings for the medical content API, read from environment variables.

SQLite is the default database; `DATABASE_URL` selects PostgreSQL (or any
backend dj-database-url understands). `DJANGO_DEBUG` is off unless asked for.
"""

import datetime
import os
import re
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.environment import DEBUG, env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent


def local_secret_key() -> str:
    """Local development's key: random, made once per checkout in an ignored file, never in the source
    (a known key would let anyone who reaches a development server forge preview links)."""
    path = BASE_DIR / ".local_secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or (local_secret_key() if DEBUG else "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not DEBUG:
    missing = [name for name in ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS") if not os.environ.get(name, "").strip()]
    if missing:
        raise ImproperlyConfigured(
            f"Set {' and '.join(missing)} (see docs/deploy.md), or DJANGO_DEBUG=1 for local development."
        )

# HTTPS, cookies and browser isolation (checked by `manage.py check --deploy`; see docs/deploy.md).
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
if env_bool("DJANGO_BEHIND_TLS_PROXY"):
    # The proxy in front ends TLS and says so in X-Forwarded-Proto (set it there, and only there).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
# Permissions-Policy on every response (core.middleware.PermissionsPolicyMiddleware): no page of this site uses a
# camera, a microphone, the location, payments, devices or sensors, nor lets a frame it embeds use them. An empty
# DJANGO_PERMISSIONS_POLICY sends none (a proxy in front that sets its own, say).
PERMISSIONS_POLICY = os.environ.get(
    "DJANGO_PERMISSIONS_POLICY",
    "accelerometer=(), autoplay=(), bluetooth=(), browsing-topics=(), camera=(), display-capture=(), "
    "geolocation=(), gyroscope=(), hid=(), idle-detection=(), magnetometer=(), microphone=(), midi=(), "
    "payment=(), screen-wake-lock=(), serial=(), usb=(), xr-spatial-tracking=()",
).strip()
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# Staff sessions end after this long (seconds; 8 hours by default) and when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_SECONDS", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Where the admin lives (a less guessable path keeps out some of the noise).
ADMIN_PATH = os.environ.get("DJANGO_ADMIN_PATH", "admin/").strip("/") + "/"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "corsheaders",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "adminsortable2",
    "reversion",
    "knox",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    # The project's apps, each depending only on those above it (enforced by import-linter, see pyproject.toml).
    "core",
    "references",
    "media",
    "articles",
    "publishing",
    "webhooks",
    "newsroom",
    "manage_api",
    "demo",
    # Retired: its models moved to articles and publishing; kept for its migrations.
    "faq",
]

MIDDLEWARE = [
    "core.middleware.PermissionsPolicyMiddleware",  # outermost: on every response, the error pages' included
    "core.middleware.ErrorsMiddleware",
    "core.statement_timeout.StatementTimeoutMiddleware",  # inside the 503 it leads to, around every query
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.AddressLengthMiddleware",  # before anything reads the address's parameters
    "core.middleware.RequestBodyMiddleware",  # after the security headers, which its refusals carry too
    "core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "publishing.api.cache.PublicResponseCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.AdminLocaleMiddleware",  # the admin only, in the editor's language; the APIs never vary by it
    "django.middleware.common.CommonMiddleware",
    "core.middleware.ConditionalGetIncludingHeadMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Sign-in lockout (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one user from one
# address, that user cannot sign in from there until the cool-off has passed (or an administrator
# removes the lock under Axes → Access attempts).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_VERBOSE = False

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Forms' inputs and text areas written without their three small templates each (the same characters): a third of
# the article page's time went there.
FORM_RENDERER = "core.form_renderer.FastWidgetRenderer"

WSGI_APPLICATION = "config.wsgi.application"

# The longest a database statement of a web request runs (milliseconds): PostgreSQL cancels it (statement_timeout,
# on every connection, commands' included), SQLite interrupts it (core.statement_timeout, web requests only); either
# is a JSON 503. gunicorn refuses to start unless it is at most half its worker timeout (gunicorn.conf.py), so that a
# request stopped by it answers before the worker would be killed.
DATABASE_STATEMENT_TIMEOUT_MS = env_int("DATABASE_STATEMENT_TIMEOUT_MS", 15_000)

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several editors save at once. WAL lets readers and a writer work side by side; a writer that
    # finds the database busy waits (timeout, seconds) rather than failing with "database is locked";
    # and each transaction takes the write lock when it begins (IMMEDIATE), so two transactions never
    # both read and then both try to upgrade to writing, which SQLite can only refuse.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": int(os.environ.get("SQLITE_BUSY_TIMEOUT", "5")),
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that does not answer is a JSON 503 within seconds (core.middleware), not a request
    # hanging until the worker is killed: bounded connection and statement times. The cost of a page read at
    # random is the planner's for memory or SSD (1.1; PostgreSQL's default of 4 is a spinning disk's): at 4 it
    # reads every row's stored search vector rather than the text index's matches (0.9 s against 0.1 s for a word
    # a quarter of 100,000 articles hold, as it does not count the vectors' out-of-line reads).
    DATABASES["default"]["OPTIONS"] = {
        "connect_timeout": int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5")),
        "options": (
            f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT_MS} "
            f"-c random_page_cost={os.environ.get('DATABASE_RANDOM_PAGE_COST', '1.1')}"
        ),
    }

# A read replica (PostgreSQL streaming replication): the public API reads from it whenever it has
# caught up with the latest publish (core.db); everything else uses the primary.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {
        **dj_database_url.parse(
            os.environ["DATABASE_REPLICA_URL"],
            conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
            conn_health_checks=True,
        ),
        "OPTIONS": DATABASES["default"].get("OPTIONS", {}),
    }
DATABASE_ROUTERS = ["core.db.PublicReadsRouter"]

# Local memory by default (each worker keeps its own copies; correctness never depends on sharing them,
# see publishing.api.cache); with REDIS_URL, one Redis shared by every worker and server.
# The throttles' counts are shared by every worker either way (a count per worker would multiply the limit by the
# workers): in Redis, or in the database's table of them (core's migration 0008 makes it).
if os.environ.get("REDIS_URL"):
    CACHES: dict[str, dict[str, Any]] = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "cms"),
        },
        "throttles": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "cms") + "-throttles",
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("LOCAL_CACHE_MAX_ENTRIES", "2000"))},
        },
        "throttles": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "throttle_counts",
            # Django's default of 300 rows would let a burst from a few hundred addresses cull everyone's counts.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        },
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
# The languages of the admin (the editors' side), chosen per editor by core.middleware.AdminLocaleMiddleware; the
# catalogues of our own strings are in locale/ (docs/translations.md). Not the languages of the content, which each
# site configures (core.languages), nor of the APIs, which always speak LANGUAGE_CODE.
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The media library's originals (media.storage): private, outside the static files, no URL; any Django storage
# backend may take its place (STORAGES["images"]).
IMAGE_STORAGE_DIR = os.environ.get("IMAGE_STORAGE_DIR", str(BASE_DIR / "private_media"))
STORAGES["images"] = {"BACKEND": "media.storage.PrivateFileSystemStorage", "OPTIONS": {"location": IMAGE_STORAGE_DIR}}
# Their renditions (media.renditions): public, named by the SHA-256 of their bytes, never changed. RENDITIONS_URL is
# the absolute address of that directory as readers reach it (frozen documents, JSON-LD and other origins need the
# whole URL): this server's own view by default (media.views), or a web server, a CDN or a bucket in front of it
# (docs/deploy.md). `make run PORT=8001` sets it for its port.
RENDITIONS_DIR = os.environ.get("RENDITIONS_DIR", str(BASE_DIR / "public_media" / "renditions"))
RENDITIONS_URL = os.environ.get("RENDITIONS_URL", "http://127.0.0.1:8000/media/renditions/")
if not RENDITIONS_URL.endswith("/"):
    raise ImproperlyConfigured("RENDITIONS_URL must end with a slash.")
STORAGES["renditions"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": RENDITIONS_DIR, "base_url": RENDITIONS_URL},
}
# IMAGE_STORAGE=s3 keeps both in S3-compatible object storage instead (django-storages, media.storage_s3), for
# several machines: AWS_STORAGE_BUCKET_NAME (originals, written private, no URL), RENDITIONS_BUCKET_NAME (renditions,
# written public-read with Cache-Control immutable; by default the same bucket, under renditions/), AWS_S3_ENDPOINT_URL
# for a provider other than AWS, AWS_S3_REGION_NAME, RENDITIONS_S3_ACL (public-read; empty where the bucket's policy
# or a CDN makes them public) and the usual AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. RENDITIONS_URL, when set, is
# the renditions' address (a CDN in front of the bucket); unset, the bucket's own URL. docs/deploy.md, "Images".
IMAGE_STORAGE = os.environ.get("IMAGE_STORAGE", "filesystem")
if IMAGE_STORAGE == "s3":
    _bucket = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
    if not _bucket:
        raise ImproperlyConfigured("IMAGE_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    _s3 = {
        "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
    }
    _renditions_bucket = os.environ.get("RENDITIONS_BUCKET_NAME") or _bucket
    STORAGES["images"] = {"BACKEND": "media.storage_s3.PrivateS3Storage", "OPTIONS": {**_s3, "bucket_name": _bucket}}
    STORAGES["renditions"] = {
        "BACKEND": "media.storage_s3.RenditionS3Storage",
        "OPTIONS": {
            **_s3,
            "bucket_name": _renditions_bucket,
            "location": "renditions" if _renditions_bucket == _bucket else "",
            "default_acl": os.environ.get("RENDITIONS_S3_ACL", "public-read") or None,
            "base_url": RENDITIONS_URL if "RENDITIONS_URL" in os.environ else "",
        },
    }
elif IMAGE_STORAGE != "filesystem":
    raise ImproperlyConfigured(f"IMAGE_STORAGE is filesystem (the default) or s3, not {IMAGE_STORAGE!r}.")
# Renditions: these widths (pixels), never wider than the original (one narrower than the first gets one rendition at
# its own width), in AVIF, WebP and JPEG; and these aspect-ratio crops around the focal point, as one JPEG each of
# IMAGE_RENDITION_CROP_WIDTH (or the crop's own width when narrower), for JSON-LD and social cards (Google asks for
# 16:9, 4:3 and 1:1 article images).
IMAGE_RENDITION_WIDTHS = [320, 640, 960, 1280, 1920]
IMAGE_RENDITION_CROPS = env_list("IMAGE_RENDITION_CROPS") or ["16:9", "4:3", "1:1"]
for _crop in IMAGE_RENDITION_CROPS:
    if not re.fullmatch(r"[1-9][0-9]{0,3}:[1-9][0-9]{0,3}", _crop):
        raise ImproperlyConfigured(f"IMAGE_RENDITION_CROPS: {_crop!r} is not an aspect ratio such as 16:9.")
IMAGE_RENDITION_CROP_WIDTH = env_int("IMAGE_RENDITION_CROP_WIDTH", 1200)
# The largest image file an upload may be (bytes; 20 MB by default): a larger one is a JSON 413 naming it.
IMAGE_UPLOAD_MAX_BYTES = env_int("IMAGE_UPLOAD_MAX_BYTES", 20_000_000)
# The most pixels an image may have (40 megapixels by default: a 7,300 × 5,470 photo), read from its header before
# anything is decoded; more is a 400 naming it. Pillow's own bomb limit is set to it (media.uploads.bound_pillow).
# Decoding holds width × height × 4 bytes at most (160 MB at 40 MP).
IMAGE_MAX_PIXELS = env_int("IMAGE_MAX_PIXELS", 40_000_000)

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/.*$"  # CORS on the API only
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")  # the management API is for servers and tools, not browsers
# Browser code may revalidate (If-None-Match, If-Modified-Since) and read the validators.
CORS_ALLOW_HEADERS = ("accept", "accept-language", "content-type", "if-none-match", "if-modified-since")
CORS_EXPOSE_HEADERS = ("ETag", "Last-Modified", "Document-Fingerprint")

REST_FRAMEWORK: dict[str, Any] = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    # Closed by default: a view that forgets to say who may use it answers 403. The public views open
    # themselves explicitly (core.api.views.PublicAPIMixin).
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.StrictPageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["core.api.filters.StrictFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.ContractSchema",
    "EXCEPTION_HANDLER": "core.api.errors.json_exception_handler",
    "UNAUTHENTICATED_USER": None,
    "URL_FORMAT_OVERRIDE": None,
    "DATETIME_FORMAT": "iso-8601",
    # The management API's throttles (manage_api.http): per token, and per IP for requests without one.
    "DEFAULT_THROTTLE_RATES": {
        "manage_token": os.environ.get("MANAGE_API_RATE_PER_TOKEN", "600/min"),
        "manage_anonymous": os.environ.get("MANAGE_API_RATE_ANONYMOUS", "30/min"),
    },
    # The client's address for the per-IP throttle: the N-th address from the end of X-Forwarded-For, the one the
    # outermost of N trusted proxies saw; with 0, REMOTE_ADDR (DRF's default, None, trusts whatever the client
    # wrote in the header, so rotating it would dodge the throttle).
    "NUM_PROXIES": env_int("NUM_PROXIES", 0),
}

# Management API tokens (django-rest-knox): stored hashed, expiring; `create_api_token` sets the lifetime.
REST_KNOX = {"TOKEN_TTL": None, "AUTO_REFRESH": False, "AUTH_HEADER_PREFIX": "Token"}
# The cache alias the management API's throttles count in (manage_api.http).
THROTTLE_CACHE = "throttles"
# The longest address (path and query, as sent, in bytes) the API answers; a longer one is a JSON 414
# (core.middleware.AddressLengthMiddleware). It stays below the HTTP server's request-line limit (gunicorn.conf.py:
# 8190 bytes, less the method and protocol), so that every over-long address that reaches the app is JSON.
MAX_ADDRESS_BYTES = min(env_int("DJANGO_MAX_ADDRESS_BYTES", 4096), 8190 - len("OPTIONS  HTTP/1.1"))
# The largest request body the management API reads (bytes); a larger one is a 413.
MANAGE_API_MAX_BODY_BYTES = int(os.environ.get("MANAGE_API_MAX_BODY_BYTES", str(2 * 1024 * 1024)))
# Django refuses bodies over its own limit (2.5 MiB by default) wherever it reads one; a larger API limit raises it,
# so that the API's limit is the one that applies (core.middleware.RequestBodyMiddleware, a JSON 413).
DATA_UPLOAD_MAX_MEMORY_SIZE = max(5 * 1024 * 1024 // 2, MANAGE_API_MAX_BODY_BYTES)
# Bodies that may be larger, by address prefix: an image upload (multipart) is the image and its few text fields.
# Django counts only the text fields of a multipart body against DATA_UPLOAD_MAX_MEMORY_SIZE, and writes a file over
# FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) to a temporary file rather than holding it in memory.
IMAGE_UPLOAD_MAX_BODY_BYTES = IMAGE_UPLOAD_MAX_BYTES + 64 * 1024
REQUEST_BODY_LIMITS = {"/api/v1/manage/images/": IMAGE_UPLOAD_MAX_BODY_BYTES}
# A refused body is read and dropped up to this many bytes and seconds before the 413 goes, so that a client still
# sending it reads the 413 rather than a reset connection; past either bound the connection is closed unread.
REFUSED_BODY_DRAIN_BYTES = env_int("DJANGO_REFUSED_BODY_DRAIN_BYTES", 32 * 1024 * 1024)
REFUSED_BODY_DRAIN_SECONDS = 5
# Pages (not the API) whose POSTs may carry an upload: a declared length over the limit is a 413 before it is read.
PAGE_BODY_LIMITS = {f"/{ADMIN_PATH}media/image/": IMAGE_UPLOAD_MAX_BODY_BYTES}

SPECTACULAR_SETTINGS = {
    "TITLE": "Medical articles content API",
    "DESCRIPTION": (
        "Read-only delivery API for published, medically reviewed articles. "
        "Every list is paginated as {count, next, previous, results}; "
        "errors are JSON; unknown or malformed query parameters are a 400 naming the parameter. "
        "Search synonyms include entry terms from MeSH (Medical Subject Headings), courtesy of the U.S. National "
        "Library of Medicine."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # 3.1: nullable fields are ["type", "null"], which generated clients read right (3.0's "nullable" next to
    # a $ref is ignored).
    "OAS_VERSION": "3.1.0",
    # Named for what they are, not "FormulaEnum" and "ScaleEnum", which another field's choices could claim.
    "ENUM_NAME_OVERRIDES": {
        "ReadabilityFormulaEnum": "core.readability.FORMULA_IDS",
        "ReadabilityScaleEnum": "core.readability.SCALES",
        "ImageFormatEnum": "media.models.ImageFormat",
        "RenditionFormatEnum": "media.models.RENDITION_FORMATS",  # the public API's renditions and the management API's
        "KindEnum": "references.choices.ReferenceKind",  # its name before the suggestions' `kind` came
        "SuggestionKindEnum": "publishing.api.suggest.SUGGESTION_KINDS",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.schema.contract_hook",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # Lockouts are logged as warnings; axes's note of every successful sign-in is not needed.
    "loggers": {"axes": {"level": "WARNING"}},
}

# Content-Security-Policy (django-csp): enforced everywhere, report-only on the admin, whose widgets
# still use inline styles and scripts (core.middleware.ContentSecurityPolicyMiddleware).
_renditions = urlsplit(RENDITIONS_URL)
_renditions_origin = f"{_renditions.scheme}://{_renditions.netloc}" if _renditions.netloc else "'self'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # The preview shows the article's images from wherever renditions are served (RENDITIONS_URL's origin).
        "img-src": ["'self'", "data:", _renditions_origin],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
    }
}

# This product's own settings: API caching, review cadence, email, sync, tasks, webhooks, CDN purge, reference
# look-ups, the default disclaimer and previews.
from config.settings_product import *  # noqa: E402, F403
