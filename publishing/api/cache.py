"""Whole public responses kept in Django's cache, each with the surrogate keys it shows and the version it was made at.

A response names what it shows in its `Surrogate-Key` header (one article; the lists of one topic; the other
lists: `publishing.surrogate_keys`). Every change of what the public sees moves the live set to a new version
and moves the keys of what it changed to that version, in the same transaction
(`publishing.services.live_set`). A request reads its stored response, then the state row and the latest
version of that response's keys in one query: the response is current while none of its keys moved past the
version it was made at. So a publish is visible in the very next request, in every worker, while what shows
nothing it changed stays cached; repeated reads send stored bytes: no serializer, no JSON encoding, no other
query. `If-None-Match` / `If-Modified-Since` are answered with a 304 from the stored headers.

A response is made at the version read before its view ran: a change that commits while the view reads has a
later version, so what the view read is never kept past it.

`X-Cache: hit` or `miss` says which it was (for operators; a CDN in front keeps its own).
Only 200 responses of GET and HEAD are stored; errors, redirects and previews never are. The stored
response's cache key holds the scheme, host (the bodies hold absolute links), the Accept header, the whole
path with its query, and today's date (`?review_overdue` changes at midnight without any publish).
"""

import hashlib
from functools import cached_property, partial

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.http import parse_http_date_safe
from rest_framework.pagination import BasePagination

from core.api.pagination import KeysFirstPaginator, StrictPageNumberPagination
from core.db import public_reads
from core.middleware import DATABASE_DOWN, database_unavailable
from publishing import surrogate_keys
from publishing.services.live_set import keys_version, public_state_current, public_state_key_on

NOT_MODIFIED_HEADERS = {"Cache-Control", "Content-Location", "Date", "ETag", "Expires", "Last-Modified", "Vary"}


def _cache():
    return caches[settings.PUBLIC_API_CACHE]


def _key(request) -> str:
    parts = (
        request.scheme,
        request.get_host(),
        request.headers.get("Accept", ""),
        request.get_full_path(),
        timezone.localdate().isoformat(),
    )
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"public-response:{digest}"


def _current(stored_version: int, state) -> bool:
    """Whether something stored at `stored_version` is current in `state` (read with the keys of what it shows).
    A version past the state's own was made before the database was restored to an earlier point: not current."""
    return state.keys_version <= stored_version <= state.version


def _from_stored(request, stored: tuple[bytes, dict]) -> HttpResponse:
    content, headers = stored
    last_modified = parse_http_date_safe(headers["Last-Modified"]) if "Last-Modified" in headers else None
    not_modified = get_conditional_response(request, etag=headers.get("ETag"), last_modified=last_modified)
    if not_modified is not None:  # the headers a 304 repeats (RFC 9110, 15.4.5), as Django's own 304s do
        headers = {name: value for name, value in headers.items() if name in NOT_MODIFIED_HEADERS}
    response = not_modified if not_modified is not None else HttpResponse(content)
    for name, value in headers.items():
        response.headers[name] = value
    return response


