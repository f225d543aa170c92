"""JSON errors for everything under /api/: one place turns domain errors into HTTP statuses.

Services raise Django's ValidationError (400), PermissionDenied (403), `core.exceptions.StateConflict`
(409) and `StaleVersion` (412); a record deleted by another request meanwhile is a 404; a delete that other rows
protect is a 409 too, and so is a value that
another record already holds (a slug or a name: the body names the field, as a 400 would). DRF's own
exceptions keep their statuses. Django's 404 and 500 pages
under /api/ are JSON too.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.views import exception_handler

from core.exceptions import StaleDocument, StaleVersion, StateConflict


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with the current state of the resource."
    default_code = "conflict"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The resource was changed since the version you sent."
    default_code = "precondition_failed"


def _details(error: DjangoValidationError):
    """{"field": ["message"]} for errors about fields, else the list of messages."""
    if hasattr(error, "error_dict"):
        return {field: [str(message) for message in messages] for field, messages in error.message_dict.items()}
    return [str(message) for message in error.messages]


def as_api_exception(exc: Exception) -> Exception:
    """The DRF exception that says `exc` to an API client (other exceptions pass unchanged)."""
    if isinstance(exc, StaleVersion):
        return PreconditionFailed(str(exc))
    if isinstance(exc, StateConflict):
        return Conflict(" ".join(str(message) for message in exc.messages))
    if isinstance(exc, ProtectedError):
        return Conflict(
            _("Other records still use this one (%(count)s), so it cannot be deleted.")
            % {"count": len(exc.protected_objects)}
        )
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(_details(exc))
    if isinstance(exc, ObjectDoesNotExist):
        # A record the request found was deleted by another request before the service locked it.
        return exceptions.NotFound(_("Not found: it was deleted meanwhile."))
    return exc


def _codes(codes) -> set[str]:
    if isinstance(codes, dict):
        return set().union(*map(_codes, codes.values()))
    if isinstance(codes, list):
        return set().union(*map(_codes, codes))
    return {codes}


def json_exception_handler(exc, context):
    response = exception_handler(as_api_exception(exc), context)
    if response is not None and isinstance(response.data, list):
        response.data = {"detail": response.data}
    if isinstance(exc, exceptions.ValidationError) and _codes(exc.get_codes()) == {"unique"}:
        response.status_code = status.HTTP_409_CONFLICT  # valid input, taken by another record: a conflict
    if isinstance(exc, StaleVersion) and exc.current is not None:
        response.data["current_version"] = exc.current  # what the client must reload
    if isinstance(exc, StaleDocument):
        response.data.update(changes=exc.changes, current_document_fingerprint=exc.current_fingerprint)
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
