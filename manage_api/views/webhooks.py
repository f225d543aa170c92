"""/api/v1/manage/webhooks/: the endpoints events are sent to. The signing secret is in the answer to the
POST that makes one, and never again."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.response import Response

from manage_api.http import etag
from manage_api.serializers.webhooks import WebhookEndpointCreated, WebhookEndpointIO
from manage_api.views.taxonomy import TaxonomyViewSet, changes
from webhooks.models import WebhookEndpoint
from webhooks.services.endpoints import webhook_endpoint_create, webhook_endpoint_update


@extend_schema_view(
    list=extend_schema(summary="Webhook endpoints"),
    retrieve=extend_schema(summary="One webhook endpoint (its secret is not shown again)"),
    create=extend_schema(summary="Add a webhook endpoint", responses={201: WebhookEndpointCreated}),
    **changes(WebhookEndpointIO),
)
class WebhookEndpointManageViewSet(TaxonomyViewSet):
    serializer_class = WebhookEndpointIO
    queryset = WebhookEndpoint.objects.order_by("url", "pk")
    lookup_field = "pk"
    lookup_value_regex = "[0-9]+"

    def create(self, request, *args, **kwargs):
        incoming = WebhookEndpointIO(data=request.data)
        incoming.is_valid(raise_exception=True)
        endpoint = webhook_endpoint_create(user=request.user, **incoming.validated_data)
        body = WebhookEndpointCreated(endpoint).data
        return Response(body, status=status.HTTP_201_CREATED, headers={"ETag": etag(WebhookEndpointIO(endpoint).data)})

    def save_update(self, record, fields: dict):
        return webhook_endpoint_update(endpoint=record, expected_version=None, user=self.request.user, **fields)
