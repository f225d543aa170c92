"""Events become deliveries (one per endpoint that wants the event), each sent by a task
(`webhooks.tasks.webhook_deliver`) after commit and attempted (`webhooks.services.attempts`) until it is
delivered, refused for good (410), out of attempts, or its endpoint is disabled; and a delivery sent again from
the admin.
"""

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from core import languages
from core.models import SiteSettings
from publishing.models import Publication
from webhooks.models import WebhookDelivery, WebhookEndpoint
from webhooks.tasks import webhook_deliver


def public_url(path: str) -> str:
    return settings.PUBLIC_BASE_URL + path


def event_payload(*, event: str, publication: Publication, at: datetime, default_language: str) -> dict:
    """The body of an event about one publication: `{"type", "timestamp", "data": {slug, language, id, url, etag,
    published_at}}`; the URL names the language unless it is the site's default."""
    document = publication.document
    url = public_url(reverse("public:article-detail", kwargs={"slug": publication.slug}))
    if publication.language != default_language:
        url = f"{url}?{urlencode({'language': publication.language})}"
    return {
        "type": event,
        "timestamp": at.isoformat().replace("+00:00", "Z"),
        "data": {
            "slug": publication.slug,
            "language": publication.language,
            "id": document.get("id", publication.article_id),
            "url": url,
            "etag": f'"{publication.etag}"',
            "published_at": document.get("published_at"),
        },
    }


def webhook_event_send(*, event: str, publication: Publication, source: dict | None = None) -> list[WebhookDelivery]:
    """A delivery of the event for each active endpoint that asked for it, each sent by a task after commit;
    `source` (`translation.outdated`): the source's slug, language and the version it went live with."""
    now = timezone.now()
    default_language = languages.normalize(SiteSettings.load().language)
    payload = event_payload(event=event, publication=publication, at=now, default_language=default_language)
    if source is not None:
        payload["data"]["source"] = source
    with transaction.atomic():
        endpoints = [endpoint for endpoint in WebhookEndpoint.objects.filter(active=True) if event in endpoint.events]
        deliveries = WebhookDelivery.objects.bulk_create(
            WebhookDelivery(endpoint=endpoint, event=event, payload=payload, created_at=now, next_attempt_at=now)
            for endpoint in endpoints
        )
        for delivery in deliveries:
            transaction.on_commit(lambda pk=str(delivery.pk): webhook_deliver.enqueue(pk))  # type: ignore[misc]  # mypy: a lambda's defaults
    return deliveries


def webhook_delivery_replay(*, delivery: WebhookDelivery) -> None:
    """Send a delivery again (from the admin), by a task, whatever its status; it is not retried."""
    transaction.on_commit(lambda: webhook_deliver.enqueue(str(delivery.pk), replay=True))
