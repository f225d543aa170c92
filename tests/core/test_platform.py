"""Health check, JSON errors, the OpenAPI schema and its offline docs."""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.db import OperationalError, connection
from django.test import override_settings
from django.urls import path

from config.urls import urlpatterns as real_urlpatterns
from core.services.workers import worker_start


def explode(request):
    raise RuntimeError("boom")


urlpatterns = [
    path("api/v1/explode/", explode),
    path("explode/", explode),
    *real_urlpatterns,
]
handler404 = "core.api.errors.not_found"
handler500 = "core.api.errors.server_error"


@pytest.mark.django_db
def test_healthz_is_ok_when_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"


@pytest.mark.django_db
@override_settings(WORKER_STALE_AFTER_SECONDS=30)
def test_healthz_reports_a_worker_that_has_not_polled_recently_and_stays_200(client):
    start = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        assert client.get("/healthz").json()["worker"] == {"state": "none", "last_poll_seconds_ago": None, "alive": 0}
        worker_start(worker_id="worker-a")
        traveller.shift(datetime.timedelta(seconds=12))
        assert client.get("/healthz").json()["worker"] == {"state": "ok", "last_poll_seconds_ago": 12.0, "alive": 1}

        traveller.shift(datetime.timedelta(seconds=19))
        response = client.get("/healthz")

    assert response.status_code == 200  # the web still serves: load balancers keep routing to it
    assert response.json()["status"] == "ok"
    assert response.json()["worker"] == {"state": "stale", "last_poll_seconds_ago": 31.0, "alive": 0}


def refuse_every_query(execute, sql, params, many, context):
    raise OperationalError("could not connect to server: Connection refused")


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_does_not_answer(client):
    # Django's execute_wrapper hook makes the real connection fail, as a dead server would.
    with connection.execute_wrapper(refuse_every_query):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.urls(__name__)
def test_server_errors_under_api_are_json(client):
    client.raise_request_exception = False

    response = client.get("/api/v1/explode/")

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Internal server error."}


@pytest.mark.urls(__name__)
def test_server_errors_elsewhere_stay_html(client):
    client.raise_request_exception = False

    response = client.get("/explode/")

    assert response.status_code == 500
    assert "application/json" not in response["Content-Type"]


@pytest.mark.django_db
def test_openapi_schema_documents_every_public_path(client):
    response = client.get("/api/schema/")

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for expected in [
        "/api/v1/articles/",
        "/api/v1/articles/{slug}/",
        "/api/v1/faqs/",
        "/api/v1/references/",
        "/api/v1/topics/",
        "/api/v1/contributors/",
    ]:
        assert expected in schema["paths"], expected
    article_list = schema["paths"]["/api/v1/articles/"]["get"]
    parameters = {parameter["name"] for parameter in article_list["parameters"]}
    assert {
        "topic",
        "search",
        "updated_since",
        "published_after",
        "published_before",
        "reviewer",
        "ordering",
        "page",
        "page_size",
    } <= parameters
    detail_schema = schema["components"]["schemas"]["ArticleDetail"]["properties"]
    assert {"key_points", "sections", "faqs", "references", "table_of_contents"} <= set(detail_schema)


@pytest.mark.django_db
def test_api_docs_load_their_assets_locally(client):
    page = client.get("/api/docs/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "cdn." not in html and "unpkg" not in html and "jsdelivr" not in html
    assert client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js").status_code == 200


def test_openapi_schema_is_valid_and_generates_without_warnings(tmp_path):
    from django.core.management import call_command

    call_command("spectacular", validate=True, fail_on_warn=True, file=str(tmp_path / "schema.yaml"))

    assert "/api/v1/articles/{slug}/jsonld/" in (tmp_path / "schema.yaml").read_text()


@pytest.mark.django_db
def test_a_content_security_policy_is_enforced_on_the_api_and_reported_on_the_admin(client, admin_client):
    api = client.get("/api/v1/articles/")
    docs = client.get("/api/docs/")
    admin = admin_client.get("/admin/")

    assert "default-src 'none'" in api["Content-Security-Policy"]
    assert "script-src 'self'" in docs["Content-Security-Policy"]
    assert "<script>" not in docs.content.decode()  # the docs' own script comes from a URL, as the policy needs
    assert "Content-Security-Policy" not in admin
    assert "default-src 'none'" in admin["Content-Security-Policy-Report-Only"]


@pytest.mark.django_db
def test_the_contract_check_catches_a_response_that_breaks_the_schema(api_client, published_article):
    """The guard of every test: a response that does not match the schema fails the test that saw it."""
    from publishing.models import Publication
    from tests.helpers.contract import check_response

    response = api_client.get(f"/api/v1/articles/{published_article.slug}/")  # checked, and valid
    publication = Publication.objects.get()
    del publication.document["summary"]  # a detail without a field the contract says is always there
    publication.save()
    cache.clear()  # written past the services, so the cached response was not told

    with pytest.raises(Exception, match="summary"):
        api_client.get(f"/api/v1/articles/{published_article.slug}/")
    assert response.status_code == 200
    check_response(response)  # the control: the valid one passes
