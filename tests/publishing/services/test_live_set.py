"""The live set's bookkeeping: `superseded_at` follows the publications, and the state key moves with every
change of what the public sees, including a scheduled go-live that no job announced."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from publishing.models import LiveSetChange, Publication, PublicState
from publishing.services.editorial_steps import article_rollback, article_schedule_cancel, article_transition
from publishing.services.live_set import (
    public_state_current,
    public_state_key_on,
    public_state_move,
    publications_last_change,
    publications_set_superseded,
)
from tests.helpers.factories import complete_article
from tests.helpers.publishing import approved_article, publish_reviewed

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def state_key() -> str:
    return PublicState.objects.get().key


def test_each_publication_is_superseded_when_the_next_one_of_its_article_goes_live():
    article, other = complete_article(), complete_article()
    start = timezone.now().replace(microsecond=0)
    first = publish_reviewed(article, live_from=start - 2 * HOUR)
    unrelated = publish_reviewed(other, live_from=start - HOUR)
    second = publish_reviewed(article, live_from=start + HOUR)

    superseded = dict(Publication.objects.values_list("pk", "superseded_at"))

    assert superseded == {first.pk: start + HOUR, unrelated.pk: None, second.pk: None}
    assert set(Publication.objects.live()) == {first, unrelated}
    assert set(Publication.objects.live(now=start + HOUR)) == {second, unrelated}


def test_superseded_follows_go_live_times_per_article_in_one_pass_over_several(django_assert_num_queries):
    """An import recounts many articles at once, and brings publications in any order of their times."""
    article, other = complete_article(), complete_article()
    start = timezone.now().replace(microsecond=0)
    last = publish_reviewed(article, live_from=start + 3 * HOUR)  # made first, live last
    other_first = publish_reviewed(other, live_from=start - 2 * HOUR)
    first = publish_reviewed(article, live_from=start - 3 * HOUR)
    other_last = publish_reviewed(other, live_from=start + 2 * HOUR)
    Publication.objects.update(superseded_at=None)

    with django_assert_num_queries(2):  # one read, one write, however many publications
        publications_set_superseded(article_ids=[article.pk, other.pk])

    superseded = dict(Publication.objects.values_list("pk", "superseded_at"))
    assert superseded == {
        first.pk: start + 3 * HOUR,
        last.pk: None,
        other_first.pk: start + 2 * HOUR,
        other_last.pk: None,
    }


def test_unpublishing_clears_superseded_and_nothing_of_the_article_is_live(publisher):
    article = complete_article()
    publish_reviewed(article, live_from=timezone.now() - HOUR)
    publish_reviewed(article, live_from=timezone.now() + HOUR)

    article_transition("unpublish", article=article, user=publisher)

    assert not Publication.objects.filter(superseded_at__isnull=False).exists()
    assert not Publication.objects.live(now=timezone.now() + 2 * HOUR).exists()
    assert Publication.objects.filter(article=article).count() == 2


@pytest.mark.parametrize("change", ["publish", "schedule", "unpublish", "rollback"])
def test_every_change_of_what_the_public_sees_moves_the_state_key(publisher, change):
    article = complete_article()
    first = publish_reviewed(article)
    second = publish_reviewed(article)
    before = state_key()
    assert public_state_current().key == before  # positive control: reading does not move it

    if change == "publish":
        publish_reviewed(complete_article())
    elif change == "schedule":
        publish_reviewed(complete_article(), live_from=timezone.now() + HOUR)
    elif change == "unpublish":
        article_transition("unpublish", article=article, user=publisher)
    else:
        article_rollback(article=article, publication=first, user=publisher)

    assert state_key() != before
    assert first.pk < second.pk  # the article had two publications, so a rollback had an older one to go back to


def test_a_scheduled_go_live_moves_the_key_once_at_its_time_and_dates_the_change():
    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start, tick=False):
        publish_reviewed(complete_article(), live_from=start + HOUR)
        publish_reviewed(complete_article(), live_from=start + 3 * HOUR)
    made = PublicState.objects.get()
    assert (made.changed_at, made.next_change_at) == (start, start + HOUR)

    before = public_state_current(now=start + HOUR - datetime.timedelta(seconds=1))
    assert before.key == made.key  # not yet

    after = public_state_current(now=start + 2 * HOUR)
    assert after.key != made.key
    assert (after.changed_at, after.next_change_at) == (start + HOUR, start + 3 * HOUR)
    assert public_state_current(now=start + 2 * HOUR).key == after.key  # the next reader keeps it

    last = public_state_current(now=start + 5 * HOUR)
    assert (last.changed_at, last.next_change_at) == (start + 3 * HOUR, None)


def test_a_go_live_called_off_before_its_time_is_not_waited_for(publisher):
    scheduled = approved_article()
    article_transition("publish", article=scheduled, user=publisher, live_from=timezone.now() + HOUR)
    assert PublicState.objects.get().next_change_at is not None

    article_schedule_cancel(article=scheduled, user=publisher)

    assert PublicState.objects.get().next_change_at is None


def test_before_anything_is_published_after_a_flush_there_is_no_state_and_the_first_publish_makes_it():
    PublicState.objects.all().delete()
    assert public_state_current() is None

    publish_reviewed(complete_article())

    assert public_state_current() is not None
    assert public_state_key_on("default") == state_key()


def test_the_last_change_an_import_keeps_is_the_latest_time_that_has_passed(publisher):
    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start, tick=False):
        publish_reviewed(complete_article(), live_from=start + 3 * HOUR)  # made now, live later
    assert publications_last_change(start + HOUR) == start  # a go-live still to come is no change yet
    with time_machine.travel(start + HOUR, tick=False):
        withdrawn = publish_reviewed(complete_article())
    with time_machine.travel(start + 2 * HOUR, tick=False):
        article_transition("unpublish", article=withdrawn.article, user=publisher)

    assert publications_last_change(start + 2 * HOUR + HOUR / 2) == start + 2 * HOUR  # the withdrawal
    assert publications_last_change(start + 4 * HOUR) == start + 3 * HOUR  # the scheduled go-live, once passed


def test_with_no_publication_at_all_the_live_set_never_changed():
    assert publications_last_change(timezone.now()) is None


def test_the_version_counts_the_changes_of_the_live_set_from_the_first(publisher):
    PublicState.objects.all().delete()
    article = complete_article()
    publish_reviewed(article)
    publish_reviewed(article)
    article_transition("unpublish", article=article, user=publisher)

    assert PublicState.objects.get().version == 3
    assert list(LiveSetChange.objects.order_by("version").values_list("version", flat=True)) == [1, 2, 3]


def test_a_state_made_again_after_a_flush_has_a_key_never_served_before():
    """Responses are cached under the key: a key that came back would serve what was cached before the flush."""
    PublicState.objects.all().delete()
    publish_reviewed(complete_article())
    before = state_key()
    PublicState.objects.all().delete()

    publish_reviewed(complete_article())

    assert state_key() != before


def test_a_move_given_no_time_is_dated_by_the_clock():
    publish_reviewed(complete_article())
    before = state_key()
    start = timezone.now().replace(microsecond=0) + HOUR
    with time_machine.travel(start, tick=False):
        version = public_state_move()  # the benchmark's loader: its clones go live as they are made

    state = PublicState.objects.get()
    assert (state.version, state.changed_at) == (version, start)
    assert state.key != before
