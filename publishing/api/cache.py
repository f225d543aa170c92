"""Whole public responses kept in Django's cache, under the live set's state key.

A request reads the state row (one query by primary key); a response cached under its key is current,
because every change of what the public sees gives the state a new key in the same transaction (see
`publishing.services.live_set`). So a publish, rollback, unpublish or scheduled go-live is visible
in the very next request, in every worker, while repeated reads send stored bytes: no serializer, no
JSON encoding, no other query. `If-None-Match` / `If-Modified-Since` are answered with a 304 from
the stored headers before anything is rendered.

`X-Cache: hit` or `miss` says which it was (for operators; a CDN in front keeps its own).
Only 200 responses of GET and HEAD are stored; errors, redirects and previews never are. The key
also holds the scheme, host (the bodies hold absolute links), the Accept header, the whole path with
its query, and today's date (`?review_overdue` changes at midnight without any publish).
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.http import parse_http_date_safe

from core.db import public_reads
from publishing.services.live_set import public_state_current, public_state_key_on

# Headers the view sets that a stored response keeps (the middleware adds the others on every response).
KEPT_HEADERS = ("Content-Type", "ETag", "Last-Modified", "Cache-Control", "Vary", "Allow")


def _cache():
    return caches[settings.PUBLIC_API_CACHE]


def _key(request, state_key: str) -> str:
    parts = (
        request.scheme,
        request.get_host(),
        request.headers.get("Accept", ""),
        request.get_full_path(),
        timezone.localdate().isoformat(),
    )
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"public-api:{state_key}:{digest}"


def _from_stored(request, stored: tuple[bytes, dict]) -> HttpResponse:
    content, headers = stored
    last_modified = parse_http_date_safe(headers["Last-Modified"]) if "Last-Modified" in headers else None
    not_modified = get_conditional_response(request, etag=headers.get("ETag"), last_modified=last_modified)
    response = not_modified if not_modified is not None else HttpResponse(content)
    for name, value in headers.items():
        response.headers[name] = value
    return response


def cached_public_view(view):
    """`view` answering from the cache when it can, and storing its 200 responses when it cannot."""

    @wraps(view)
    def cached(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        state = public_state_current()
        if state is None:  # nothing was ever published: nothing to cache
            return view(request, *args, **kwargs)
        request.public_state = state
        key = _key(request, state.key)
        stored = _cache().get(key)
        if stored is not None:
            response = _from_stored(request, stored)
            response.headers["X-Cache"] = "hit"
            return response
        with public_reads(state.key, state_key_on=public_state_key_on):
            response = view(request, *args, **kwargs)
        if response.status_code != 200 or response.streaming:
            return response
        if hasattr(response, "render"):
            response.render()
        if not response.has_header("ETag"):
            set_response_etag(response)
        headers = {name: response.headers[name] for name in KEPT_HEADERS if response.has_header(name)}
        _cache().set(key, (response.content, headers), settings.PUBLIC_API_CACHE_SECONDS)
        response.headers["X-Cache"] = "miss"
        return response

    return cached


def live_set_changed_at(request):
    """When what the public sees last changed, for lists' Last-Modified (None before any publish)."""
    state = getattr(request, "public_state", None)
    return state.changed_at if state is not None else None


class CachedPublicViewMixin:
    """For the public viewsets: every view made by `as_view` answers through `cached_public_view`."""

    @classmethod
    def as_view(cls, *args, **kwargs):
        return cached_public_view(super().as_view(*args, **kwargs))
