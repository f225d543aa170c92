"""Webhook endpoints: made, changed and disabled here, by the admin and the management API alike."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from webhooks.models import Event, WebhookEndpoint
from webhooks.transport import AddressRefused, url_check


def webhook_endpoint_check(*, url: str, events: list) -> None:
    """The rules of an endpoint, as a ValidationError naming the field: a URL a webhook may call, and at
    least one event, each a known one."""
    problems = {}
    try:
        url_check(url)
    except AddressRefused as refused:
        problems["url"] = [str(refused)]
    if not isinstance(events, list) or not events:
        problems["events"] = [_("Choose at least one event.")]
    else:
        unknown = sorted({str(event) for event in events} - set(Event.values))
        if unknown:
            problems["events"] = [
                _("Unknown events: %(unknown)s. Known: %(known)s.")
                % {"unknown": ", ".join(unknown), "known": ", ".join(Event.values)}
            ]
    if problems:
        raise ValidationError(problems)


def webhook_endpoint_create(*, url: str, events: list, description: str = "", active: bool = True, user=None):
    webhook_endpoint_check(url=url, events=events)
    with transaction.atomic():
        return WebhookEndpoint.objects.create(
            url=url, events=sorted(set(events)), description=description, active=active, created_by=user
        )


def webhook_endpoint_update(*, endpoint: WebhookEndpoint, **fields) -> WebhookEndpoint:
    """Change url, events, description or active; turning a disabled endpoint back on clears its failures."""
    url, events = fields.get("url", endpoint.url), fields.get("events", endpoint.events)
    webhook_endpoint_check(url=url, events=events)
    with transaction.atomic():
        # The stored state, not the instance's: a form may have set `active` on it already.
        was_active = WebhookEndpoint.objects.select_for_update().values_list("active", flat=True).get(pk=endpoint.pk)
        if fields.get("active") and not was_active:
            endpoint.consecutive_failures, endpoint.disabled_at, endpoint.disabled_reason = 0, None, ""
        for name, value in fields.items():
            setattr(endpoint, name, sorted(set(value)) if name == "events" else value)
        endpoint.save()
    return endpoint


def webhook_endpoint_disable(*, endpoint: WebhookEndpoint, reason: str) -> None:
    """Stop sending to the endpoint, saying why (shown in the admin until someone turns it back on)."""
    endpoint.active, endpoint.disabled_at, endpoint.disabled_reason = False, timezone.now(), reason[:300]
    endpoint.save(update_fields=["active", "disabled_at", "disabled_reason"])
