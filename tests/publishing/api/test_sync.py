"""/api/v1/sync/: an offline app that syncs, misses publishes, updates, renames and unpublishes, and syncs
again ends with exactly the live set."""

import datetime

import pytest
import time_machine
from django.core import signing
from django.test import override_settings
from django.utils import timezone

from articles.models import Article
from publishing.services.editorial_steps import article_transition
from publishing.sync import SALT
from tests.helpers.factories import complete_article
from tests.helpers.publishing import publish_reviewed

pytestmark = pytest.mark.django_db

T0 = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)


def published(slug: str, **kwargs) -> Article:
    article = complete_article(children=1, slug=slug, title=slug.replace("-", " ").title())
    publish_reviewed(article, **kwargs)
    return article


class OfflineApp:
    """What a mobile app does: store items by slug, apply `deleted` first, keep the token."""

    def __init__(self, client):
        self.client, self.store, self.token, self.calls = client, {}, None, 0

    def get(self, **params) -> dict:
        response = self.client.get("/api/v1/sync/", params)
        assert response.status_code == 200, response.content
        self.calls += 1
        return response.json()

    def sync(self) -> None:
        page = self.get(initial="true") if self.token is None else self.get(sync_token=self.token)
        for _page in range(50):  # a token that does not move on would page for ever
            for slug in page["deleted"]:
                self.store.pop(slug, None)
            for item in page["items"]:
                stale = [slug for slug, stored in self.store.items() if stored["id"] == item["id"]]
                for slug in stale:
                    del self.store[slug]
                self.store[item["slug"]] = item
            if page["next_page_token"] is None:
                assert page["next_sync_token"]
                self.token = page["next_sync_token"]
                return
            assert page["next_sync_token"] is None
            page = self.get(sync_token=page["next_page_token"])
        raise AssertionError("the pages never ended")


def live_set(client) -> dict:
    listing = client.get("/api/v1/articles/", {"page_size": 100}).json()
    assert listing["next"] is None
    return {entry["slug"]: client.get(f"/api/v1/articles/{entry['slug']}/").json() for entry in listing["results"]}


@override_settings(SYNC_PAGE_SIZE=2)
def test_an_app_that_syncs_again_after_missing_changes_ends_with_exactly_the_live_set(api_client, publisher):
    with time_machine.travel(T0, tick=False) as traveller:
        kept, updated, renamed, dropped = (published(slug) for slug in ("kept", "updated", "renamed", "dropped"))
        published("also-kept")
        app = OfflineApp(api_client)
        app.sync()
        assert set(app.store) == {"kept", "updated", "renamed", "dropped", "also-kept"}
        assert app.calls == 3  # five articles, two a page
        assert app.store == live_set(api_client)

        # Offline meanwhile: a new article, a new version, a new address, an unpublish, one scheduled.
        traveller.shift(datetime.timedelta(minutes=5))
        published("new-one")
        Article.objects.filter(pk=updated.pk).update(title="Updated, second version")
        publish_reviewed(updated)
        Article.objects.filter(pk=renamed.pk).update(slug="renamed-again")
        publish_reviewed(renamed)
        article_transition("unpublish", article=Article.objects.get(pk=dropped.pk), user=publisher)
        published("scheduled", live_from=T0 + datetime.timedelta(hours=1))

        app.calls = 0
        app.sync()
        expected = live_set(api_client)
        assert app.store == expected
        assert app.store["updated"]["title"] == "Updated, second version"
        assert "renamed" not in app.store and "dropped" not in app.store and "scheduled" not in app.store
        # Only the five articles that changed (the unpublished and the scheduled one among them), two a page.
        assert app.calls == 3

        # Nothing changed: an empty answer. Then the scheduled one goes live by the clock alone.
        nothing = app.get(sync_token=app.token)
        assert (nothing["items"], nothing["deleted"], nothing["next_page_token"]) == ([], [], None)
        traveller.move_to(T0 + datetime.timedelta(hours=1, seconds=1))
        app.sync()
        assert "scheduled" in app.store
        assert app.store == live_set(api_client)
    assert kept.pk in {item["id"] for item in app.store.values()}


def test_a_delta_sends_only_what_changed_and_the_slugs_that_are_gone(api_client, publisher):
    published("stays")
    gone = published("goes")
    token = api_client.get("/api/v1/sync/", {"initial": "true"}).json()["next_sync_token"]
    article_transition("unpublish", article=Article.objects.get(pk=gone.pk), user=publisher)
    published("arrives")

    page = api_client.get("/api/v1/sync/", {"sync_token": token}).json()

    assert [item["slug"] for item in page["items"]] == ["arrives"]
    assert page["deleted"] == ["goes"]
    assert page["items"][0]["url"] == "http://testserver/api/v1/articles/arrives/"


def test_an_unpublished_article_whose_slug_another_took_is_deleted_by_id(api_client, publisher):
    gone = published("shared-slug")
    token = api_client.get("/api/v1/sync/", {"initial": "true"}).json()["next_sync_token"]
    article_transition("unpublish", article=Article.objects.get(pk=gone.pk), user=publisher)
    Article.objects.filter(pk=gone.pk).update(slug="old-shared-slug")
    taker = published("shared-slug")

    page = api_client.get("/api/v1/sync/", {"sync_token": token}).json()

    assert [(item["id"], item["slug"]) for item in page["items"]] == [(taker.pk, "shared-slug")]
    assert page["deleted"] == []  # the slug is live again, for another article
    assert page["deleted_ids"] == [gone.pk]


