"""/api/v1/manage/topics/ and /contributors/: plain records; changes need the ETag that was read."""

from django.db import transaction
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets

from articles.models import Contributor, Topic
from core.versioning import record_check_version, record_update
from manage_api.http import ManageAPIMixin, etag, if_match
from manage_api.serializers.taxonomy import ContributorIO, TopicIO
from manage_api.views.articles import CHANGE_ERRORS, IF_MATCH


def changes(serializer) -> dict:
    """The schema of the changing operations: If-Match, and the statuses a change can answer."""
    return {
        "update": extend_schema(parameters=[IF_MATCH], responses={200: serializer, **CHANGE_ERRORS}),
        "partial_update": extend_schema(parameters=[IF_MATCH], responses={200: serializer, **CHANGE_ERRORS}),
        "destroy": extend_schema(parameters=[IF_MATCH], responses={204: None, **CHANGE_ERRORS}),
    }


class TaxonomyViewSet(ManageAPIMixin, viewsets.ModelViewSet):
    """A record's ETag is a hash of what a read returns; a change must send it back in If-Match."""

    lookup_field = "slug"
    lookup_value_regex = "[^/]+"

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        response.headers["ETag"] = etag(response.data)
        return response

    def perform_update(self, serializer):
        # The If-Match is compared with the stored record, locked until the change is saved: no other save
        # comes between the comparison and this one. The save raises the version the admin's pages check.
        with transaction.atomic():
            stored = record_check_version(record=serializer.instance, expected_version=None)
            if_match(self.request, etag(self.get_serializer(stored).data))
            serializer.instance = self.save_update(stored, dict(serializer.validated_data))

    def save_update(self, record, fields: dict):
        return record_update(record=record, fields=fields, expected_version=None, user=self.request.user)

    def perform_destroy(self, instance):
        with transaction.atomic():  # as an update: compared with the stored record, locked until it is deleted
            stored = record_check_version(record=instance, expected_version=None)
            if_match(self.request, etag(self.get_serializer(stored).data))
            stored.delete()

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if (
            request.method in ("POST", "PUT", "PATCH")
            and response.status_code in (status.HTTP_200_OK, status.HTTP_201_CREATED)
            and "ETag" not in response.headers
        ):
            response.headers["ETag"] = etag(response.data)
        return response


@extend_schema_view(**changes(TopicIO))
class TopicManageViewSet(TaxonomyViewSet):
    serializer_class = TopicIO
    queryset = Topic.objects.order_by("name", "pk")


@extend_schema_view(**changes(ContributorIO))
class ContributorManageViewSet(TaxonomyViewSet):
    serializer_class = ContributorIO
    queryset = Contributor.objects.order_by("name", "pk")
