from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.views import OutputSerializer
from core.text import STRIPPED_WHITESPACE
from manage_api.serializers.strict import StrictSerializerMixin
from webhooks.models import Event, WebhookEndpoint

FIELDS = ["id", "url", "description", "events", "active", "disabled_at", "disabled_reason", "created_at"]


# The address as Django's URLValidator takes it, spelled for ECMAScript and Python alike (no \s, no lookbehind):
# a public IPv4 or IPv6 literal, or a host name of labels of at most 63 characters with a top-level domain, the
# whole name at most 253 characters (RFC 1034); then a port, a path. No user name (the server takes one; a receiver
# has no use for it). The server also refuses private and loopback addresses, which only it can tell.
_HOST_CHAR = "0-9A-Za-z\\u00a1-\\uffff"
_TLD_CHAR = "A-Za-z\\u00a1-\\uffff"
_LABEL = f"[{_HOST_CHAR}]([-{_HOST_CHAR}]{{0,61}}[{_HOST_CHAR}])?"
_TLD = f"([{_TLD_CHAR}][-{_TLD_CHAR}]{{0,61}}[{_TLD_CHAR}]|[Xx][Nn]--[0-9A-Za-z]{{1,59}})"
_IPV4_PART = "(0|25[0-5]|2[0-4][0-9]|1[0-9]?[0-9]?|[1-9][0-9]?)"
_HOST = (
    f"({_IPV4_PART}(\\.{_IPV4_PART}){{3}}|\\[[0-9A-Fa-f:.]+\\]|(?=[^/?#:]{{1,253}}([:/?#]|$))({_LABEL}\\.)+{_TLD}\\.?)"
)
RECEIVER_URL = f"^[Hh][Tt][Tt][Pp][Ss]?://{_HOST}(:[0-9]{{1,5}})?([/?#][^{STRIPPED_WHITESPACE}]*)?$"


@extend_schema_field({"type": "string", "maxLength": 500, "pattern": RECEIVER_URL})
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
