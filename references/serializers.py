from rest_framework import serializers

from core.api.views import OutputSerializer
from references.models import Reference


class ReferenceSerializer(OutputSerializer, serializers.ModelSerializer):
    citation = serializers.CharField(read_only=True, help_text="The reference formatted in AMA style.")
    url = serializers.CharField(read_only=True, help_text="An http(s) address, or an empty string when there is none.")

    class Meta:
        model = Reference
        fields = [
            "id",
            "citation",
            "kind",
            "title",
            "authors",
            "container",
            "year",
            "volume",
            "issue",
            "pages",
            "doi",
            "pmid",
            "url",
            "accessed_on",
        ]
