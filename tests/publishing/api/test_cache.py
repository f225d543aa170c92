"""The public response cache (publishing.api.cache): repeated reads send stored bytes, and any change of
what the public sees is in the very next response."""

import datetime

import pytest
import time_machine
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from rest_framework.test import APIClient

from articles.models import Article, Topic
from publishing.models import PublicState
from publishing.preview import preview_token_make
from publishing.services.editorial_steps import article_rollback, article_transition
from publishing.services.live_set import public_state_move
from tests.helpers.factories import TopicFactory, complete_article
from tests.helpers.manage_api import token_client
from tests.helpers.publishing import publish_reviewed

pytestmark = pytest.mark.django_db

MINUTE = datetime.timedelta(minutes=1)
NOON = datetime.datetime.combine(timezone.localdate(), datetime.time(12), tzinfo=datetime.UTC)


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

    # The state row, the site settings (`?language=`), whether the list's keys moved since its count was made for
    # page 1 (they did not), the page.
    with django_assert_num_queries(4):
        second = api_client.get("/api/v1/articles/", {"page_size": 1, "page": 2}).json()
    # Another filter is counted for itself: the state row, settings, the searched words' synonyms, count, the
    # ranked page's keys, its rows.
    with django_assert_num_queries(6):
        searched = api_client.get("/api/v1/articles/", {"search": "calcium"}).json()
    publish_reviewed(complete_article(slug="three", title="Zinc"))
    after = api_client.get("/api/v1/articles/", {"page_size": 1, "page": 3}).json()

    assert (second["count"], [item["slug"] for item in second["results"]]) == (2, ["one"])
    assert (searched["count"], [item["slug"] for item in searched["results"]]) == (1, ["one"])
    assert (after["count"], [item["slug"] for item in after["results"]]) == (3, ["one"])


def cache_states(api_client, urls: dict[str, str]) -> dict[str, str]:
    """Each URL's X-Cache on a read now (every response a 200)."""
    responses = {name: api_client.get(url) for name, url in urls.items()}
    assert {name: response.status_code for name, response in responses.items()} == dict.fromkeys(urls, 200)
    return {name: response["X-Cache"] for name, response in responses.items()}


def articles_in_topics(**topics: Topic) -> dict[str, Article]:
    """An article per topic, each with that one topic, published."""
    made = {}
    for slug, topic in topics.items():
        article = complete_article(slug=slug, title=slug.title())
        article.topics.set([topic])
        publish_reviewed(article)
        made[slug] = article
    return made


def test_a_publish_evicts_what_shows_that_article_and_nothing_else(api_client):
    calcium, zinc = TopicFactory(slug="calcium"), TopicFactory(slug="zinc")
    articles_in_topics(changed=calcium, kept=zinc)
    urls = {
        "changed": "/api/v1/articles/changed/",
        "changed jsonld": "/api/v1/articles/changed/jsonld/",
        "kept": "/api/v1/articles/kept/",
        "kept jsonld": "/api/v1/articles/kept/jsonld/",
        "list": "/api/v1/articles/",
        "search": "/api/v1/articles/?search=kept",
        "faqs": "/api/v1/faqs/",
        "topics": "/api/v1/topics/",
        "changed's topic": "/api/v1/articles/?topic=calcium",
        "kept's topic": "/api/v1/articles/?topic=zinc",
        "kept's topic, searched": "/api/v1/articles/?topic=zinc&search=kept&page_size=5",
    }
    assert set(cache_states(api_client, urls).values()) == {"miss"}
    assert set(cache_states(api_client, urls).values()) == {"hit"}

    changed = Article.objects.get(slug="changed")
    changed.title = "Changed again"
    changed.save()
    publish_reviewed(changed)

    assert cache_states(api_client, urls) == {
        "changed": "miss",
        "changed jsonld": "miss",
        "kept": "hit",
        "kept jsonld": "hit",
        "list": "miss",  # any publish may change a list that is not narrowed to one topic
        "search": "miss",
        "faqs": "miss",
        "topics": "miss",
        "changed's topic": "miss",
        "kept's topic": "hit",
        "kept's topic, searched": "hit",
    }
    assert api_client.get(urls["changed"]).json()["title"] == "Changed again"
    assert [item["title"] for item in api_client.get(urls["changed's topic"]).json()["results"]] == ["Changed again"]
    # positive control: a publish of the kept article evicts what shows it
    publish_reviewed(Article.objects.get(slug="kept"))
    kept_after = cache_states(api_client, {name: urls[name] for name in ("kept", "kept jsonld", "kept's topic")})
    assert kept_after == {"kept": "miss", "kept jsonld": "miss", "kept's topic": "miss"}


def test_an_article_moved_to_another_topic_leaves_the_old_topics_list_and_joins_the_new_ones():
    client = APIClient()
    calcium, zinc = TopicFactory(slug="calcium"), TopicFactory(slug="zinc")
    articles_in_topics(moving=calcium, staying=zinc)
    listed = {
        slug: [item["slug"] for item in client.get(f"/api/v1/articles/?topic={slug}").json()["results"]]
        for slug in ("calcium", "zinc")
    }
    assert listed == {"calcium": ["moving"], "zinc": ["staying"]}

    moving = Article.objects.get(slug="moving")
    moving.topics.set([zinc])
    publish_reviewed(moving)

    calcium_after = client.get("/api/v1/articles/?topic=calcium").json()
    zinc_after = client.get("/api/v1/articles/?topic=zinc").json()
    assert (calcium_after["count"], calcium_after["results"]) == (0, [])
    assert (zinc_after["count"], sorted(item["slug"] for item in zinc_after["results"])) == (2, ["moving", "staying"])


