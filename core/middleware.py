"""Middleware of the whole site: errors under /api/ are always JSON, a database that is down or a statement that ran
too long is a 503, an API address over MAX_ADDRESS_BYTES is a 414 and request bodies are read whole or refused (411,
413), HEAD answers like GET (ETag, 304), the Content-Security-Policy, the Permissions-Policy on every response, and the
admin in the editor's language."""

import logging
import time
from collections.abc import Callable
from io import BytesIO
from urllib.parse import unquote

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.middleware.http import ConditionalGetMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from core.statement_timeout import timed_out

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 5
BODY_METHODS = ("POST", "PUT", "PATCH")  # the methods whose body the API reads (others' bodies are never read)


def _is_api(request) -> bool:
    # path_info: the address below any script prefix the site is mounted at (FORCE_SCRIPT_NAME, SCRIPT_NAME).
    return request.path_info.startswith("/api/")


class ErrorsMiddleware:
    """The outermost layer but the Permissions-Policy header: whatever went wrong below, an API client gets JSON.

    - a NUL character in the address or query is a 400 (databases refuse it, PostgreSQL with an error);
    - a database that does not answer, or a statement stopped at its time limit, is a 503 with Retry-After, on every
      page;
    - any other error page under /api/ (Django's debug pages, a POST without its trailing slash in debug,
      an uncaught exception) becomes {"detail": ...} with the same status.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or "\x00" in unquote(request.META.get("QUERY_STRING", "")):
            return JsonResponse({"detail": _("The address contains a NUL character.")}, status=400)
        if _is_api(request) and not request.path.endswith("/") and request.method not in ("GET", "HEAD"):
            # Every API address ends with a slash; a redirect would lose the body of the request.
            return _json_error(404, _("Not found. Every API address ends with a slash, like /api/v1/articles/."))
        response = self.get_response(request)
        if _is_api(request) and response.status_code >= 400 and not _is_json(response):
            detail = _("Not found.") if response.status_code == 404 else response.reason_phrase
            return _json_error(response.status_code, detail)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_DOWN):
            return database_unavailable(request, exception)
        if _is_api(request):
            logger.exception("Error under /api/: %s", request.path)
            return _json_error(500, _("Internal server error."))
        return None


def body_too_large_message(limit: int) -> str:
    if limit != settings.MANAGE_API_MAX_BODY_BYTES:  # an upload's (REQUEST_BODY_LIMITS)
        return _("The request body is larger than %(limit)s bytes, the most an upload and its fields may be.") % {
            "limit": limit
        }
    return _("The request body is larger than %(limit)s bytes. Send fewer articles or parts at a time.") % {
        "limit": limit
    }


class RequestBodyMiddleware:
    """An API request's body, whatever its framing, is read whole up to MANAGE_API_MAX_BODY_BYTES or refused.

    Django reads only CONTENT_LENGTH bytes, so a chunked body (no Content-Length) would look empty: a PATCH would
    change nothing and answer 200. When the server has de-chunked the input and marks its end
    (`wsgi.input_terminated`, as gunicorn does), the body is read here, at most one byte past the limit; when it
    has not (runserver), reading could block or stop short, so the answer is a 411. A declared length over the limit
    is a 413 before anything reads the body (Django would raise RequestDataTooBig past its own limit, a 500).

    A refused body is read and dropped before the answer goes (`_discard_body`): a server that closes a connection
    with bytes left unread resets it, and a client still sending its body then sees a broken pipe, not the 413."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _is_api(request):
            limit = request_body_limit(request)
            chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
            if chunked and request.method in BODY_METHODS:
                refusal = _read_chunked_body(request, limit)
            else:
                refusal = _declared_length_refusal(request, limit)
            if refusal is not None:
                return refusal
        elif request.method in BODY_METHODS:
            # A page that takes an upload (the admin's image pages): a declared length over its limit is refused before
            # Django streams the body to temporary files (CSRF's check reads the form of every POST, signed in or not).
            for prefix, limit in settings.PAGE_BODY_LIMITS.items():
                if request.path_info.startswith(prefix) and _declared_length(request) > limit:
                    _discard_body(request.read, _declared_length(request))
                    return HttpResponse(body_too_large_message(limit), status=413, content_type="text/plain")
        return self.get_response(request)


def _declared_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0  # Django's own handling of a malformed length applies


def _discard_body(read: Callable[[int], bytes], most: int) -> None:
    """Reads and drops up to `most` bytes of a refused body, at most REFUSED_BODY_DRAIN_BYTES within
    REFUSED_BODY_DRAIN_SECONDS: a larger or slower body is left, and its connection may be reset, so that a client
    cannot hold a worker by declaring a huge body. `read`: the request's own (a declared length; it marks the body
    read, as it is) or the server's de-chunked input."""
    left = min(most, settings.REFUSED_BODY_DRAIN_BYTES)
    deadline = time.monotonic() + settings.REFUSED_BODY_DRAIN_SECONDS
    while left > 0 and time.monotonic() < deadline:
        chunk = read(min(64 * 1024, left))
        if not chunk:
            return
        left -= len(chunk)


