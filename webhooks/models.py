"""Webhook endpoints, the deliveries of events to them, and each attempt at a delivery."""

import base64
import secrets
import uuid

import reversion
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import Versioned


class Event(models.TextChoices):
    PUBLISHED = "article.published", _("article.published: an article went live")
    UPDATED = "article.updated", _("article.updated: a new version of a live article went live")
    UNPUBLISHED = "article.unpublished", _("article.unpublished: a live article was taken down")
    SCHEDULED_LIVE = "article.scheduled_live", _("article.scheduled_live: a scheduled publication went live")
    TRANSLATION_OUTDATED = (
        "translation.outdated",
        _("translation.outdated: the source of a live translation went live with a newer version"),
    )


def new_secret() -> str:
    """A Standard Webhooks secret: `whsec_` and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


# The secret is never stored in a revision: it is shown once, when the endpoint is made.
@reversion.register(exclude=["secret"])
class WebhookEndpoint(Versioned):
    url = models.URLField(_("URL"), max_length=500, help_text=_("Where events are POSTed: http or https."))
    description = models.CharField(_("description"), max_length=200, blank=True)
    events = models.JSONField(_("events"), default=list, help_text=_("The event types sent to this endpoint."))
    active = models.BooleanField(_("active"), default=True)
    secret = models.CharField(_("signing secret"), max_length=100, default=new_secret, editable=False)
    consecutive_failures = models.PositiveIntegerField(_("deliveries failed in a row"), default=0)
    disabled_at = models.DateTimeField(_("disabled"), null=True, blank=True)
    disabled_reason = models.CharField(_("why it was disabled"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["url", "pk"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self) -> str:
        return self.description or self.url


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed: no more attempts")
    CANCELLED = "cancelled", _("Not sent: the endpoint was disabled")


class WebhookDelivery(models.Model):
    """One event for one endpoint. Its id is the `webhook-id` header, the same on every attempt, so a
    receiver can tell a retry from a new event."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("endpoint")
    )
    event = models.CharField(_("event"), max_length=40, choices=Event.choices)
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"), max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), db_index=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [models.Index(fields=["endpoint", "-created_at"], name="webhook_delivery_recent")]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint} ({self.get_status_display()})"

    @property
    def message_id(self) -> str:
        return f"msg_{self.id.hex}"


class WebhookAttempt(models.Model):
    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log", verbose_name=_("delivery")
    )
    number = models.PositiveIntegerField(_("attempt"))
    replay = models.BooleanField(_("replayed from the admin"), default=False)
    started_at = models.DateTimeField(_("started"))
    duration_ms = models.PositiveIntegerField(_("duration (ms)"))
    status_code = models.PositiveIntegerField(_("HTTP status"), null=True, blank=True)
    response_excerpt = models.CharField(_("response (first bytes)"), max_length=500, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)

    class Meta:
        ordering = ["delivery", "number"]
        verbose_name = _("webhook attempt")
        verbose_name_plural = _("webhook attempts")

    def __str__(self) -> str:
        outcome = self.status_code or self.error or "?"
        return f"#{self.number} {outcome} in {self.duration_ms} ms"

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
