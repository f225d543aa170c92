"""The sync feed's positions, below the API: where a token's window ends, which tokens are refused, and which
addresses a delta reports gone."""

import datetime

import pytest
from django.core import signing

from publishing.sync import CLOCK_SKEW, SALT, SyncTokenAhead, SyncTokenInvalid, current_position, sync_page
from tests.helpers.factories import complete_article
from tests.helpers.publishing import publish_reviewed

pytestmark = pytest.mark.django_db

T0 = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)
MICROSECOND = datetime.timedelta(microseconds=1)


def token(kind: str, *positions: tuple[int, datetime.datetime], **extra) -> str:
    raw = [[version, int(moment.timestamp() * 1_000_000)] for version, moment in positions]
    return signing.dumps({"k": kind, "p": raw, **extra}, salt=SALT, compress=True)


def test_a_token_made_by_a_clock_up_to_the_allowed_skew_ahead_is_taken():
    version = current_position().version
    within = sync_page(token=None, now=T0 + CLOCK_SKEW).next_sync_token

    assert sync_page(token=within, now=T0).next_sync_token  # exactly the skew ahead: taken
    with pytest.raises(SyncTokenAhead):
        sync_page(token=token("sync", (version, T0 + CLOCK_SKEW + MICROSECOND)), now=T0)


@pytest.mark.parametrize(
    "kind, count",
    [("initial", 2), ("delta", 1), ("page", 1), ("sync", 2)],
    ids=["an initial page with two positions", "a delta page with one", "an unknown kind", "a sync with two"],
)
def test_a_signed_token_of_a_shape_this_server_does_not_make_is_refused(kind, count):
    positions = [(0, T0)] * count

    with pytest.raises(SyncTokenInvalid) as refused:
        sync_page(token=token(kind, *positions), now=T0)
    assert not isinstance(refused.value, SyncTokenAhead)
    assert sync_page(token=token("sync", (0, T0)), now=T0).next_sync_token  # control: the shape it makes


def test_a_delta_reports_gone_only_the_addresses_of_the_articles_that_changed():
    left = complete_article(children=0, slug="left-earlier")
    publish_reviewed(left, live_from=T0 - datetime.timedelta(days=2))
    left.slug = "left-now"
    left.save()
    publish_reviewed(left, live_from=T0 - datetime.timedelta(days=1))  # "left-earlier" is gone, and was said so
    since = sync_page(token=None, now=T0).next_sync_token
    moved = complete_article(children=0, slug="moved-from")
    publish_reviewed(moved, live_from=T0 - datetime.timedelta(hours=1))
    moved.slug = "moved-to"
    moved.save()
    publish_reviewed(moved, live_from=T0 + datetime.timedelta(hours=1))

    before, after = sync_page(token=since, now=T0), sync_page(token=since, now=T0 + datetime.timedelta(hours=2))

    assert before.deleted == []  # "moved-from" is still live, "moved-to" not yet
    assert after.deleted == ["moved-from"]
    assert [publication.document["slug"] for publication in after.publications] == ["moved-to"]
