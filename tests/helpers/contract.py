"""Every response the tests see under /api/v1/ is checked against the OpenAPI schema (openapi-core)."""

import functools
import json

from django.core.exceptions import RequestDataTooBig
from django.http.request import RawPostDataException
from django.test.client import Client
from openapi_core import Config, OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from openapi_core.templating.paths.exceptions import OperationNotFound, PathNotFound

CHECKED_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"}


@functools.cache
def openapi() -> OpenAPI:
    from drf_spectacular.generators import SchemaGenerator

    # With openapi-core's own spec validation (openapi-spec-validator): the schema must load strictly, patterns
    # included (they are written for ECMAScript and Python's `re` alike).
    config = Config(extra_media_type_deserializers={"application/ld+json": json.loads})
    return OpenAPI.from_dict(SchemaGenerator().get_schema(request=None, public=True), config=config)


class CheckedRequest(DjangoOpenAPIRequest):
    """The request as openapi-core reads it; a body the server refused unread, over Django's own limit (413) or with
    a Content-Length that is not a number (400), or a multipart upload already read as a stream, reads as empty:
    Django would raise reading it, and only the response is checked."""

    @property
    def body(self) -> bytes:
        try:
            return super().body
        except (RequestDataTooBig, RawPostDataException, ValueError):
            return b""


def check_response(response) -> None:
    request = response.wsgi_request
    if not request.path.startswith("/api/v1/") or request.method not in CHECKED_METHODS:
        return
    try:
        openapi().validate_response(CheckedRequest(request), DjangoOpenAPIResponse(response))
    except (PathNotFound, OperationNotFound):
        return  # an address or method no operation has (a 404 or 405), or a route that only a test adds


def checking_request(original):
    @functools.wraps(original)
    def request(self, **kwargs):
        response = original(self, **kwargs)
        check_response(response)
        return response

    return request


def install(monkeypatch) -> None:
    monkeypatch.setattr(Client, "request", checking_request(Client.request))
