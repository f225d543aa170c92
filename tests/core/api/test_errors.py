"""Domain errors raised by services become JSON 4xx under DRF, never a 500."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import path
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from articles.models import Article
from config.urls import urlpatterns as real_urlpatterns
from core.exceptions import RoleError, StaleVersion, StateConflict

RAISED = {
    "field": ValidationError({"title": ["Give the article a title."]}),
    "plain": ValidationError("The marker [4] points nowhere."),
    "role": RoleError("Only a publisher can publish."),
    "permission": PermissionDenied("No."),
    "conflict": StateConflict("“Zinc” is a draft; “Publish” applies only to an approved article."),
    "stale": StaleVersion("Someone saved this article since you loaded it.", current=7),
    # What a service's locked read raises when another request deleted the row after the view found it.
    "gone": Article.DoesNotExist("Article matching query does not exist."),
}


class Raising(APIView):
    authentication_classes = ()
    permission_classes = (AllowAny,)

    def get(self, request, name):
        if name == "none":
            return Response({"ok": True})
        raise RAISED[name]


urlpatterns = [path("api/test-only/raise/<str:name>/", Raising.as_view()), *real_urlpatterns]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    ("name", "status", "body"),
    [
        ("field", 400, {"title": ["Give the article a title."]}),
        ("plain", 400, {"detail": ["The marker [4] points nowhere."]}),
        ("role", 403, {"detail": "Only a publisher can publish."}),
        ("permission", 403, {"detail": "No."}),
        ("conflict", 409, {"detail": "“Zinc” is a draft; “Publish” applies only to an approved article."}),
        ("stale", 412, {"detail": "Someone saved this article since you loaded it.", "current_version": 7}),
        ("gone", 404, {"detail": "Not found: it was deleted meanwhile."}),
    ],
)
def test_service_errors_become_json_client_errors(client, name, status, body):
    client.raise_request_exception = False

    response = client.get(f"/api/test-only/raise/{name}/")

    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response.json() == body


@pytest.mark.urls(__name__)
def test_the_view_answers_normally_when_nothing_is_raised(client):
    assert client.get("/api/test-only/raise/none/").json() == {"ok": True}


def test_drf_views_are_closed_unless_they_open_themselves(settings):
    """A view that forgets to say who may use it answers 403 rather than serving anyone."""
    from rest_framework.test import APIRequestFactory

    class Forgetful(APIView):
        def get(self, request):
            return Response({"secret": True})

    response = Forgetful.as_view()(APIRequestFactory().get("/api/v1/forgetful/"))
    assert response.status_code == 403
    response = Raising.as_view()(APIRequestFactory().get("/api/test-only/raise/none/"), name="none")
    assert response.status_code == 200
