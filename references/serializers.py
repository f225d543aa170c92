from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.views import OutputSerializer
from references.csl import format_citation
from references.models import Reference
from references.services import REFERENCE_FIELDS


@extend_schema_field(OpenApiTypes.STR)
class FormattedCitationField(serializers.Field):
    """The whole reference written in the citation style the serializer's context names (`citation_style`).

    The caller says which style, because it is the site's setting at one moment: an approval freezes the
    style of its time, a read of the working copy uses today's.
    """

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, reference: Reference) -> str:
        return format_citation(reference, self.context["citation_style"])


class ReferenceRecordSerializer(OutputSerializer, serializers.ModelSerializer):
    """A reference's own fields, without a formatted citation: what an editor can change."""

    url = serializers.CharField(read_only=True, help_text="An http(s) address, or an empty string when there is none.")

    class Meta:
        model = Reference
        fields = ["id", *REFERENCE_FIELDS]


class ReferenceSerializer(ReferenceRecordSerializer):
    citation = FormattedCitationField(
        help_text="The reference formatted in the site's citation style (AMA or Vancouver) when the article was "
        "approved."
    )

    class Meta(ReferenceRecordSerializer.Meta):
        fields = ["id", "citation", *REFERENCE_FIELDS]
