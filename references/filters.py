import django_filters
from django import forms

from references.identifiers import normalize_doi, validate_doi, validate_pmid
from references.models import PublishedReference


class DOIField(forms.CharField):
    default_validators = [validate_doi]

    def to_python(self, value):
        return normalize_doi(super().to_python(value))


class DOIFilter(django_filters.CharFilter):
    field_class = DOIField


class PublishedReferenceFilter(django_filters.FilterSet):
    article = django_filters.CharFilter(
        field_name="publication__slug", help_text="Only the references this article cites (its slug)."
    )
    doi = DOIFilter(field_name="doi", help_text="A DOI, e.g. 10.1056/NEJMra070553 or its doi.org link.")
    pmid = django_filters.CharFilter(
        field_name="pmid", validators=[validate_pmid], help_text="A PubMed ID, e.g. 17634462."
    )

    class Meta:
        model = PublishedReference
        fields = []
