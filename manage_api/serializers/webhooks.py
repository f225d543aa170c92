from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.views import OutputSerializer
from manage_api.serializers.strict import StrictSerializerMixin
from webhooks.models import Event, WebhookEndpoint

FIELDS = ["id", "url", "description", "events", "active", "disabled_at", "disabled_reason", "created_at"]


@extend_schema_field(
    {"type": "string", "maxLength": 500, "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://[^/?#@\\s]+([/?#]\\S*)?$"}
)
class ReceiverURLField(serializers.URLField):
    """An http or https address (the services also refuse private and loopback hosts unless allowed)."""


class WebhookEndpointIO(StrictSerializerMixin, serializers.ModelSerializer):
    read_only_names = {"id", "disabled_at", "disabled_reason", "created_at", "secret"}
    url = ReceiverURLField(max_length=500)
    events = serializers.ListField(child=serializers.ChoiceField(choices=Event.values), min_length=1)

    class Meta:
        model = WebhookEndpoint
        fields = FIELDS
        read_only_fields = ["id", "disabled_at", "disabled_reason", "created_at"]


class WebhookEndpointCreated(OutputSerializer, serializers.ModelSerializer):
    secret = serializers.CharField(help_text="The signing secret (Standard Webhooks, `whsec_…`): shown this once.")

    class Meta:
        model = WebhookEndpoint
        fields = [*FIELDS, "secret"]
