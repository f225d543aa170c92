"""Publishing events are sent after commit: the hook for webhooks, cache purges and the sync feed."""

import datetime

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from articles.models import Article
from articles.signals import article_status_changed
from publishing.models import Publication
from publishing.services.editorial_steps import article_rollback, article_schedule_cancel, article_transition
from publishing.services.publications import publications_mark_gone_live
from publishing.signals import publication_live, publications_withdrawn
from tests.helpers.publishing import approve, approved_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def received():
    """Every publishing signal sent, as (signal name, keyword arguments)."""
    events = []

    def record(name):
        def receiver(sender, **kwargs):
            kwargs.pop("signal")
            events.append((name, {"sender": sender, **kwargs}))

        return receiver

    receivers = {
        "live": record("live"),
        "withdrawn": record("withdrawn"),
        "status": record("status"),
    }
    publication_live.connect(receivers["live"])
    publications_withdrawn.connect(receivers["withdrawn"])
    article_status_changed.connect(receivers["status"])
    yield events
    publication_live.disconnect(receivers["live"])
    publications_withdrawn.disconnect(receivers["withdrawn"])
    article_status_changed.disconnect(receivers["status"])


def test_publishing_now_announces_the_publication_after_commit(publisher, received, django_capture_on_commit_callbacks):
    article = approved_article()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article_transition("publish", article=article, user=publisher)
        assert received == []  # nothing is sent before the transaction commits
    assert callbacks
    for callback in callbacks:
        callback()

    live = [kwargs for name, kwargs in received if name == "live"]
    assert len(live) == 1
    assert live[0]["publication"] == Publication.objects.get(article=article)
    assert (live[0]["sender"], live[0]["scheduled"]) == (Publication, False)
    statuses = [kwargs for name, kwargs in received if name == "status"]
    assert [(k["sender"], k["article"].pk, k["user"]) for k in statuses] == [(Article, article.pk, publisher)]
    assert [(k["action"], k["from_status"], k["to_status"]) for k in statuses] == [("publish", "approved", "published")]


def test_a_receiver_that_fails_is_logged_with_its_error_and_the_others_still_hear(
    publisher, received, caplog, django_capture_on_commit_callbacks
):
    def broken(**kwargs):
        raise RuntimeError("a receiver that fails")

    publication_live.connect(broken, dispatch_uid="test-broken")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            article_transition("publish", article=approved_article(), user=publisher)
    finally:
        publication_live.disconnect(dispatch_uid="test-broken")

    [record] = [record for record in caplog.records if record.name == "publishing.services.publications"]
    assert record.levelname == "ERROR"
    assert record.getMessage() == f"{broken} failed after commit"
    assert str(record.exc_info[1]) == "a receiver that fails"
    assert [name for name, _ in received].count("live") == 1


def test_a_rolled_back_transition_sends_nothing(publisher, received, django_capture_on_commit_callbacks):
    article = approved_article()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        article_transition("publish", article=article, user=publisher)
        raise RuntimeError("the request failed after publishing")

    assert received == []
    assert not Publication.objects.exists()


def test_a_scheduled_publication_is_announced_once_when_its_time_comes(
    publisher, received, django_capture_on_commit_callbacks
):
    article = approved_article()
    go_live = timezone.now() + datetime.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        article_transition("publish", article=article, user=publisher, live_from=go_live)
    assert [name for name, _ in received] == ["status"]  # scheduled: not live yet

    with django_capture_on_commit_callbacks(execute=True):
        assert publications_mark_gone_live() == []  # too early
    with time_machine.travel(go_live + datetime.timedelta(seconds=1)):
        with django_capture_on_commit_callbacks(execute=True):
            assert len(publications_mark_gone_live()) == 1
        with django_capture_on_commit_callbacks(execute=True):
            assert publications_mark_gone_live() == []  # once, ever

    live = [kwargs for name, kwargs in received if name == "live"]
    assert len(live) == 1
    assert (live[0]["publication"].article_id, live[0]["scheduled"]) == (article.pk, True)


def test_a_withdrawn_scheduled_publication_never_counts_as_gone_live(publisher, django_capture_on_commit_callbacks):
    article = approved_article()
    go_live = timezone.now() + datetime.timedelta(hours=1)
    article_transition("publish", article=article, user=publisher, live_from=go_live)
    article_schedule_cancel(article=article, user=publisher)

    with time_machine.travel(go_live + datetime.timedelta(seconds=1)):
        assert publications_mark_gone_live() == []
    # Positive control: the same schedule, not withdrawn, does go live.
    other = approved_article()
    article_transition("publish", article=other, user=publisher, live_from=go_live)
    with time_machine.travel(go_live + datetime.timedelta(seconds=1)):
        assert [p.article_id for p in publications_mark_gone_live()] == [other.pk]


def test_unpublishing_announces_what_was_withdrawn(publisher, received, django_capture_on_commit_callbacks):
    article = approved_article()
    article_transition("publish", article=article, user=publisher)

    with django_capture_on_commit_callbacks(execute=True):
        article_transition("unpublish", article=article, user=publisher)

    withdrawn = [kwargs for name, kwargs in received if name == "withdrawn"]
    assert len(withdrawn) == 1
    assert withdrawn[0]["sender"] is Publication
    assert withdrawn[0]["article"].pk == article.pk
    assert [p.pk for p in withdrawn[0]["publications"]] == [Publication.objects.get(article=article).pk]


def test_a_rollback_copy_goes_live_at_once_and_is_announced(publisher, received, django_capture_on_commit_callbacks):
    article = approved_article()
    article_transition("publish", article=article, user=publisher)
    first = Publication.objects.get(article=article)
    Article.objects.filter(pk=article.pk).update(title="Second")
    approve(article)
    article_transition("publish", article=article, user=publisher)

    with django_capture_on_commit_callbacks(execute=True):
        copy = article_rollback(article=article, publication=first, user=publisher)

    assert copy.went_live_at is not None  # a rollback copy is live the moment it is made
    assert publications_mark_gone_live() == []
    live = [(kwargs["publication"], kwargs["scheduled"]) for name, kwargs in received if name == "live"]
    assert live == [(copy, False)]


def test_going_live_as_of_a_given_moment_announces_what_is_live_at_that_moment(
    publisher, received, django_capture_on_commit_callbacks
):
    article = approved_article()
    go_live = timezone.now() + datetime.timedelta(hours=1)
    article_transition("publish", article=article, user=publisher, live_from=go_live)

    with django_capture_on_commit_callbacks(execute=True):
        marked = publications_mark_gone_live(now=go_live + datetime.timedelta(minutes=1))

    assert [publication.article_id for publication in marked] == [article.pk]
    assert [kwargs["publication"].article_id for name, kwargs in received if name == "live"] == [article.pk]
