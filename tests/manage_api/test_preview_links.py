"""The management API's preview links: bound to the version they were made for, of a chosen lifetime, revocable."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Permission
from rest_framework.test import APIClient

from publishing.models import PreviewLinks
from tests.helpers.factories import UserFactory, complete_article
from tests.helpers.manage_api import token_client

pytestmark = pytest.mark.django_db

URL = "/api/v1/manage/articles/"


@pytest.fixture
def article():
    return complete_article(children=1, title="Magnesium and cramps", slug="magnesium-cramps")


def make_link(client, article, **body):
    return client.post(f"{URL}{article.slug}/preview-token/", body or None, format="json")


def test_a_link_names_the_version_it_shows_and_an_edit_supersedes_it(author, article):
    client, anonymous = token_client(author), APIClient()
    link = make_link(client, article).json()
    etag = client.get(f"{URL}{article.slug}/")["ETag"]
    assert etag == f'"{link["version"]}"'

    edited = client.patch(f"{URL}{article.slug}/", {"title": "Magnesium, again"}, format="json", HTTP_IF_MATCH=etag)
    assert edited.status_code == 200

    stale = anonymous.get(link["api_url"])
    assert stale.status_code == 410
    assert stale.json()["code"] == "preview_superseded"
    assert (stale.json()["version"], stale.json()["current_version"]) == (link["version"], link["version"] + 1)
    assert anonymous.get(link["url"]).status_code == 410  # the HTML page says the same
    fresh = make_link(client, article).json()
    assert fresh["version"] == link["version"] + 1
    assert anonymous.get(fresh["api_url"]).json()["title"] == "Magnesium, again"


def test_a_link_lasts_the_default_unless_expires_in_says_otherwise(author, article, settings):
    settings.PREVIEW_TOKEN_DEFAULT_AGE, settings.PREVIEW_TOKEN_MAX_AGE = 3600, 7 * 86400
    client, anonymous = token_client(author), APIClient()

    default = make_link(client, article).json()
    week = make_link(client, article, expires_in=7 * 86400).json()
    capped = make_link(client, article, expires_in=30 * 86400).json()

    assert (default["expires_in"], week["expires_in"], capped["expires_in"]) == (3600, 7 * 86400, 7 * 86400)
    with time_machine.travel(datetime.timedelta(days=2)):
        assert anonymous.get(default["api_url"]).json()["code"] == "preview_expired"
        assert anonymous.get(week["api_url"]).status_code == 200
    with time_machine.travel(datetime.timedelta(days=7, seconds=5)):
        assert anonymous.get(capped["api_url"]).json()["code"] == "preview_expired"


@pytest.mark.parametrize("expires_in", [0, 59, "a day", 1.5, None])
def test_a_lifetime_that_is_not_a_number_of_seconds_from_60_is_a_400(author, article, expires_in):
    response = token_client(author).post(
        f"{URL}{article.slug}/preview-token/", {"expires_in": expires_in}, format="json"
    )

    assert response.status_code == 400
    assert set(response.json()) == {"expires_in"}


def test_revoking_refuses_the_links_made_before_and_not_those_made_after(author, article):
    client, anonymous = token_client(author), APIClient()
    before = [make_link(client, article).json()["api_url"] for _ in range(2)]

    response = client.post(f"{URL}{article.slug}/preview-token/revoke/")

    assert response.status_code == 200
    assert set(response.json()) == {"revoked_at"}
    assert response["Cache-Control"] == "private, no-store"
    for url in before:
        assert anonymous.get(url).json() == {
            "detail": "This preview link has been revoked. Ask an editor for a new one.",
            "code": "preview_revoked",
        }
    assert anonymous.get(make_link(client, article).json()["api_url"]).status_code == 200
    assert PreviewLinks.objects.get(article=article).revoked_by == author


def test_reviewers_and_publishers_may_revoke(reviewer, publisher, article):
    for user in (reviewer, publisher):
        assert token_client(user).post(f"{URL}{article.slug}/preview-token/revoke/").status_code == 200

    assert PreviewLinks.objects.get(article=article).generation == 2


def test_a_token_that_only_reads_may_not_revoke(article):
    reader = UserFactory(username="reader")
    reader.user_permissions.add(Permission.objects.get(content_type__app_label="articles", codename="view_article"))
    client = token_client(reader)
    link = make_link(client, article).json()

    response = client.post(f"{URL}{article.slug}/preview-token/revoke/")

    assert response.status_code == 403
    assert APIClient().get(link["api_url"]).status_code == 200
    assert not PreviewLinks.objects.exists()


def test_revoking_needs_a_token_and_an_article(author, article):
    assert APIClient().post(f"{URL}{article.slug}/preview-token/revoke/").status_code == 401
    assert token_client(author).post(f"{URL}no-such-article/preview-token/revoke/").status_code == 404
    assert not PreviewLinks.objects.exists()


def test_the_schema_documents_both_operations(client):
    schema = client.get("/api/schema/").json()
    paths, components = schema["paths"], schema["components"]["schemas"]

    def fields(body: dict) -> set[str]:
        return set(components[body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]]["properties"])

    made = paths["/api/v1/manage/articles/{slug}/preview-token/"]["post"]
    assert fields(made["requestBody"]) == {"expires_in"}
    assert fields(made["responses"]["200"]) == {"token", "url", "api_url", "expires_in", "version"}
    revoked = paths["/api/v1/manage/articles/{slug}/preview-token/revoke/"]["post"]
    assert fields(revoked["responses"]["200"]) == {"revoked_at"}
