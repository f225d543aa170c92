from collections.abc import Callable

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.views import OutputSerializer
from manage_api.serializers.strict import StrictSerializerMixin
from references.identifiers import DOI_INPUT, PMID_INPUT, WEB_ADDRESS, validate_doi, validate_pmid, validate_web_address
from references.models import Reference
from references.serializers import FormattedCitationField
from references.services import REFERENCE_FIELDS


class ReferenceOut(OutputSerializer, serializers.ModelSerializer):
    citation = FormattedCitationField(
        help_text="The reference formatted in the site's citation style (AMA or Vancouver)."
    )
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


def as_sent(field_class, max_length: int, validator, **kwargs) -> serializers.CharField:
    """An optional text field checked as the client sent it: not trimmed before the length and pattern checks,
    because the schema's maxLength and pattern read the value untrimmed."""
    return field_class(
        trim_whitespace=False, max_length=max_length, allow_blank=True, required=False, validators=[validator], **kwargs
    )


class ReferenceIn(StrictSerializerMixin, serializers.ModelSerializer):
    read_only_names = {"id", "version", "citation"}
    doi = as_sent(DOIField, 200, validate_doi, help_text=Reference._meta.get_field("doi").help_text)
    pmid = as_sent(PMIDField, 12, validate_pmid, label="PubMed ID")
    url = as_sent(WebAddressField, 500, validate_web_address, label="URL")

    class Meta:
        model = Reference
        fields = list(REFERENCE_FIELDS)
        # DOI and PMID uniqueness is a 409 naming the existing record (see the view), not a 400.
        validators: list[Callable[..., object]] = []