def test_an_unpublish_evicts_its_article_and_its_topics_lists_only(api_client, publisher):
    calcium, zinc = TopicFactory(slug="calcium"), TopicFactory(slug="zinc")
    made = articles_in_topics(gone=calcium, kept=zinc)
    urls = {"kept": "/api/v1/articles/kept/", "kept's topic": "/api/v1/articles/?topic=zinc"}
    cache_states(api_client, urls)
    assert api_client.get("/api/v1/articles/?topic=calcium").json()["count"] == 1

    article_transition("unpublish", article=made["gone"], user=publisher)

    assert api_client.get("/api/v1/articles/gone/").status_code == 404
    assert api_client.get("/api/v1/articles/?topic=calcium").json()["count"] == 0
    assert cache_states(api_client, urls) == {"kept": "hit", "kept's topic": "hit"}


def test_a_scheduled_go_live_evicts_that_article_only(api_client):
    start = NOON  # not a minute before midnight: a new day is a new cache key for every response
    calcium, zinc = TopicFactory(slug="calcium"), TopicFactory(slug="zinc")
    with time_machine.travel(start, tick=False):
        made = articles_in_topics(later=calcium, kept=zinc)
        later = made["later"]
        later.title = "The scheduled version"
        later.save()
        publish_reviewed(later, live_from=start + MINUTE)
        urls = {"later": "/api/v1/articles/later/", "kept": "/api/v1/articles/kept/"}
        cache_states(api_client, urls)
        assert api_client.get(urls["later"]).json()["title"] == "Later"

    with time_machine.travel(start + MINUTE, tick=False):
        assert cache_states(api_client, urls) == {"later": "miss", "kept": "hit"}
        assert api_client.get(urls["later"]).json()["title"] == "The scheduled version"


def test_a_publish_that_commits_after_a_view_read_does_not_keep_what_it_read(api_client):
    """A response is kept with the version read before its view ran: a publish that commits after the view read
    the article (and before the response is stored) leaves it stale at once."""
    article = complete_article(slug="racing", title="Before")
    publish_reviewed(article)
    article.title = "After"
    article.save()
    published = []

    def publish_after_the_views_read(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not published and sql.startswith("SELECT") and '"articles_publication"' in sql:
            published.append(article)  # once: publishing reads publications too
            publish_reviewed(article)
        return result

    with connection.execute_wrapper(publish_after_the_views_read):
        raced = api_client.get("/api/v1/articles/racing/")
    after = api_client.get("/api/v1/articles/racing/")

    assert published  # the publish did run between the view's read and the store
    assert (raced["X-Cache"], raced.json()["title"]) == ("miss", "Before")
    assert (after["X-Cache"], after.json()["title"]) == ("miss", "After")


def test_a_bulk_move_of_the_state_evicts_everything(api_client):
    publish_reviewed(complete_article(slug="one"))
    urls = {"one": "/api/v1/articles/one/", "list": "/api/v1/articles/"}
    cache_states(api_client, urls)
    assert cache_states(api_client, urls) == {"one": "hit", "list": "hit"}  # positive control

    with transaction.atomic():
        public_state_move()  # as the bench generator does after its bulk insert: it names nothing in particular

    assert cache_states(api_client, urls) == {"one": "miss", "list": "miss"}


def test_a_response_made_at_a_version_the_database_has_not_reached_is_not_served(api_client):
    """A database restored to an earlier backup has a lower version than stored responses were made at."""
    publish_reviewed(complete_article(slug="restored"))
    publish_reviewed(complete_article(slug="other"))
    urls = {"restored": "/api/v1/articles/restored/"}
    cache_states(api_client, urls)
    assert cache_states(api_client, urls) == {"restored": "hit"}  # positive control

    PublicState.objects.update(version=F("version") - 1)

    assert cache_states(api_client, urls) == {"restored": "miss"}


def test_a_topic_lists_count_stays_cached_through_another_topics_publish(api_client, django_assert_num_queries):
    calcium, zinc = TopicFactory(slug="calcium"), TopicFactory(slug="zinc")
    articles_in_topics(first=calcium, other=zinc)
    assert api_client.get("/api/v1/articles/", {"topic": "calcium", "page_size": 1}).json()["count"] == 1
    publish_reviewed(Article.objects.get(slug="other"))

    # the state row, the site settings, the topic's id, whether its keys moved since the count (they did not), page
    with django_assert_num_queries(5):
        again = api_client.get("/api/v1/articles/", {"topic": "calcium", "page_size": 2}).json()
    second = complete_article(slug="second")
    second.topics.set([calcium])
    publish_reviewed(second)
    with django_assert_num_queries(6):  # positive control: a publish in the topic has it counted again
        after = api_client.get("/api/v1/articles/", {"topic": "calcium", "page_size": 3}).json()

    assert (again["count"], after["count"]) == (1, 2)


def test_a_count_is_shared_by_every_ordering_of_the_same_filters(api_client, django_assert_num_queries):
    publish_reviewed(complete_article(slug="one", title="Calcium"))
    publish_reviewed(complete_article(slug="two", title="Magnesium"))
    assert api_client.get("/api/v1/articles/").json()["count"] == 2

    with django_assert_num_queries(4):  # state row, settings, the count's keys checked (not counted again), page
        titled = api_client.get("/api/v1/articles/", {"ordering": "-title"}).json()
    with django_assert_num_queries(5):  # positive control: a filter is counted for itself (and its words' synonyms)
        searched = api_client.get("/api/v1/articles/", {"search": "calcium", "ordering": "-title"}).json()

    assert (titled["count"], [item["slug"] for item in titled["results"]]) == (2, ["two", "one"])
    assert (searched["count"], [item["slug"] for item in searched["results"]]) == (1, ["one"])