def request_body_limit(request) -> int:
    """MANAGE_API_MAX_BODY_BYTES, or the larger limit REQUEST_BODY_LIMITS gives the address (an image upload)."""
    for prefix, limit in settings.REQUEST_BODY_LIMITS.items():
        if request.path_info.startswith(prefix):
            return limit
    return settings.MANAGE_API_MAX_BODY_BYTES


def _read_chunked_body(request, limit: int) -> JsonResponse | None:
    if not request.META.get("wsgi.input_terminated"):
        return _json_error(
            411, _("Send the body with a Content-Length header: this server cannot read a chunked request body.")
        )
    body = request.META["wsgi.input"].read(limit + 1)
    if len(body) > limit:
        # The rest, to its end (which the server marks).
        _discard_body(request.META["wsgi.input"].read, settings.REFUSED_BODY_DRAIN_BYTES)
        return _json_error(413, body_too_large_message(limit))
    # What Django's own HttpRequest.body leaves behind once it has read a body: the bytes, and a stream over them.
    request._body = body
    request._stream = BytesIO(body)
    request.META["CONTENT_LENGTH"] = str(len(body))  # DRF reads no stream from a request of length 0
    return None


def _declared_length_refusal(request, limit: int) -> JsonResponse | None:
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return _json_error(400, _("The Content-Length header is not a number."))
    if declared <= limit:
        return None
    _discard_body(request.read, declared)
    return _json_error(413, body_too_large_message(limit))


class AddressLengthMiddleware:
    """An API address (path and query, as the client sent them) longer than MAX_ADDRESS_BYTES is a JSON 414.

    The HTTP server refuses longer request lines with its own page (gunicorn: an HTML 414); this limit is below
    the server's (gunicorn.conf.py), so that whatever address reaches the app gets the API's JSON error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _is_api(request):
            limit = settings.MAX_ADDRESS_BYTES
            # The escaped path and query: the bytes of the request line's target, up to how the client escaped them.
            if len(request.get_full_path()) > limit:
                return _json_error(
                    414,
                    _("The address is longer than %(limit)s bytes: send fewer or shorter query parameters.")
                    % {"limit": limit},
                )
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Permissions-Policy (settings.PERMISSIONS_POLICY) on every response that has not set its own. The outermost
    middleware, so that the responses other middleware make (refusals, JSON error pages) carry it too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


# What a database that does not answer (down, frozen, locked) raises, and a statement stopped at its time limit.
DATABASE_DOWN = (OperationalError, InterfaceError)


def database_unavailable(request, error: Exception) -> HttpResponse:
    """The 503 with Retry-After for a database that does not answer, or a statement stopped at
    DATABASE_STATEMENT_TIMEOUT_MS (core.statement_timeout): JSON under /api/, text elsewhere."""
    if timed_out(error):
        message = _(
            "The request took too long: a database query ran past %(seconds)s seconds and was stopped. "
            "Try again in a few seconds; a narrower request (a filter, a smaller page) answers sooner."
        ) % {"seconds": f"{settings.DATABASE_STATEMENT_TIMEOUT_MS / 1000:g}"}
    else:
        message = _("The database is not answering. Try again in a few seconds.")
    if _is_api(request):
        response: HttpResponse = JsonResponse({"detail": message}, status=503)
    else:
        response = HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _is_json(response) -> bool:
    return response.get("Content-Type", "").split(";")[0].strip().endswith("json")


def _json_error(status: int, detail: str) -> JsonResponse:
    response = JsonResponse({"detail": detail}, status=status)
    response["Cache-Control"] = "no-store"
    return response


class ConditionalGetIncludingHeadMiddleware(ConditionalGetMiddleware):
    """Django's ETag and 304 handling, for HEAD as well as GET (Django's own skips HEAD)."""

    def process_response(self, request, response):
        if request.method != "HEAD":
            return super().process_response(request, response)
        request.method = "GET"  # the headers a GET would get; the server sends no body for HEAD
        try:
            return super().process_response(request, response)
        finally:
            request.method = "HEAD"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy, enforced; on the admin's pages report-only (its widgets use inline code)."""

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if request.path.startswith(f"/{settings.ADMIN_PATH}") and response.has_header(HEADER):
            response[HEADER_REPORT_ONLY] = response[HEADER]
            del response[HEADER]
        return response


class AdminLocaleMiddleware:
    """The admin in the editor's language (LANGUAGES): the language cookie that Django's set_language view sets, else
    the browser's Accept-Language, as Django's LocaleMiddleware chooses it, with its Vary and Content-Language.

    The admin only. Every other response (the public and management APIs, the reader's preview page) is made in the
    site's LANGUAGE_CODE and never varies by Accept-Language: the public API's responses are cached per address and
    content language (?language=), its error texts are a contract in English, and its Content-Language is the
    article's. Django does not reset the thread's language after a request, so the admin's is undone when its response
    is made (the thread's language before it is back), and no later request on the same thread inherits it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(f"/{settings.ADMIN_PATH}"):
            return self.get_response(request)
        with translation.override(translation.get_language_from_request(request)):
            request.LANGUAGE_CODE = translation.get_language()
            response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response
