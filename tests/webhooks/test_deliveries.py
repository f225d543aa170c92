"""Webhook deliveries end to end in one process: a real publish, the signal after commit, the task queue's
database backend, the worker's own task runner, and a real HTTP receiver on loopback."""

import datetime
import json
from itertools import pairwise

import pytest
import time_machine
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from standardwebhooks import Webhook

from publishing.services.editorial_steps import article_transition
from publishing.tasks import publications_go_live
from tests.helpers import receiver as receivers
from tests.helpers.publishing import approve, approved_article
from tests.helpers.tasks import run_ready_tasks
from webhooks.models import DeliveryStatus, Event, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from webhooks.services.deliveries import webhook_delivery_replay
from webhooks.services.endpoints import webhook_endpoint_create, webhook_endpoint_update

pytestmark = pytest.mark.django_db

T0 = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def receiver():
    started = receivers.start()
    yield started
    receivers.stop(started)


def endpoint_for(receiver, events=tuple(Event.values)) -> WebhookEndpoint:
    return webhook_endpoint_create(url=receiver.url, events=list(events))


def publish(article, user, capture, **kwargs):
    """A publish that commits: the signals sent after commit run, as they would in a request."""
    with capture(execute=True):
        article_transition("publish", article=article, user=user, **kwargs)


def test_a_publish_delivers_one_signed_request_that_the_library_verifies(
    publisher, receiver, django_capture_on_commit_callbacks
):
    endpoint = endpoint_for(receiver)
    article = approved_article(slug="vitamin-d-basics")

    publish(article, publisher, django_capture_on_commit_callbacks)
    ran = run_ready_tasks()

    assert [task.status for task in ran] == ["SUCCESSFUL"]
    requests = receiver.wait_for(1)
    assert len(requests) == 1
    request = requests[0]
    payload = Webhook(endpoint.secret).verify(request.body, request.headers)
    assert payload["type"] == "article.published"
    assert payload["data"]["slug"] == "vitamin-d-basics"
    assert payload["data"]["url"] == "http://127.0.0.1:8000/api/v1/articles/vitamin-d-basics/"
    assert payload["data"]["id"] == article.pk
    assert payload["data"]["etag"].startswith('"') and payload["data"]["published_at"]
    assert request.headers["webhook-id"] == WebhookDelivery.objects.get().message_id
    # The signature covers the body: a changed byte fails verification (the check above can fail).
    with pytest.raises(Exception, match="signature"):
        Webhook(endpoint.secret).verify(request.body.replace(b"vitamin", b"Vitamin"), request.headers)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 1)
    assert delivery.attempt_log.get().response_excerpt == "answered 200"


