from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.views import OutputSerializer
from manage_api.serializers.strict import StrictSerializerMixin
from references.identifiers import DOI_INPUT, PMID_INPUT, WEB_ADDRESS, validate_doi, validate_pmid, validate_web_address
from references.models import Reference
from references.services import REFERENCE_FIELDS


class ReferenceOut(OutputSerializer, serializers.ModelSerializer):
    citation = serializers.CharField(read_only=True, help_text="The reference formatted in AMA style.")
    url = serializers.CharField(read_only=True, help_text="An http(s) address, or an empty string when there is none.")

    class Meta:
        model = Reference
        fields = ["id", "version", "citation", *REFERENCE_FIELDS]
        read_only_fields = fields


@extend_schema_field({"type": "string", "maxLength": 200, "pattern": DOI_INPUT})
class DOIField(serializers.CharField):
    """A DOI as typed or pasted (a doi.org link, `doi:`), or blank; the schema carries the pattern the server checks."""


@extend_schema_field({"type": "string", "maxLength": 12, "pattern": PMID_INPUT})
class PMIDField(serializers.CharField):
    """A PubMed ID, or blank."""


@extend_schema_field({"type": "string", "maxLength": 500, "pattern": WEB_ADDRESS})
class WebAddressField(serializers.CharField):
    """An http(s) address, or blank; one pattern (no `format` beside a blank alternative), so that the schema
    says exactly what the server accepts."""


class ReferenceIn(StrictSerializerMixin, serializers.ModelSerializer):
    read_only_names = {"id", "version", "citation"}
    # Not trimmed before the length check: the schema's maxLength counts what the client sends.
    doi = DOIField(
        trim_whitespace=False,
        max_length=200,
        allow_blank=True,
        required=False,
        validators=[validate_doi],
        help_text=Reference._meta.get_field("doi").help_text,
    )
    pmid = PMIDField(
        trim_whitespace=False,
        max_length=12,
        allow_blank=True,
        required=False,
        validators=[validate_pmid],
        label="PubMed ID",
    )
    url = WebAddressField(
        trim_whitespace=False,
        max_length=500,
        allow_blank=True,
        required=False,
        validators=[validate_web_address],
        label="URL",
    )

    class Meta:
        model = Reference
        fields = list(REFERENCE_FIELDS)
        # DOI and PMID uniqueness is a 409 naming the existing record (see the view), not a 400.
        validators = []
