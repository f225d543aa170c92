"""Webhook endpoints: made, changed and disabled here, by the admin and the management API alike."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.versioning import record_check_version, record_create, record_update
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
    fields = {"url": url, "events": sorted(set(events)), "description": description, "active": active}
    return record_create(model=WebhookEndpoint, fields={**fields, "created_by": user}, user=user)


def webhook_endpoint_update(
    *, endpoint: WebhookEndpoint, expected_version: int | None, user=None, **fields
) -> WebhookEndpoint:
    """Change url, events, description or active (StaleVersion if the endpoint changed since `expected_version`
    was read; None skips that check); turning a disabled endpoint back on clears its failures."""
    url, events = fields.get("url", endpoint.url), fields.get("events", endpoint.events)
    webhook_endpoint_check(url=url, events=events)
    if "events" in fields:
        fields["events"] = sorted(set(fields["events"]))
    with transaction.atomic():
        # The stored state, not the instance's: a form may have set `active` on it already.
        stored = record_check_version(record=endpoint, expected_version=expected_version)
        if fields.get("active") and not stored.active:
            fields.update(consecutive_failures=0, disabled_at=None, disabled_reason="")
        return record_update(record=stored, fields=fields, expected_version=None, user=user)


def webhook_endpoint_disable(*, endpoint: WebhookEndpoint, reason: str) -> None:
    """Stop sending to the endpoint, saying why (shown in the admin until someone turns it back on). A new
    version: an editor whose page still shows it active must not turn it back on without seeing why."""
    stored = record_update(
        record=endpoint,
        fields={"active": False, "disabled_at": timezone.now(), "disabled_reason": reason[:300]},
        expected_version=None,
    )
    endpoint.active, endpoint.disabled_at, endpoint.disabled_reason = False, stored.disabled_at, stored.disabled_reason
    endpoint.version = stored.version
