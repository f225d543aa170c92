from rest_framework import serializers

from references.models import Citation, Reference


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


class CitedReferenceSerializer(serializers.Serializer):
    """One entry of an article's numbered reference list."""

    number = serializers.IntegerField()

    def to_representation(self, citation: Citation):
        return {
            "number": citation.number,
            "anchor": citation.anchor,
            **ReferenceSerializer(citation.reference).data,
        }


class CitedReferenceSchemaSerializer(ReferenceSerializer):
    """The shape of `CitedReferenceSerializer`'s output, for the OpenAPI schema."""

    number = serializers.IntegerField()
    anchor = serializers.CharField(help_text="The id that in-text markers link to: [3] links to #ref-3.")

    class Meta(ReferenceSerializer.Meta):
        fields = ["number", "anchor", *ReferenceSerializer.Meta.fields]
