"""The sync feed's positions, below the API: where a token's window ends, which tokens are refused, and which
addresses a delta reports gone."""

import datetime

import pytest
from django.core import signing

from publishing.models import PublicState
from publishing.services.editorial_steps import article_transition
from publishing.sync import (
    CLOCK_SKEW,
    SALT,
    SyncPage,
    SyncTokenAhead,
    SyncTokenInvalid,
    current_position,
    sync_page,
)
from tests.helpers.factories import complete_article
from tests.helpers.publishing import publish_reviewed

pytestmark = pytest.mark.django_db

T0 = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)
MICROSECOND = datetime.timedelta(microseconds=1)


def token(kind: str, *positions: tuple[int, datetime.datetime], **extra) -> str:
    raw = [[version, int(moment.timestamp() * 1_000_000)] for version, moment in positions]
    return signing.dumps({"k": kind, "p": raw, "l": "en", **extra}, salt=SALT, compress=True)


def test_a_token_made_by_a_clock_up_to_the_allowed_skew_ahead_is_taken():
    version = current_position(T0).version
    within = sync_page(language="en", token=None, now=T0 + CLOCK_SKEW).next_sync_token

    assert sync_page(language="en", token=within, now=T0).next_sync_token  # exactly the skew ahead: taken
    with pytest.raises(SyncTokenAhead):
        sync_page(language="en", token=token("sync", (version, T0 + CLOCK_SKEW + MICROSECOND)), now=T0)


@pytest.mark.parametrize(
    "kind, count",
    [("initial", 2), ("delta", 1), ("page", 1), ("sync", 2)],
    ids=["an initial page with two positions", "a delta page with one", "an unknown kind", "a sync with two"],
)
def test_a_signed_token_of_a_shape_this_server_does_not_make_is_refused(kind, count):
    positions = [(0, T0)] * count

    with pytest.raises(SyncTokenInvalid) as refused:
        sync_page(language="en", token=token(kind, *positions), now=T0)
    assert not isinstance(refused.value, SyncTokenAhead)
    assert sync_page(language="en", token=token("sync", (0, T0)), now=T0).next_sync_token  # control: the shape it makes


def test_a_delta_reports_gone_only_the_addresses_of_the_articles_that_changed():
    left = complete_article(children=0, slug="left-earlier")
    publish_reviewed(left, live_from=T0 - datetime.timedelta(days=2))
    left.slug = "left-now"
    left.save()
    publish_reviewed(left, live_from=T0 - datetime.timedelta(days=1))  # "left-earlier" is gone, and was said so
    since = sync_page(language="en", token=None, now=T0).next_sync_token
    moved = complete_article(children=0, slug="moved-from")
    publish_reviewed(moved, live_from=T0 - datetime.timedelta(hours=1))
    moved.slug = "moved-to"
    moved.save()
    publish_reviewed(moved, live_from=T0 + datetime.timedelta(hours=1))

    before, after = (
        sync_page(language="en", token=since, now=T0),
        sync_page(language="en", token=since, now=T0 + datetime.timedelta(hours=2)),
    )

    assert before.deleted == []  # "moved-from" is still live, "moved-to" not yet
    assert [publication.document["slug"] for publication in before.publications] == ["moved-from"]
    assert after.deleted == ["moved-from"]
    assert [publication.document["slug"] for publication in after.publications] == ["moved-to"]


def published(slug: str, live_from: datetime.datetime = T0 - datetime.timedelta(days=1)):
    article = complete_article(children=0, slug=slug)
    publish_reviewed(article, live_from=live_from)
    return article


def initial_pages(now: datetime.datetime, then: datetime.datetime | None = None) -> list[SyncPage]:
    """An initial sync: its first page at `now`, the others at `then`."""
    pages = [sync_page(language="en", token=None, now=now)]
    while pages[-1].next_page_token and len(pages) < 20:
        pages.append(sync_page(language="en", token=pages[-1].next_page_token, now=then or now))
    assert pages[-1].next_sync_token, "the pages end"
    return pages


def ids(page: SyncPage) -> list[int]:
    return [publication.article_id for publication in page.publications]


def test_the_first_sync_of_an_empty_site_then_sees_its_first_publication():
    PublicState.objects.all().delete()
    [empty] = initial_pages(T0)
    assert (empty.publications, empty.next_page_token) == ([], None)

    first = published("first")
    assert ids(sync_page(language="en", token=empty.next_sync_token, now=T0)) == [first.pk]


def test_initial_pages_send_each_live_article_once_in_id_order(settings):
    settings.SYNC_PAGE_SIZE = 3
    articles = [published(f"article-{index}") for index in range(7)]

    pages = initial_pages(T0)

    assert [ids(page) for page in pages] == [
        [article.pk for article in articles[:3]],
        [article.pk for article in articles[3:6]],
        [articles[6].pk],
    ]
    assert all(page.deleted_ids == [] and page.deleted == [] for page in pages)


def test_a_page_that_holds_the_last_changes_exactly_is_the_last(settings):
    settings.SYNC_PAGE_SIZE = 2
    published("one"), published("two")

    [page] = initial_pages(T0)
    assert page.next_page_token is None and len(page.publications) == 2


def test_what_changes_while_an_initial_sync_pages_waits_for_the_next_delta(settings, publisher):
    settings.SYNC_PAGE_SIZE = 2
    first, second, third = published("first"), published("second"), published("third")
    page = sync_page(language="en", token=None, now=T0)
    later = published("later", live_from=T0 + datetime.timedelta(minutes=30))  # goes live after the first page
    article_transition("unpublish", article=third, user=publisher)

    rest = sync_page(language="en", token=page.next_page_token, now=T0 + datetime.timedelta(hours=1))
    delta = sync_page(language="en", token=rest.next_sync_token, now=T0 + datetime.timedelta(hours=1))

    assert (ids(page), ids(rest), rest.deleted_ids) == ([first.pk, second.pk], [], [])
    assert (ids(delta), delta.deleted_ids) == ([later.pk], [third.pk])


def test_what_changes_while_a_delta_pages_waits_for_the_next_delta(settings):
    settings.SYNC_PAGE_SIZE = 1
    since = sync_page(language="en", token=None, now=T0).next_sync_token
    first, second = published("first"), published("second")
    page = sync_page(language="en", token=since, now=T0)
    third = published("third")

    rest = sync_page(language="en", token=page.next_page_token, now=T0)
    after = sync_page(language="en", token=rest.next_sync_token, now=T0)

    assert (ids(page), ids(rest), rest.next_page_token) == ([first.pk], [second.pk], None)
    assert ids(after) == [third.pk]


def test_an_article_scheduled_for_later_is_not_in_a_delta_before_its_time():
    since = sync_page(language="en", token=None, now=T0).next_sync_token
    coming = published("coming", live_from=T0 + datetime.timedelta(hours=2))
    scheduled = sync_page(language="en", token=since, now=T0)  # the publish itself: sent as not live
    quiet = sync_page(language="en", token=scheduled.next_sync_token, now=T0 + datetime.timedelta(hours=1))
    live = sync_page(language="en", token=quiet.next_sync_token, now=T0 + datetime.timedelta(hours=3))

    assert (ids(scheduled), scheduled.deleted_ids) == ([], [coming.pk])
    assert (ids(quiet), quiet.deleted_ids) == ([], [])
    assert (ids(live), live.deleted_ids) == ([coming.pk], [])
