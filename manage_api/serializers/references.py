from rest_framework import serializers

from core.api.views import OutputSerializer
from manage_api.serializers.strict import StrictSerializerMixin
from references.identifiers import validate_doi, validate_pmid
from references.models import Reference
from references.services import REFERENCE_FIELDS


class ReferenceOut(OutputSerializer, serializers.ModelSerializer):
    citation = serializers.CharField(read_only=True, help_text="The reference formatted in AMA style.")

    class Meta:
        model = Reference
        fields = ["id", "version", "citation", *REFERENCE_FIELDS]
        read_only_fields = fields


class ReferenceIn(StrictSerializerMixin, serializers.ModelSerializer):
    read_only_names = {"id", "version", "citation"}

    class Meta:
        model = Reference
        fields = list(REFERENCE_FIELDS)
        # DOI and PMID uniqueness is a 409 naming the existing record (see the view), not a 400.
        validators = []
        extra_kwargs = {"doi": {"validators": [validate_doi]}, "pmid": {"validators": [validate_pmid]}}
