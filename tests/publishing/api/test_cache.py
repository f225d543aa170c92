"""The public response cache (publishing.api.cache): repeated reads send stored bytes, and any change of
what the public sees is in the very next response."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article
from publishing.preview import preview_token_make
from publishing.services.lifecycle import article_rollback, article_transition
from tests.helpers.factories import complete_article
from tests.helpers.manage_api import token_client
from tests.helpers.publishing import publish_reviewed

pytestmark = pytest.mark.django_db

MINUTE = datetime.timedelta(minutes=1)


def slugs(response) -> list[str]:
    assert response.status_code == 200
    return [item["slug"] for item in response.json()["results"]]


def test_a_publish_is_in_the_very_next_list_and_detail(api_client, django_assert_num_queries):
    publish_reviewed(complete_article(slug="first"))
    assert slugs(api_client.get("/api/v1/articles/")) == ["first"]
    assert api_client.get("/api/v1/articles/second/").status_code == 404
    with django_assert_num_queries(1):  # positive control: the list is answered from the cache now
        assert slugs(api_client.get("/api/v1/articles/")) == ["first"]

    publish_reviewed(complete_article(slug="second"))

    assert slugs(api_client.get("/api/v1/articles/")) == ["second", "first"]
    assert api_client.get("/api/v1/articles/second/").status_code == 200


def test_an_unpublish_is_in_the_very_next_response(api_client, publisher):
    article = complete_article(slug="gone")
    publish_reviewed(article)
    assert api_client.get("/api/v1/articles/gone/").status_code == 200
    assert slugs(api_client.get("/api/v1/articles/")) == ["gone"]
    assert api_client.get("/api/v1/faqs/").json()["count"] == 2

    article_transition("unpublish", article=article, user=publisher)

    assert api_client.get("/api/v1/articles/gone/").status_code == 404
    assert slugs(api_client.get("/api/v1/articles/")) == []
    assert api_client.get("/api/v1/faqs/").json()["count"] == 0


def test_a_rollback_is_in_the_very_next_response(api_client, publisher):
    article = complete_article(slug="rolled", title="First version")
    first = publish_reviewed(article)
    article.title = "Second version"
    article.save()
    publish_reviewed(article)
    assert api_client.get("/api/v1/articles/rolled/").json()["title"] == "Second version"

    article_rollback(article=article, publication=first, user=publisher)

    assert api_client.get("/api/v1/articles/rolled/").json()["title"] == "First version"


def test_a_scheduled_publication_is_in_the_first_response_after_its_time(api_client):
    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start, tick=False):
        publish_reviewed(complete_article(slug="now"))
        publish_reviewed(complete_article(slug="later"), live_from=start + MINUTE)
        assert slugs(api_client.get("/api/v1/articles/")) == ["now"]
        assert api_client.get("/api/v1/articles/later/").status_code == 404

    with time_machine.travel(start + MINUTE, tick=False):  # well within the time a cached response is kept
        assert slugs(api_client.get("/api/v1/articles/")) == ["later", "now"]
        assert api_client.get("/api/v1/articles/later/").status_code == 200


def test_an_overdue_review_is_listed_from_the_first_minute_of_the_day_after_it_was_due(api_client):
    # Twenty minutes apart, well within the time a cached response is kept: only the date tells them apart.
    evening = datetime.datetime.combine(timezone.localdate(), datetime.time(23, 50), tzinfo=datetime.UTC)
    with time_machine.travel(evening, tick=False):
        publish_reviewed(complete_article(slug="due-today", next_review_due=evening.date()))
        assert slugs(api_client.get("/api/v1/articles/", {"review_overdue": "true"})) == []

    with time_machine.travel(evening + datetime.timedelta(minutes=20), tick=False):
        assert slugs(api_client.get("/api/v1/articles/", {"review_overdue": "true"})) == ["due-today"]


def test_links_follow_the_host_each_client_used(api_client, settings):
    settings.ALLOWED_HOSTS = ["a.example.org", "b.example.org"]
    publish_reviewed(complete_article(slug="linked"))

    first = api_client.get("/api/v1/articles/", HTTP_HOST="a.example.org").json()["results"][0]["url"]
    second = api_client.get("/api/v1/articles/", HTTP_HOST="b.example.org").json()["results"][0]["url"]

    assert (first, second) == (
        "http://a.example.org/api/v1/articles/linked/",
        "http://b.example.org/api/v1/articles/linked/",
    )


@pytest.mark.parametrize("url", ["/api/v1/articles/cached/", "/api/v1/articles/"])
def test_a_cached_response_is_revalidated_with_a_304_and_its_headers(api_client, url, django_assert_num_queries):
    publish_reviewed(complete_article(slug="cached"))
    first = api_client.get(url)
    assert first.status_code == 200

    with django_assert_num_queries(1):
        revalidated = api_client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    stale_tag = api_client.get(url, HTTP_IF_NONE_MATCH='"not-the-tag"')

    assert revalidated.status_code == 304
    assert revalidated.content == b""
    assert revalidated["ETag"] == first["ETag"]
    assert revalidated["Last-Modified"] == first["Last-Modified"]
    assert "max-age" in revalidated["Cache-Control"]
    assert stale_tag.status_code == 200
    assert stale_tag.content == first.content


def test_errors_are_not_cached(api_client):
    assert api_client.get("/api/v1/articles/", {"page": "x"}).status_code == 400
    publish_reviewed(complete_article(slug="late"))  # a state exists now, as it would in production

    assert api_client.get("/api/v1/articles/late-typo/").status_code == 404
    assert api_client.get("/api/v1/articles/", {"page": "x"}).status_code == 400
    assert api_client.get("/api/v1/articles/late/").status_code == 200


def test_management_and_preview_responses_are_never_cached(api_client, author):
    article = complete_article(slug="managed", title="Before")
    publish_reviewed(complete_article(slug="public"))  # a state exists, as in production
    manage = token_client(author)
    token = preview_token_make(article)
    assert api_client.get("/api/v1/articles/public/")["X-Cache"] == "miss"  # positive control

    for url, client in [("/api/v1/manage/articles/managed/", manage), (f"/api/v1/preview/{token}/", api_client)]:
        first = client.get(url)
        Article.objects.filter(pk=article.pk).update(title="After")  # past the services: no state change
        second = client.get(url)
        Article.objects.filter(pk=article.pk).update(title="Before")

        assert (first.status_code, second.status_code) == (200, 200)
        assert "X-Cache" not in first and "X-Cache" not in second
        assert (first.json()["title"], second.json()["title"]) == ("Before", "After")


def test_a_lists_count_is_made_once_per_filter_and_state(api_client, django_assert_num_queries):
    publish_reviewed(complete_article(slug="one", title="Calcium"))
    publish_reviewed(complete_article(slug="two", title="Magnesium"))
    assert api_client.get("/api/v1/articles/", {"page_size": 1}).json()["count"] == 2

    with django_assert_num_queries(2):  # the state row and the page: the count was made for page 1
        second = api_client.get("/api/v1/articles/", {"page_size": 1, "page": 2}).json()
    with django_assert_num_queries(3):  # positive control: another filter is counted for itself
        searched = api_client.get("/api/v1/articles/", {"search": "calcium"}).json()
    publish_reviewed(complete_article(slug="three", title="Zinc"))
    after = api_client.get("/api/v1/articles/", {"page_size": 1, "page": 3}).json()

    assert (second["count"], [item["slug"] for item in second["results"]]) == (2, ["one"])
    assert (searched["count"], [item["slug"] for item in searched["results"]]) == (1, ["one"])
    assert (after["count"], [item["slug"] for item in after["results"]]) == (3, ["one"])
