from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.views import OutputSerializer
from references.csl import format_citation
from references.models import NoticeNature, Reference, RetractionNotice
from references.services import REFERENCE_FIELDS


class NoticeSerializer(OutputSerializer, serializers.Serializer):
    nature = serializers.ChoiceField(choices=NoticeNature.choices)
    date = serializers.DateField(allow_null=True, help_text="When the notice was published.")
    doi = serializers.CharField(help_text="The notice's DOI, or an empty string.")


def notices_attach(references: list[Reference]) -> None:
    """Give each reference `notices`: the Retraction Watch notices about its paper, oldest first (one query)."""
    notices = list(RetractionNotice.objects.about(dois=[r.doi for r in references], pmids=[r.pmid for r in references]))
    for reference in references:
        reference.notices = [
            notice
            for notice in notices
            if (reference.doi and notice.original_doi == reference.doi)
            or (reference.pmid and notice.original_pmid == reference.pmid)
        ]


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
    """A reference's own fields, without a formatted citation (what an editor can change), and the notices
    about its paper."""

    url = serializers.CharField(read_only=True, help_text="An http(s) address, or an empty string when there is none.")
    notices = serializers.SerializerMethodField(
        help_text="Retraction Watch notices about the paper (retraction, correction, expression of concern), "
        "oldest first, as the medical reviewer saw them when approving; empty when none."
    )

    class Meta:
        model = Reference
        fields = ["id", *REFERENCE_FIELDS, "notices"]

    @extend_schema_field(NoticeSerializer(many=True))
    def get_notices(self, reference: Reference) -> list[dict]:
        if not hasattr(reference, "notices"):
            notices_attach([reference])  # one reference alone: a list attaches them for all at once
        return [notice.as_public() for notice in reference.notices]


class ReferenceSerializer(ReferenceRecordSerializer):
    citation = FormattedCitationField(
        help_text="The reference formatted in the site's citation style (AMA or Vancouver) when the article was "
        "approved."
    )

    class Meta(ReferenceRecordSerializer.Meta):
        fields = ["id", "citation", *REFERENCE_FIELDS, "notices"]