def test_a_second_version_is_an_update_and_an_unpublish_is_announced(
    publisher, receiver, django_capture_on_commit_callbacks
):
    endpoint_for(receiver)
    article = approved_article(slug="iron-basics")
    publish(article, publisher, django_capture_on_commit_callbacks)
    approve(article)
    publish(article, publisher, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        article_transition("unpublish", article=article, user=publisher)
    run_ready_tasks()

    types = [json.loads(request.body)["type"] for request in receiver.wait_for(3)]
    assert types == ["article.published", "article.updated", "article.unpublished"]


def test_only_the_events_an_endpoint_asked_for_are_sent(publisher, receiver, django_capture_on_commit_callbacks):
    endpoint_for(receiver, events=[Event.UNPUBLISHED])
    article = approved_article()
    publish(article, publisher, django_capture_on_commit_callbacks)
    run_ready_tasks()

    assert not WebhookDelivery.objects.exists()
    assert receiver.requests == []
    with django_capture_on_commit_callbacks(execute=True):  # control: the event it asked for is sent
        article_transition("unpublish", article=article, user=publisher)
    run_ready_tasks()
    assert [json.loads(request.body)["type"] for request in receiver.wait_for(1)] == ["article.unpublished"]


def test_a_failing_receiver_of_the_signal_neither_breaks_the_publish_nor_silences_the_webhooks(
    publisher, receiver, django_capture_on_commit_callbacks
):
    from publishing.signals import publication_live

    def broken(**kwargs):
        raise RuntimeError("a receiver that fails")

    publication_live.connect(broken, dispatch_uid="test-broken")
    try:
        endpoint_for(receiver)
        publish(approved_article(), publisher, django_capture_on_commit_callbacks)
    finally:
        publication_live.disconnect(dispatch_uid="test-broken")
    run_ready_tasks()
    assert len(receiver.wait_for(1)) == 1


def test_a_scheduled_version_superseded_before_anyone_marked_it_is_not_announced(
    publisher, receiver, django_capture_on_commit_callbacks
):
    endpoint_for(receiver)
    article = approved_article()
    with time_machine.travel(T0, tick=False) as traveller:
        publish(article, publisher, django_capture_on_commit_callbacks, live_from=T0 + datetime.timedelta(hours=1))
        approve(article)
        publish(article, publisher, django_capture_on_commit_callbacks, live_from=T0 + datetime.timedelta(hours=2))
        traveller.move_to(T0 + datetime.timedelta(hours=3))  # the worker was down for both go-live times
        results = run_ready_tasks()
    marked = [slug for task in results if task.task_path.endswith("publications_go_live") for slug in task.return_value]
    assert len(marked) == 2  # both marked
    requests = receiver.wait_for(1)
    assert len(requests) == 1  # only the version the public sees is announced
    assert WebhookDelivery.objects.get().payload["type"] == "article.scheduled_live"


def test_a_rolled_back_transaction_sends_nothing(publisher, receiver, django_capture_on_commit_callbacks):
    endpoint_for(receiver)
    article = approved_article()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        article_transition("publish", article=article, user=publisher)
        raise RuntimeError("the request failed after publishing")
    run_ready_tasks()

    assert not WebhookDelivery.objects.exists()
    assert not DBTaskResult.objects.exists()
    assert receiver.requests == []
    # Positive control: the same publish, committed, is delivered.
    publish(article, publisher, django_capture_on_commit_callbacks)
    run_ready_tasks()
    assert len(receiver.wait_for(1)) == 1


def test_a_failing_receiver_is_retried_with_growing_delays_until_it_answers(
    publisher, django_capture_on_commit_callbacks
):
    receiver = receivers.start(statuses=[500, 500, 200])
    try:
        endpoint_for(receiver)
        with time_machine.travel(T0, tick=False) as traveller:
            publish(approved_article(), publisher, django_capture_on_commit_callbacks)
            run_ready_tasks()
            assert len(receiver.requests) == 1
            delivery = WebhookDelivery.objects.get()
            assert delivery.status == DeliveryStatus.PENDING
            assert delivery.next_attempt_at == T0 + datetime.timedelta(seconds=60)

            traveller.shift(datetime.timedelta(seconds=59))
            assert run_ready_tasks() == []  # not before its time

            traveller.shift(datetime.timedelta(seconds=1))
            run_ready_tasks()
            assert len(receiver.requests) == 2
            delivery.refresh_from_db()
            assert delivery.next_attempt_at == T0 + datetime.timedelta(seconds=60 + 300)

            traveller.shift(datetime.timedelta(seconds=300))
            run_ready_tasks()
        assert len(receiver.requests) == 3
        attempts = list(WebhookAttempt.objects.order_by("number"))
        assert [attempt.status_code for attempt in attempts] == [500, 500, 200]
        gaps = [(later.started_at - earlier.started_at).total_seconds() for earlier, later in pairwise(attempts)]
        assert gaps == [60, 300]
        delivery.refresh_from_db()
        assert delivery.status == DeliveryStatus.DELIVERED
        # The same message id on every attempt, so that a receiver can tell a retry from a new event.
        assert len({request.headers["webhook-id"] for request in receiver.requests}) == 1
    finally:
        receivers.stop(receiver)


@override_settings(WEBHOOK_RETRY_DELAYS=[10, 20])
def test_a_delivery_gives_up_after_its_last_attempt(publisher, django_capture_on_commit_callbacks):
    receiver = receivers.start(statuses=[503] * 5)
    try:
        endpoint_for(receiver)
        with time_machine.travel(T0, tick=False) as traveller:
            publish(approved_article(), publisher, django_capture_on_commit_callbacks)
            for _ in range(4):
                run_ready_tasks()
                traveller.shift(datetime.timedelta(seconds=30))
        delivery = WebhookDelivery.objects.get()
        assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == (DeliveryStatus.FAILED, 3, None)
        assert len(receiver.requests) == 3
    finally:
        receivers.stop(receiver)


def test_410_disables_the_endpoint_without_a_retry(publisher, django_capture_on_commit_callbacks):
    receiver = receivers.start(statuses=[410])
    try:
        endpoint = endpoint_for(receiver)
        with time_machine.travel(T0, tick=False) as traveller:
            publish(approved_article(), publisher, django_capture_on_commit_callbacks)
            run_ready_tasks()
            traveller.shift(datetime.timedelta(hours=2))
            assert run_ready_tasks() == []
        endpoint.refresh_from_db()
        assert endpoint.active is False
        assert "410" in endpoint.disabled_reason
        assert WebhookDelivery.objects.get().status == DeliveryStatus.FAILED
        assert len(receiver.requests) == 1
        # A disabled endpoint gets no new deliveries.
        publish(approved_article(), publisher, django_capture_on_commit_callbacks)
        assert WebhookDelivery.objects.count() == 1
    finally:
        receivers.stop(receiver)


@override_settings(WEBHOOK_FAILURES_BEFORE_DISABLE=2, WEBHOOK_RETRY_DELAYS=[10])
def test_a_run_of_failed_deliveries_disables_the_endpoint_and_turning_it_on_clears_them(
    publisher, django_capture_on_commit_callbacks
):
    receiver = receivers.start(statuses=[500] * 4)
    try:
        endpoint = endpoint_for(receiver)
        with time_machine.travel(T0, tick=False) as traveller:
            publish(approved_article(), publisher, django_capture_on_commit_callbacks)
            publish(approved_article(), publisher, django_capture_on_commit_callbacks)
            run_ready_tasks()  # the first attempt of both fails: a burst during an outage is not a run
            endpoint.refresh_from_db()
            assert (endpoint.active, endpoint.consecutive_failures) == (True, 0)
            traveller.shift(datetime.timedelta(seconds=10))
            run_ready_tasks()  # their retries fail too: two deliveries failed after every attempt
        endpoint.refresh_from_db()
        assert endpoint.active is False
        assert endpoint.disabled_reason.startswith("2 deliveries in a row failed after every attempt")
        assert len(receiver.requests) == 4

        webhook_endpoint_update(endpoint=endpoint, expected_version=None, active=True)
        endpoint.refresh_from_db()
        assert (endpoint.consecutive_failures, endpoint.disabled_at, endpoint.disabled_reason) == (0, None, "")
    finally:
        receivers.stop(receiver)


@override_settings(WEBHOOK_FAILURES_BEFORE_DISABLE=2, WEBHOOK_RETRY_DELAYS=[10])
def test_a_delivery_that_gets_through_ends_the_run(publisher, django_capture_on_commit_callbacks):
    receiver = receivers.start(statuses=[500, 500, 200, 500, 500])
    try:
        endpoint = endpoint_for(receiver)
        with time_machine.travel(T0, tick=False) as traveller:
            for _ in range(3):
                publish(approved_article(), publisher, django_capture_on_commit_callbacks)
                run_ready_tasks()
                traveller.shift(datetime.timedelta(seconds=10))
                run_ready_tasks()
        endpoint.refresh_from_db()
        # failed, then delivered (the run ends), then failed again: one in a row, still active
        assert (endpoint.active, endpoint.consecutive_failures) == (True, 1)
    finally:
        receivers.stop(receiver)


def test_a_pending_delivery_of_an_endpoint_turned_off_is_cancelled(
    publisher, receiver, django_capture_on_commit_callbacks
):
    endpoint = endpoint_for(receiver)
    publish(approved_article(), publisher, django_capture_on_commit_callbacks)
    webhook_endpoint_update(endpoint=endpoint, expected_version=None, active=False)
    run_ready_tasks()

    assert WebhookDelivery.objects.get().status == DeliveryStatus.CANCELLED
    assert receiver.requests == []


def test_a_replay_sends_the_same_message_again_whatever_its_status(
    publisher, receiver, django_capture_on_commit_callbacks
):
    endpoint = endpoint_for(receiver)
    publish(approved_article(), publisher, django_capture_on_commit_callbacks)
    run_ready_tasks()
    delivery = WebhookDelivery.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        webhook_delivery_replay(delivery=delivery)
    run_ready_tasks()

    requests = receiver.wait_for(2)
    assert len(requests) == 2
    assert requests[0].body == requests[1].body
    assert requests[1].headers["webhook-id"] == delivery.message_id
    Webhook(endpoint.secret).verify(requests[1].body, requests[1].headers)
    assert [(a.number, a.replay) for a in delivery.attempt_log.all()] == [(1, False), (2, True)]


@override_settings(WEBHOOK_TIMEOUT_SECONDS=0.3)
def test_a_receiver_that_does_not_answer_in_time_is_a_failed_attempt(publisher, django_capture_on_commit_callbacks):
    receiver = receivers.start(delay=2)
    try:
        endpoint_for(receiver)
        publish(approved_article(), publisher, django_capture_on_commit_callbacks)
        run_ready_tasks()
        attempt = WebhookAttempt.objects.get()
        assert attempt.status_code is None
        assert "No answer within 0.3 s" in attempt.error
        assert attempt.duration_ms < 1500
        assert WebhookDelivery.objects.get().status == DeliveryStatus.PENDING  # retried later
    finally:
        receivers.stop(receiver)


def test_a_scheduled_publication_fires_scheduled_live_once_when_its_task_runs(
    publisher, receiver, django_capture_on_commit_callbacks
):
    endpoint_for(receiver)
    live_from = T0 + datetime.timedelta(hours=1)
    with time_machine.travel(T0, tick=False) as traveller:
        publish(approved_article(), publisher, django_capture_on_commit_callbacks, live_from=live_from)
        assert run_ready_tasks() == []  # nothing is live yet, and the go-live task waits for its time
        assert DBTaskResult.objects.get().run_after == live_from

        traveller.move_to(live_from + datetime.timedelta(seconds=1))
        run_ready_tasks()
        # A second go-live run (another worker, or publish_scheduled by hand) announces nothing again.
        publications_go_live.enqueue()
        assert [task.return_value for task in run_ready_tasks()] == [[]]

    types = [json.loads(request.body)["type"] for request in receiver.wait_for(1)]
    assert types == ["article.scheduled_live"]
    assert WebhookDelivery.objects.filter(event=Event.SCHEDULED_LIVE).count() == 1
    assert timezone.now() > live_from
