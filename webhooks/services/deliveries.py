"""Events become deliveries (one per endpoint that wants the event), and each delivery is attempted by a task
until it is delivered, refused for good (410), out of attempts, or its endpoint is disabled.

Signed per Standard Webhooks (the `standardwebhooks` package): `webhook-id` is the delivery's id, the same on
every attempt; `webhook-timestamp` the attempt's time; `webhook-signature` the HMAC of id, time and body.
"""

import json
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from standardwebhooks import Webhook

from publishing.models import Publication
from webhooks import transport
from webhooks.models import DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from webhooks.services.endpoints import webhook_endpoint_disable


def public_url(path: str) -> str:
    return settings.PUBLIC_BASE_URL + path


def event_payload(*, event: str, publication: Publication, at: datetime) -> dict:
    """The body of an event about one publication: `{"type", "timestamp", "data": {slug, id, url, etag,
    published_at}}`."""
    document = publication.document
    return {
        "type": event,
        "timestamp": at.isoformat().replace("+00:00", "Z"),
        "data": {
            "slug": publication.slug,
            "id": document.get("id", publication.article_id),
            "url": public_url(reverse("public:article-detail", kwargs={"slug": publication.slug})),
            "etag": f'"{publication.etag}"',
            "published_at": document.get("published_at"),
        },
    }


def webhook_event_send(*, event: str, publication: Publication) -> list[WebhookDelivery]:
    """A delivery of the event for each active endpoint that asked for it, each sent by a task after commit."""
    from webhooks.tasks import webhook_deliver

    now = timezone.now()
    payload = event_payload(event=event, publication=publication, at=now)
    with transaction.atomic():
        endpoints = [endpoint for endpoint in WebhookEndpoint.objects.filter(active=True) if event in endpoint.events]
        deliveries = WebhookDelivery.objects.bulk_create(
            WebhookDelivery(endpoint=endpoint, event=event, payload=payload, created_at=now, next_attempt_at=now)
            for endpoint in endpoints
        )
        for delivery in deliveries:
            transaction.on_commit(lambda pk=str(delivery.pk): webhook_deliver.enqueue(pk))  # type: ignore[misc]  # mypy: a lambda's defaults
    return deliveries


def _signed_headers(delivery: WebhookDelivery, body: str, at: datetime) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "webhook-id": delivery.message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": Webhook(delivery.endpoint.secret).sign(delivery.message_id, at, body),
    }


def webhook_delivery_attempt(*, delivery_id: str, replay: bool = False) -> WebhookAttempt | None:
    """One attempt at a delivery (outside any transaction: the receiver may take seconds), then its record.

    A task for a delivery that is no longer pending does nothing (a duplicate); one for a disabled endpoint
    cancels the delivery. A replay (from the admin) sends whatever the status.
    """
    delivery = WebhookDelivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None or (delivery.status != DeliveryStatus.PENDING and not replay):
        return None
    if not delivery.endpoint.active and not replay:
        WebhookDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.PENDING).update(
            status=DeliveryStatus.CANCELLED, next_attempt_at=None
        )
        return None
    body = json.dumps(delivery.payload, separators=(",", ":"), ensure_ascii=False)
    started_at = timezone.now()
    outcome = transport.post(delivery.endpoint.url, body.encode(), _signed_headers(delivery, body, started_at))
    return _attempt_record(delivery_id=delivery.pk, outcome=outcome, started_at=started_at, replay=replay)


def _attempt_record(*, delivery_id, outcome: transport.Outcome, started_at: datetime, replay: bool) -> WebhookAttempt:
    from webhooks.tasks import webhook_deliver

    with transaction.atomic():
        delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery_id)
        endpoint = WebhookEndpoint.objects.select_for_update().get(pk=delivery.endpoint_id)
        delivery.attempts += 1
        attempt = WebhookAttempt.objects.create(
            delivery=delivery,
            number=delivery.attempts,
            replay=replay,
            started_at=started_at,
            duration_ms=outcome.duration_ms,
            status_code=outcome.status_code,
            response_excerpt=outcome.excerpt,
            error=outcome.error,
        )
        now = timezone.now()
        delivery.next_attempt_at = None
        if attempt.succeeded:
            delivery.status, delivery.delivered_at = DeliveryStatus.DELIVERED, now
            endpoint.consecutive_failures = 0
            endpoint.save(update_fields=["consecutive_failures"])
        else:
            retry_in = _failure_handle(endpoint=endpoint, attempt=attempt, replay=replay)
            if retry_in is not None:
                delivery.next_attempt_at = now + retry_in
                transaction.on_commit(
                    lambda at=delivery.next_attempt_at: webhook_deliver.using(run_after=at).enqueue(str(delivery_id))  # type: ignore[misc]  # mypy: a lambda's defaults
                )
            elif not replay and delivery.status == DeliveryStatus.PENDING:
                delivery.status = DeliveryStatus.FAILED
        delivery.save(update_fields=["attempts", "status", "delivered_at", "next_attempt_at"])
    return attempt


def _failure_handle(*, endpoint: WebhookEndpoint, attempt: WebhookAttempt, replay: bool) -> timedelta | None:
    """After a failed attempt: the wait before the next one, or None when there is none (a replay is not
    retried). A 410 disables the endpoint at once; so does a run of deliveries that each failed after every
    attempt (counting deliveries, not attempts: a short outage during a burst of events fails many first
    attempts, which their retries then deliver)."""
    if attempt.status_code == 410:
        webhook_endpoint_disable(
            endpoint=endpoint, reason=_("It answered 410 Gone: the receiver asked for no more deliveries.")
        )
        return None
    if replay:
        return None
    delays = settings.WEBHOOK_RETRY_DELAYS
    if attempt.number <= len(delays):
        return timedelta(seconds=delays[attempt.number - 1])
    endpoint.consecutive_failures += 1
    endpoint.save(update_fields=["consecutive_failures"])
    if endpoint.active and endpoint.consecutive_failures >= settings.WEBHOOK_FAILURES_BEFORE_DISABLE:
        webhook_endpoint_disable(
            endpoint=endpoint,
            reason=_("%(count)s deliveries in a row failed after every attempt; the last answer: %(outcome)s.")
            % {"count": endpoint.consecutive_failures, "outcome": attempt.status_code or attempt.error},
        )
    return None


def webhook_delivery_replay(*, delivery: WebhookDelivery) -> None:
    """Send a delivery again (from the admin), by a task, whatever its status; it is not retried."""
    from webhooks.tasks import webhook_deliver

    transaction.on_commit(lambda: webhook_deliver.enqueue(str(delivery.pk), replay=True))
