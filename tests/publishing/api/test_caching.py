"""ETag, Last-Modified, 304s and Cache-Control on the public API."""

import datetime
from email.utils import parsedate_to_datetime

import pytest
import time_machine
from django.utils import timezone
from django.utils.http import http_date

from publishing.services.editorial_steps import article_transition
from tests.helpers.publishing import publish_reviewed

pytestmark = pytest.mark.django_db


def test_detail_carries_etag_last_modified_and_public_cache_control(api_client, published_article):
    response = api_client.get(f"/api/v1/articles/{published_article.slug}/")

    assert response["ETag"].startswith('"') and len(response["ETag"]) > 10
    assert response["Last-Modified"]
    assert "public" in response["Cache-Control"]
    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=300", "stale-while-revalidate=60"}


def test_detail_answers_if_none_match_with_304(api_client, published_article):
    url = f"/api/v1/articles/{published_article.slug}/"
    etag = api_client.get(url)["ETag"]

    response = api_client.get(url, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_detail_answers_if_modified_since_with_304(api_client, published_article):
    url = f"/api/v1/articles/{published_article.slug}/"
    last_modified = api_client.get(url)["Last-Modified"]

    assert api_client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    assert api_client.get(url, HTTP_IF_MODIFIED_SINCE=http_date(0)).status_code == 200


def test_republishing_changes_the_etag(api_client, published_article):
    url = f"/api/v1/articles/{published_article.slug}/"
    etag = api_client.get(url)["ETag"]
    published_article.title = "A better title"
    published_article.save()
    publish_reviewed(published_article)

    response = api_client.get(url, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200
    assert response["ETag"] != etag


@pytest.mark.parametrize("url", ["/api/v1/articles/", "/api/v1/faqs/", "/api/v1/references/"])
def test_lists_carry_validators_and_answer_304(api_client, published_article, url):
    response = api_client.get(url)

    assert response["ETag"]
    assert response["Last-Modified"]
    assert "public" in response["Cache-Control"]
    assert api_client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_list_etag_changes_when_an_article_is_published(api_client, published_article, draft_article):
    etag = api_client.get("/api/v1/articles/")["ETag"]
    publish_reviewed(draft_article)

    assert api_client.get("/api/v1/articles/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_public_responses_do_not_vary_by_login(client, admin_client, published_article):
    url = f"/api/v1/articles/{published_article.slug}/"

    anonymous = client.get(url)
    logged_in = admin_client.get(url)

    assert anonymous.content == logged_in.content
    assert logged_in["Cache-Control"] == anonymous["Cache-Control"]
    assert "Cookie" not in logged_in.get("Vary", "")


def test_list_last_modified_moves_when_an_article_is_unpublished(api_client, published_article, publisher):
    before = parsedate_to_datetime(api_client.get("/api/v1/articles/")["Last-Modified"])
    later = timezone.now() + datetime.timedelta(minutes=5)

    with time_machine.travel(later, tick=False):
        article_transition("unpublish", article=published_article, user=publisher)
        after = parsedate_to_datetime(api_client.get("/api/v1/articles/")["Last-Modified"])

    assert before < after
    assert after == later.replace(microsecond=0)


@pytest.mark.parametrize("kind", ["topics", "contributors"])
def test_record_details_carry_last_modified_and_answer_if_modified_since(api_client, published_article, kind):
    slug = api_client.get(f"/api/v1/{kind}/").json()["results"][0]["slug"]
    url = f"/api/v1/{kind}/{slug}/"
    response = api_client.get(url)
    last_modified = response["Last-Modified"]

    not_modified = api_client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified)
    head = api_client.head(url, HTTP_IF_MODIFIED_SINCE=last_modified)

    assert response.status_code == 200
    assert last_modified == api_client.get(f"/api/v1/{kind}/")["Last-Modified"]  # the live set's, as the list's
    assert (not_modified.status_code, not_modified.content) == (304, b"")
    assert not_modified["Last-Modified"] == last_modified
    assert head.status_code == 304
    assert api_client.get(url, HTTP_IF_MODIFIED_SINCE=http_date(0)).status_code == 200


@pytest.mark.parametrize("kind", ["topics", "contributors"])
def test_a_record_detail_s_last_modified_moves_when_what_is_live_changes(
    api_client, published_article, draft_article, kind
):
    """A record is shown as the newest live publication naming it gave it: when that changes, so does the time."""
    slug = api_client.get(f"/api/v1/{kind}/").json()["results"][0]["slug"]
    url = f"/api/v1/{kind}/{slug}/"
    before = api_client.get(url)["Last-Modified"]
    later = timezone.now() + datetime.timedelta(minutes=5)

    with time_machine.travel(later, tick=False):
        publish_reviewed(draft_article)
        after = api_client.get(url, HTTP_IF_MODIFIED_SINCE=before)

    assert after.status_code == 200
    assert parsedate_to_datetime(after["Last-Modified"]) == later.replace(microsecond=0)
