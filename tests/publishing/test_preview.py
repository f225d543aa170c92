"""Signed, expiring preview links show a working copy and nothing else."""

import datetime

import pytest
import time_machine
from django.core import signing
from django.urls import reverse

from publishing.preview import preview_token_make

pytestmark = pytest.mark.django_db


def preview(client, token):
    return client.get(f"/api/v1/preview/{token}/")


def test_the_admin_preview_links_token_opens_the_draft_in_the_detail_format(admin_client, api_client, draft_article):
    link = admin_client.get(reverse("admin:articles_article_preview", args=[draft_article.pk]))

    assert link.status_code == 302
    token = link.url.removeprefix("http://testserver/preview/").removesuffix("/")  # the page: test_preview_page.py
    response = preview(api_client, token)
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "Secret draft about zinc"
    assert len(body["sections"]) == 2 and len(body["faqs"]) == 2
    assert response["Cache-Control"] == "private, no-store"


def test_preview_shows_the_latest_working_copy(api_client, published_article):
    token = preview_token_make(published_article)
    published_article.title = "Unpublished new title"
    published_article.save()

    assert preview(api_client, token).json()["title"] == "Unpublished new title"
    assert api_client.get(f"/api/v1/articles/{published_article.slug}/").json()["title"] != "Unpublished new title"


def test_an_expired_token_shows_nothing(api_client, draft_article, settings):
    token = preview_token_make(draft_article)

    with time_machine.travel(datetime.timedelta(seconds=settings.PREVIEW_TOKEN_MAX_AGE + 5)):
        response = preview(api_client, token)

    assert response.status_code == 403
    assert response.json() == {"detail": "This preview link has expired. Make a new one in the admin."}


def test_token_lifetime_is_a_setting(api_client, draft_article, settings):
    settings.PREVIEW_TOKEN_MAX_AGE = 60
    token = preview_token_make(draft_article)

    with time_machine.travel(datetime.timedelta(seconds=90)):
        assert preview(api_client, token).status_code == 403


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "not-a-token",
        lambda token: signing.dumps({"article": 1}, salt="some.other.salt"),
    ],
    ids=["changed signature", "garbage", "other salt"],
)
def test_a_tampered_token_shows_nothing(api_client, draft_article, tamper):
    response = preview(api_client, tamper(preview_token_make(draft_article)))

    assert response.status_code == 404
    assert set(response.json()) == {"detail"}
    assert "zinc" not in response.content.decode()


def test_the_previewed_draft_stays_out_of_the_public_api(api_client, draft_article):
    assert preview(api_client, preview_token_make(draft_article)).status_code == 200

    assert api_client.get("/api/v1/articles/").json()["count"] == 0
    assert api_client.get(f"/api/v1/articles/{draft_article.slug}/").status_code == 404
    assert api_client.get("/api/v1/faqs/").json()["count"] == 0


def test_admin_link_uses_the_frontend_preview_page_when_configured(admin_client, draft_article, settings):
    settings.PREVIEW_URL_TEMPLATE = "https://www.example.org/preview?token={token}"

    link = admin_client.get(reverse("admin:articles_article_preview", args=[draft_article.pk]))

    assert link.url.startswith("https://www.example.org/preview?token=")
    token = link.url.split("token=")[1]
    assert preview(admin_client, token).status_code == 200


def test_preview_is_documented_in_the_schema(client):
    assert "/api/v1/preview/{token}/" in client.get("/api/schema/").json()["paths"]
