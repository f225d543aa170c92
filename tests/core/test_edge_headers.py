"""At the edge of every response: the Permissions-Policy header, on the API, the admin and the preview page; and
the API's own limit on the length of an address, a JSON 414 (over real HTTP through gunicorn: test_middleware.py)."""

import re
from urllib.parse import urlsplit

import pytest
from django.db import OperationalError, connection
from django.test import override_settings

from tests.helpers.factories import ArticleFactory
from tests.helpers.manage_api import token_client

pytestmark = pytest.mark.django_db

# Structured-field dictionary members, each a feature allowed nowhere: `name=()`.
DENIED = re.compile(r"[a-z][a-z-]*=\(\)")


def preview_path(editor) -> str:
    article = ArticleFactory()
    made = token_client(editor).post(f"/api/v1/manage/articles/{article.slug}/preview-token/")
    assert made.status_code == 200, made.json()
    return urlsplit(made.json()["api_url"]).path.replace("/api/v1/preview/", "/preview/")


def refuse_every_query(execute, sql, params, many, context):
    raise OperationalError("server closed the connection unexpectedly")


def test_every_kind_of_response_carries_the_permissions_policy(client, admin_client, editor, settings):
    policy = settings.PERMISSIONS_POLICY
    responses = {
        "public API": client.get("/api/v1/articles/"),
        "API error": client.get("/api/v1/articles/no-such-article/"),
        "API refusal before any view": client.get("/api/v1/articles/?search=" + "a" * 5000),
        "refusal of the outermost middleware": client.get("/api/v1/articles/?search=%00"),
        "management API": token_client(editor).get("/api/v1/manage/articles/"),
        "admin": admin_client.get("/admin/"),
        "admin sign-in": client.get("/admin/login/"),
        "preview page": client.get(preview_path(editor)),
        "health check": client.get("/healthz"),
        "HEAD": client.head("/api/v1/articles/"),
    }
    etag = responses["public API"]["ETag"]
    responses["not modified"] = client.get("/api/v1/articles/", HTTP_IF_NONE_MATCH=etag)
    with connection.execute_wrapper(refuse_every_query):
        responses["database down"] = client.get("/api/v1/topics/?page=2")
    assert responses["not modified"].status_code == 304 and responses["database down"].status_code == 503

    assert {name: response["Permissions-Policy"] for name, response in responses.items()} == dict.fromkeys(
        responses, policy
    )
    assert responses["preview page"].status_code == 200 and responses["admin"].status_code == 200


def test_the_default_policy_denies_the_powerful_features_in_valid_syntax(settings):
    members = [member.strip() for member in settings.PERMISSIONS_POLICY.split(",")]

    assert all(DENIED.fullmatch(member) for member in members), members
    assert {"camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()", "browsing-topics=()"} <= set(
        members
    )
    assert "interest-cohort=()" not in members  # FLoC's, gone from browsers: browsing-topics replaced it


def test_the_policy_is_a_setting_and_an_empty_one_sends_none(client):
    with override_settings(PERMISSIONS_POLICY="camera=(self)"):
        assert client.get("/api/v1/articles/")["Permissions-Policy"] == "camera=(self)"
    with override_settings(PERMISSIONS_POLICY=""):
        assert "Permissions-Policy" not in client.get("/api/v1/articles/")


# --- the address's length ---------------------------------------------------------------------------------------


def test_an_api_address_over_the_limit_is_a_json_414(client, settings):
    settings.MAX_ADDRESS_BYTES = 200
    base = "/api/v1/articles/?search="
    at_the_limit = base + "a" * (200 - len(base))

    over = client.get(at_the_limit + "a")
    long_path = client.get("/api/v1/articles/" + "x" * 300 + "/")

    assert over.status_code == 414
    assert over.json() == {"detail": "The address is longer than 200 bytes: send fewer or shorter query parameters."}
    assert long_path.status_code == 414 and long_path["Content-Type"] == "application/json"
    assert client.get(at_the_limit).status_code == 200  # control: at the limit, the view answers


def test_the_length_is_of_the_address_as_sent_escapes_included(client, settings):
    settings.MAX_ADDRESS_BYTES = 200
    escaped = "/api/v1/articles/?search=" + "%C3%A9" * 29  # 199 bytes sent for 29 characters

    assert client.get(escaped).status_code == 200
    assert client.get(escaped + "%C3%A9").status_code == 414


def test_the_default_limit_answers_the_api_and_leaves_other_pages_alone(client, admin_client):
    over = client.get("/api/v1/articles/?search=" + "a" * 5000)
    under = client.get("/api/v1/articles/?search=" + "a" * 4000)  # 4025 bytes: the view names the parameter
    admin = admin_client.get("/admin/articles/article/?q=" + "a" * 5000)

    assert (over.status_code, under.status_code, under.json()) == (414, 400, {"search": ["At most 200 characters."]})
    assert admin.status_code == 200
