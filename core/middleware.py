"""Middleware of the whole site: a database that is down answers 503, and the Content-Security-Policy."""

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = 5


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        message = _("The database is not answering. Try again in a few seconds.")
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": message}, status=503)
        else:
            response = HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy, enforced; on the admin's pages report-only (its widgets use inline code)."""

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if request.path.startswith(f"/{settings.ADMIN_PATH}") and response.has_header(HEADER):
            response[HEADER_REPORT_ONLY] = response[HEADER]
            del response[HEADER]
        return response
