"""JSON errors for everything under /api/, including Django's own 404 and 500."""

from django.http import JsonResponse
from django.views import defaults
from rest_framework.views import exception_handler


def json_exception_handler(exc, context):
    response = exception_handler(exc, context)
    if response is not None and isinstance(response.data, list):
        response.data = {"detail": response.data}
    return response


def _is_api_request(request) -> bool:
    return request.path.startswith("/api/")


def not_found(request, exception=None):
    if _is_api_request(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _is_api_request(request):
        return JsonResponse({"detail": "Internal server error."}, status=500)
    return defaults.server_error(request)
