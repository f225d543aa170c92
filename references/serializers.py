from rest_framework import serializers

from references.models import Reference


class ReferenceSerializer(serializers.ModelSerializer):
    citation = serializers.CharField(read_only=True, help_text="The reference formatted in AMA style.")

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