class PublicResponseCacheMiddleware:
    """Answers public reads from the cache before the rest of the request path runs, and stores the 200
    responses of the views that `CachedPublicViewMixin` marks.

    Placed after the middleware whose headers every response needs (security, CSP, CORS) and before
    the rest (sessions, CSRF, authentication, messages: the public API uses none of them), so a hit
    costs the state row and a cache read. A response is stored as the inner middleware left it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = settings.PUBLIC_API_PREFIX
        self.uncached = tuple(settings.PUBLIC_API_UNCACHED_PREFIXES)

    def __call__(self, request):
        if (
            request.method not in ("GET", "HEAD")
            or not request.path.startswith(self.prefix)
            or request.path.startswith(self.uncached)
        ):
            return self.get_response(request)
        key = _key(request)
        stored = _cache().get(key)
        stored_keys = stored[2] if stored is not None else ()
        try:
            state = public_state_current(keys=stored_keys)
        except DATABASE_DOWN as error:  # raised here, outside any view, so ErrorsMiddleware would not see it
            return database_unavailable(request, error)
        if state is None:  # nothing was ever published: nothing to cache
            return self.get_response(request)
        request.public_state = state
        if stored is not None and _current(stored[3], state):
            response = _from_stored(request, stored[:2])
            response.headers["X-Cache"] = "hit"
            return response
        response = self.get_response(request)
        view = getattr(getattr(request, "resolver_match", None), "func", None)  # none when the URL did not resolve
        if response.status_code == 200 and not response.streaming and getattr(view, "public_cache", False):
            if not response.has_header("ETag"):
                set_response_etag(response)
            headers = {name: value for name, value in response.headers.items() if name != "X-Cache"}
            shown = tuple(surrogate_keys.from_header(response.headers["Surrogate-Key"]))
            _cache().set(key, (response.content, headers, shown, state.version), settings.PUBLIC_API_CACHE_SECONDS)
            response.headers["X-Cache"] = "miss"
        return response


def live_set_changed_at(request):
    """When what the public sees last changed, for lists' Last-Modified (None before any publish)."""
    state = getattr(request, "public_state", None)
    return state.changed_at if state is not None else None


class CachedCountPaginator(KeysFirstPaginator):
    """Counts once per filter set until a change of what the list shows: the other pages and page sizes of the
    same list reuse the count (a count reads every matching row; a page reads only its own). The count is kept
    with the version it was made at and the list's surrogate keys, and checked as responses are."""

    def __init__(self, *args, count_key: str, state, shown: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key, self.state, self.shown = count_key, state, shown

    @cached_property
    def count(self) -> int:
        stored = _cache().get(self.count_key)
        if stored is not None and _count_current(stored, self.shown, self.state):
            return stored[0]
        count = super().count
        _cache().set(self.count_key, (count, self.state.version), settings.PUBLIC_API_CACHE_SECONDS)
        return count


def _count_current(stored: tuple[int, int], shown: tuple[str, ...], state) -> bool:
    """Whether a count stored at a version is current: none of the list's keys moved since (one query)."""
    return keys_version(keys=shown) <= stored[1] <= state.version


class LiveSetPagination(StrictPageNumberPagination):
    """The contract's page numbers and envelope, with the count cached (`CachedCountPaginator`)."""

    def paginate_queryset(self, queryset, request, view=None):
        state = getattr(request, "public_state", None)
        if state is None:
            self.django_paginator_class = KeysFirstPaginator
        else:
            params = sorted(
                (name, value)
                for name, value in request.query_params.lists()
                if name not in (self.page_query_param, self.page_size_query_param, "ordering")  # none changes the count
            )
            digest = hashlib.sha256(f"{request.path}\n{params}\n{timezone.localdate()}".encode()).hexdigest()
            shown = tuple(surrogate_keys.from_header(view.surrogate_key))
            self.django_paginator_class = partial(
                CachedCountPaginator, count_key=f"public-count:{digest}", state=state, shown=shown
            )
        return super().paginate_queryset(queryset, request, view)


class CachedPublicViewMixin:
    """For the public viewsets: their 200 responses are cached (`PublicResponseCacheMiddleware`), their
    lists' counts too (`LiveSetPagination`), and their reads go to the read replica when it has the latest
    change of the live set."""

    pagination_class: type[BasePagination] | None = LiveSetPagination
    surrogate_key = surrogate_keys.LISTS  # a view of one article, or of one topic's articles, sets its own

    @classmethod
    def as_view(cls, *args, **kwargs):
        view = super().as_view(*args, **kwargs)
        view.public_cache = True
        return view

    def dispatch(self, request, *args, **kwargs):
        state = getattr(request, "public_state", None)
        if state is None:
            return super().dispatch(request, *args, **kwargs)
        with public_reads(state.key, state_key_on=public_state_key_on):
            return super().dispatch(request, *args, **kwargs)