def test_a_version_replaced_at_its_own_go_live_time_never_shows(api_client):
    article = published("stable-slug")
    token = api_client.get("/api/v1/sync/", {"initial": "true"}).json()["next_sync_token"]
    moment = timezone.now() + datetime.timedelta(days=1)
    with time_machine.travel(moment - datetime.timedelta(hours=1), tick=False) as traveller:
        Article.objects.filter(pk=article.pk).update(slug="draft-name")
        publish_reviewed(article, live_from=moment)
        Article.objects.filter(pk=article.pk).update(slug="final-name")
        publish_reviewed(article, live_from=moment)
        traveller.move_to(moment + datetime.timedelta(minutes=1))
        page = api_client.get("/api/v1/sync/", {"sync_token": token}).json()
    assert [item["slug"] for item in page["items"]] == ["final-name"]
    assert page["deleted"] == ["stable-slug"]  # "draft-name" was never public


def test_a_scheduled_address_is_never_sent_before_it_is_live(api_client):
    article = published("first-address")
    token = api_client.get("/api/v1/sync/", {"initial": "true"}).json()["next_sync_token"]
    Article.objects.filter(pk=article.pk).update(slug="future-address")
    publish_reviewed(article, live_from=datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC))

    page = api_client.get("/api/v1/sync/", {"sync_token": token}).json()

    assert [item["slug"] for item in page["items"]] == ["first-address"]  # still the live version
    assert "future-address" not in str(page)


@pytest.mark.parametrize(
    "params, field",
    [
        ({}, "sync_token"),
        ({"initial": "yes"}, "initial"),
        ({"initial": "true", "sync_token": "x"}, "initial"),
        ({"initial": "true", "since": "2026-01-01"}, "since"),
        ({"sync_token": "not-a-token"}, "sync_token"),
        ({"sync_token": ""}, "sync_token"),
    ],
)
def test_bad_parameters_are_a_400_naming_them(api_client, params, field):
    response = api_client.get("/api/v1/sync/", params)
    assert response.status_code == 400
    assert field in response.json()


def test_a_tampered_or_future_token_is_a_400_and_a_good_one_is_not(api_client):
    published("one")
    good = api_client.get("/api/v1/sync/", {"initial": "true"}).json()["next_sync_token"]
    assert api_client.get("/api/v1/sync/", {"sync_token": good}).status_code == 200  # control

    tampered = good[:-3] + ("abc" if not good.endswith("abc") else "xyz")
    refused = api_client.get("/api/v1/sync/", {"sync_token": tampered})
    assert refused.status_code == 400
    assert refused.json()["sync_token"] == ["Not a token this server gave: start again with ?initial=true."]

    position = signing.loads(good, salt=SALT)["p"][0]
    skewed = signing.dumps({"k": "sync", "p": [[position[0], position[1] + 30_000_000]], "l": "en"}, salt=SALT)
    assert api_client.get("/api/v1/sync/", {"sync_token": skewed}).status_code == 200  # another server's clock
    future_time = signing.dumps({"k": "sync", "p": [[position[0], position[1] + 120_000_000]], "l": "en"}, salt=SALT)
    future_version = signing.dumps({"k": "sync", "p": [[position[0] + 1, position[1]]], "l": "en"}, salt=SALT)
    for token in (future_time, future_version):
        response = api_client.get("/api/v1/sync/", {"sync_token": token})
        assert response.status_code == 400
        assert response.json()["sync_token"][0].startswith("This token is ahead of this server (its content was")


def test_sync_answers_are_never_stored_by_caches(api_client):
    published("one")
    response = api_client.get("/api/v1/sync/", {"initial": "true"})
    assert response["Cache-Control"] == "no-store"
    assert "X-Cache" not in response


@pytest.mark.parametrize("history", [1, 12])
def test_a_delta_costs_six_queries_whatever_the_history(api_client, django_assert_num_queries, history):
    article = published("often-changed")
    token = api_client.get("/api/v1/sync/", {"initial": "true"}).json()["next_sync_token"]
    for version in range(history):
        Article.objects.filter(pk=article.pk).update(title=f"Version {version}")
        publish_reviewed(article)
    published("another")

    # The site settings (`?language=`), the state's version, the page's changed articles, their live publications,
    # their translation groups' live ones, their gone addresses.
    with django_assert_num_queries(6):
        page = api_client.get("/api/v1/sync/", {"sync_token": token}).json()
    assert sorted(item["slug"] for item in page["items"]) == ["another", "often-changed"]


def test_an_initial_page_costs_five_queries(api_client, django_assert_num_queries):
    for index in range(3):
        published(f"article-{index}")
    # The site settings, the state's version, the page's articles, their live publications, their groups' live ones.
    with django_assert_num_queries(5):
        page = api_client.get("/api/v1/sync/", {"initial": "true"}).json()
    assert len(page["items"]) == 3
