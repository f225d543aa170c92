"""/api/v1/manage/images/: the media library. An image is created by a multipart upload (checked by
`media.uploads` before anything is stored), read, changed as JSON and deleted with its ETag, like every record."""

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from manage_api.http import ManageAPIMixin, etag, expected_version
from manage_api.serializers.images import ImageIn, ImageOut, ImageUpload, model_fields
from manage_api.views.articles import CHANGE_ERRORS, IF_MATCH
from media.models import Image
from media.services import image_create, image_delete, image_update
from media.uploads import UploadRefused

MULTIPART = "multipart/form-data"
UPLOAD_ERRORS = {
    400: OpenApiResponse(
        description="A field is wrong (the body names it): alt text missing on an image that is not decorative, an "
        "identifiable patient without a consent reference; or `file` is not an image in an accepted format (SVG "
        "and anything else but JPEG, PNG, WebP, AVIF, GIF), is animated, damaged or truncated, or has more pixels "
        "than IMAGE_MAX_PIXELS (read from its header, before decoding)"
    ),
    413: OpenApiResponse(
        description="The file is larger than IMAGE_UPLOAD_MAX_BYTES, or the body than that and 64 KiB for the "
        "fields: `detail` names the limit"
    ),
    415: OpenApiResponse(description="Not multipart/form-data: send the file and the fields as a form"),
}


@extend_schema_view(
    list=extend_schema(summary="Images of the media library, newest first"),
    retrieve=extend_schema(summary="One image; its ETag is its version"),
    create=extend_schema(
        summary="Upload an image",
        description=(
            "A multipart form: `file` and the metadata. The type is read from the content; the stored original is the "
            "image re-encoded without its metadata (EXIF, GPS), kept private. An animated image is refused, not "
            "flattened."
        ),
        request={MULTIPART: ImageUpload},
        responses={201: ImageOut, **UPLOAD_ERRORS},
    ),
    update=extend_schema(
        summary="Replace an image's metadata", request=ImageIn, parameters=[IF_MATCH],
        responses={200: ImageOut, **CHANGE_ERRORS},
    ),
    partial_update=extend_schema(
        summary="Change some of an image's metadata", request=ImageIn, parameters=[IF_MATCH],
        responses={200: ImageOut, **CHANGE_ERRORS},
    ),
    destroy=extend_schema(summary="Delete an image", parameters=[IF_MATCH], responses={204: None, **CHANGE_ERRORS}),
)  # fmt: skip
class ImageManageViewSet(ManageAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ImageOut
    queryset = Image.objects.select_related("uploaded_by").with_renditions().order_by("-created_at", "-pk")

    def initialize_request(self, request, *args, **kwargs):
        """A create reads a multipart form (the file, written to a temporary file past 2.5 MB, and its fields);
        every other write reads JSON. (The action is known only once DRF's request exists.)"""
        drf_request = super().initialize_request(request, *args, **kwargs)
        if self.action == "create":
            drf_request.parsers = [MultiPartParser()]
        return drf_request

    def retrieve(self, request, pk=None):
        image = self.get_object()
        return Response(self.get_serializer(image).data, headers={"ETag": etag(image.version)})

    def create(self, request):
        incoming = ImageUpload(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            image = image_create(
                upload=incoming.validated_data["file"], fields=model_fields(incoming.validated_data), user=request.user
            )
        except UploadRefused as refused:
            body = {"file": [refused.message]}
            if refused.status == status.HTTP_413_REQUEST_ENTITY_TOO_LARGE:
                body = {"detail": refused.message, **body}
            return Response(body, status=refused.status)
        image = self.get_queryset().get(pk=image.pk)
        return Response(
            self.get_serializer(image).data, status=status.HTTP_201_CREATED, headers={"ETag": etag(image.version)}
        )

    def _change(self, request, *, partial: bool) -> Response:
        image = self.get_object()
        incoming = ImageIn(instance=image, data=request.data, partial=partial)
        incoming.is_valid(raise_exception=True)
        version = expected_version(request, image.version)
        image = image_update(
            image=image, fields=model_fields(incoming.validated_data), expected_version=version, user=request.user
        )
        return Response(self.get_serializer(image).data, headers={"ETag": etag(image.version)})

    def update(self, request, pk=None):
        return self._change(request, partial=False)

    def partial_update(self, request, pk=None):
        return self._change(request, partial=True)

    def destroy(self, request, pk=None):
        image = self.get_object()
        image_delete(image=image, expected_version=expected_version(request, image.version))
        return Response(status=status.HTTP_204_NO_CONTENT)
