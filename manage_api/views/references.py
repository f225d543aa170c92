"""/api/v1/manage/references/: references are kept once; a copy of an existing one is a 409 naming it."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from core.models import SiteSettings
from manage_api.http import ManageAPIMixin, etag, expected_version
from manage_api.serializers.references import ReferenceIn, ReferenceOut
from manage_api.views.articles import CHANGE_ERRORS, IF_MATCH
from references.models import Reference
from references.services import reference_create, reference_delete, reference_update, reference_with_identifier

DUPLICATE = OpenApiResponse(description="A reference with this DOI or PubMed ID exists: the body names its id")


@extend_schema_view(
    list=extend_schema(summary="References"),
    retrieve=extend_schema(summary="One reference; its ETag is its version"),
    create=extend_schema(summary="Add a reference", request=ReferenceIn, responses={201: ReferenceOut, 409: DUPLICATE}),
    update=extend_schema(request=ReferenceIn, parameters=[IF_MATCH], responses={200: ReferenceOut, **CHANGE_ERRORS}),
    partial_update=extend_schema(
        request=ReferenceIn, parameters=[IF_MATCH], responses={200: ReferenceOut, **CHANGE_ERRORS}
    ),
    destroy=extend_schema(
        summary="Delete a reference no article cites", parameters=[IF_MATCH], responses={204: None, **CHANGE_ERRORS}
    ),
)
class ReferenceManageViewSet(ManageAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ReferenceOut
    queryset = Reference.objects.order_by("title", "pk")

    def get_serializer_context(self):
        """Citations are written in the site's style of the moment, like an approval made now."""
        return {**super().get_serializer_context(), "citation_style": SiteSettings.load().citation_style}

    def retrieve(self, request, pk=None):
        reference = self.get_object()
        return Response(self.get_serializer(reference).data, headers={"ETag": etag(reference.version)})

    def _duplicate(self, data: dict, exclude_pk=None) -> Response | None:
        existing = reference_with_identifier(doi=data.get("doi", ""), pmid=data.get("pmid", ""), exclude_pk=exclude_pk)
        if existing is None:
            return None
        return Response(
            {
                "detail": _("“%(reference)s” already has this DOI or PubMed ID: cite that one.")
                % {"reference": existing},
                "id": existing.pk,
            },
            status=status.HTTP_409_CONFLICT,
        )

    def create(self, request):
        incoming = ReferenceIn(data=request.data)
        incoming.is_valid(raise_exception=True)
        conflict = self._duplicate(incoming.validated_data)
        if conflict is not None:
            return conflict
        reference = reference_create(fields=incoming.validated_data, user=request.user)
        return Response(
            self.get_serializer(reference).data,
            status=status.HTTP_201_CREATED,
            headers={"ETag": etag(reference.version)},
        )

    def _change(self, request, *, partial: bool) -> Response:
        reference = self.get_object()
        incoming = ReferenceIn(instance=reference, data=request.data, partial=partial)
        incoming.is_valid(raise_exception=True)
        version = expected_version(request, reference.version)
        conflict = self._duplicate(incoming.validated_data, exclude_pk=reference.pk)
        if conflict is not None:
            return conflict
        reference = reference_update(
            reference=reference, fields=incoming.validated_data, expected_version=version, user=request.user
        )
        return Response(self.get_serializer(reference).data, headers={"ETag": etag(reference.version)})

    def update(self, request, pk=None):
        return self._change(request, partial=False)

    def partial_update(self, request, pk=None):
        return self._change(request, partial=True)

    def destroy(self, request, pk=None):
        reference = self.get_object()
        reference_delete(reference=reference, expected_version=expected_version(request, reference.version))
        return Response(status=status.HTTP_204_NO_CONTENT)
