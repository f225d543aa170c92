"""Webhook endpoints and their deliveries in the admin: made and changed through the services, each
endpoint's recent deliveries and failure rate at a glance, any delivery replayable."""

import uuid
from datetime import timedelta
from typing import cast

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.versioning_admin import VersionCheckedAdmin, VersionCheckedForm
from webhooks.models import Event, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from webhooks.services.deliveries import webhook_delivery_replay
from webhooks.services.endpoints import webhook_endpoint_check, webhook_endpoint_create, webhook_endpoint_update

RECENT = timedelta(days=7)


class EndpointForm(VersionCheckedForm):
    url = forms.URLField(
        label=gettext_lazy("URL"),
        max_length=500,
        assume_scheme="https",
        help_text=gettext_lazy("Where events are POSTed: http or https."),
        widget=forms.URLInput(attrs={"size": 80}),
    )
    events = forms.MultipleChoiceField(
        label=gettext_lazy("Events"), choices=Event.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["url", "description", "events", "active"]

    def clean(self):
        cleaned_data = super().clean()
        if "url" in cleaned_data and "events" in cleaned_data:
            try:
                webhook_endpoint_check(url=cleaned_data["url"], events=list(cleaned_data["events"]))
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned_data


class RecentDeliveryInline(admin.TabularInline):
    model = WebhookDelivery
    verbose_name_plural = gettext_lazy("Recent deliveries (the last 20)")
    fields = ["delivery_link", "event", "status", "attempts", "created_at", "next_attempt_at"]
    readonly_fields = cast(list[str], fields)  # names only, no groups
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = False

    def get_queryset(self, request):
        """The endpoint's newest 20 (the formset filters by endpoint after this, so no slice here: the ids
        of the page's endpoint, read from the URL, come first)."""
        queryset = super().get_queryset(request)
        endpoint_id = request.resolver_match.kwargs.get("object_id")
        newest = queryset.filter(endpoint_id=endpoint_id).order_by("-created_at").values_list("pk", flat=True)[:20]
        return queryset.filter(pk__in=list(newest)).select_related("endpoint").order_by("-created_at")

    @admin.display(description=gettext_lazy("delivery"))
    def delivery_link(self, delivery):
        url = reverse("admin:webhooks_webhookdelivery_change", args=[delivery.pk])
        return format_html('<a href="{}">{}</a>', url, delivery.message_id)


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(VersionCheckedAdmin):
    form = EndpointForm
    list_display = ["url", "description", "event_list", "state", "recent_deliveries", "failure_rate"]
    readonly_fields = ["secret_note", "consecutive_failures", "disabled_at", "disabled_reason", "created_at"]
    inlines = [RecentDeliveryInline]

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    fieldsets = [(None, {"fields": ["url", "description", "events", "active"]})]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)  # with the version the page carries
        return fieldsets if obj is None else [*fieldsets, (_("State"), {"fields": list(self.readonly_fields)})]

    def get_queryset(self, request):
        since = timezone.now() - RECENT
        recent = Q(deliveries__attempt_log__started_at__gte=since)
        return (
            super()
            .get_queryset(request)
            .annotate(
                recent_attempts=Count("deliveries__attempt_log", filter=recent),
                recent_failures=Count(
                    "deliveries__attempt_log",
                    filter=recent
                    & ~Q(
                        deliveries__attempt_log__status_code__gte=200,
                        deliveries__attempt_log__status_code__lt=300,
                    ),
                ),
            )
        )

    @admin.display(description=gettext_lazy("events"))
    def event_list(self, endpoint):
        return ", ".join(endpoint.events)

    @admin.display(description=gettext_lazy("state"))
    def state(self, endpoint):
        if endpoint.active:
            return _("Active")
        if endpoint.disabled_reason:
            return format_html('<strong class="errornote">{}</strong> {}', _("Disabled:"), endpoint.disabled_reason)
        return _("Turned off")

    @admin.display(description=gettext_lazy("attempts in 7 days"))
    def recent_deliveries(self, endpoint):
        return endpoint.recent_attempts

    @admin.display(description=gettext_lazy("failed in 7 days"))
    def failure_rate(self, endpoint):
        if not endpoint.recent_attempts:
            return "–"
        return f"{100 * endpoint.recent_failures / endpoint.recent_attempts:.0f} %"

    @admin.display(description=gettext_lazy("signing secret"))
    def secret_note(self, endpoint):
        return _("Shown once, when the endpoint was made. To change it, make a new endpoint and delete this one.")

    def save_record(self, request, obj, fields, expected_version, change):
        fields["events"] = list(fields["events"])
        if change:
            return webhook_endpoint_update(endpoint=obj, expected_version=expected_version, user=request.user, **fields)
        created = webhook_endpoint_create(user=request.user, **fields)
        messages.warning(
            request,
            format_html(
                "{} <code>{}</code> {}",
                _("Signing secret of this endpoint:"),
                created.secret,
                _("Copy it into the receiver now: it is not shown again."),
            ),
        )
        return created

    def changelist_view(self, request, extra_context=None):
        disabled = WebhookEndpoint.objects.filter(active=False).exclude(disabled_reason="").count()
        if disabled:
            messages.error(
                request,
                _("%(count)s endpoint(s) were disabled after failing: see “state”, fix the receiver, then turn it on.")
                % {"count": disabled},
            )
        return super().changelist_view(request, extra_context)


