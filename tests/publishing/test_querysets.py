"""Which publication is live, and which is waiting."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from publishing.models import Publication, PublishedFAQ
from publishing.services.editorial_steps import article_schedule_cancel, article_transition
from publishing.services.live_set import live_set_changed
from tests.helpers.factories import complete_article
from tests.helpers.publishing import approved_article, publish_reviewed

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def test_of_two_publications_going_live_at_the_same_moment_the_newer_one_is_live():
    article = complete_article()
    go_live = timezone.now() - HOUR
    first = publish_reviewed(article, live_from=go_live)
    second = publish_reviewed(article, live_from=go_live)

    assert list(Publication.objects.live()) == [second]
    assert first.pk < second.pk


def test_each_article_has_its_own_live_publication():
    older = publish_reviewed(complete_article(), live_from=timezone.now() - 2 * HOUR)
    newer = publish_reviewed(complete_article(), live_from=timezone.now() - HOUR)

    assert set(Publication.objects.live()) == {older, newer}


def test_a_newer_withdrawn_publication_does_not_hide_the_one_before(publisher):
    # Only an import writes such a history (the services withdraw all of an article's publications at once).
    article = complete_article()
    first = publish_reviewed(article)
    second = publish_reviewed(article)
    assert list(Publication.objects.live()) == [second]
    Publication.objects.filter(pk=second.pk).update(withdrawn_at=timezone.now())

    live_set_changed(article_ids=[article.pk])

    assert list(Publication.objects.live()) == [first]


def test_pending_is_what_waits_for_its_time_and_is_not_withdrawn(publisher):
    waiting = approved_article()
    article_transition("publish", article=waiting, user=publisher, live_from=timezone.now() + HOUR)
    called_off = approved_article()
    article_transition("publish", article=called_off, user=publisher, live_from=timezone.now() + HOUR)
    article_schedule_cancel(article=called_off, user=publisher)
    publish_reviewed(complete_article())  # live now: not pending

    assert [p.article_id for p in Publication.objects.pending()] == [waiting.pk]
    assert not Publication.objects.pending(now=timezone.now() + 2 * HOUR).exists()


def test_live_parts_are_those_of_the_live_publication_only():
    article = complete_article(children=1)
    first = publish_reviewed(article)
    second = publish_reviewed(article)
    assert PublishedFAQ.objects.filter(publication=first).exists()

    assert set(PublishedFAQ.objects.live().values_list("publication", flat=True)) == {second.pk}


def test_last_modified_of_a_publication_is_its_go_live_or_its_creation_whichever_is_later():
    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start, tick=False):
        scheduled = publish_reviewed(complete_article(), live_from=start + HOUR)
        backdated = publish_reviewed(complete_article(), live_from=start - HOUR)

    assert (scheduled.last_modified, backdated.last_modified) == (start + HOUR, start)