class AttemptInline(admin.TabularInline):
    model = WebhookAttempt
    fields = ["number", "replay", "started_at", "duration_ms", "status_code", "response_excerpt", "error"]
    readonly_fields = cast(list[str], fields)  # names only, no groups
    extra = 0
    max_num = 0
    can_delete = False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["message_id", "event", "endpoint", "status", "attempts", "created_at", "next_attempt_at"]
    list_filter = ["status", "event", "endpoint"]
    list_select_related = ["endpoint"]
    fields = ["event", "endpoint", "status", "attempts", "created_at", "next_attempt_at", "delivered_at", "payload"]
    readonly_fields = cast(list[str], fields)  # names only, no groups
    inlines = [AttemptInline]
    actions = ["replay_selected"]
    change_form_template = "admin/webhooks/webhookdelivery/change_form.html"

    @admin.display(description=gettext_lazy("message ID"))
    def message_id(self, delivery: WebhookDelivery) -> str:
        return delivery.message_id

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # a delivery is a record; replaying is the one thing to do with it

    def has_replay_permission(self, request) -> bool:
        return request.user.has_perm("webhooks.change_webhookendpoint")

    @admin.action(description=gettext_lazy("Send the selected deliveries again"), permissions=["replay"])
    def replay_selected(self, request, queryset):
        for delivery in queryset:
            webhook_delivery_replay(delivery=delivery)
        messages.success(request, _("%(count)s delivery(ies) will be sent again.") % {"count": len(queryset)})

    def get_urls(self):
        replay = path(
            "<path:object_id>/replay/",
            self.admin_site.admin_view(self.replay_view),
            name="webhooks_webhookdelivery_replay",
        )
        return [replay, *super().get_urls()]

    def replay_view(self, request, object_id):
        if request.method != "POST":
            return redirect("admin:webhooks_webhookdelivery_change", object_id)
        if not self.has_replay_permission(request):
            raise PermissionDenied
        try:
            delivery = get_object_or_404(WebhookDelivery, pk=uuid.UUID(object_id))
        except ValueError as error:
            raise Http404 from error
        webhook_delivery_replay(delivery=delivery)
        messages.success(request, _("The delivery will be sent again in a moment; its attempt appears below."))
        return redirect("admin:webhooks_webhookdelivery_change", object_id)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "can_replay": self.has_replay_permission(request)}
        return super().change_view(request, object_id, form_url, extra_context)
