import django_filters
from django.core.validators import MaxLengthValidator

from articles.filters import search_terms
from faq.models import PublishedFAQ


class PublishedFAQFilter(django_filters.FilterSet):
    article = django_filters.CharFilter(
        field_name="publication__slug", help_text="Only the FAQs of this article (its slug)."
    )
    search = django_filters.CharFilter(
        method="filter_search",
        validators=[MaxLengthValidator(200)],
        help_text="Words that must all appear in the question or the answer.",
    )

    class Meta:
        model = PublishedFAQ
        fields = []

    def filter_search(self, queryset, name, value):
        for term in search_terms(value):
            queryset = queryset.filter(search_text__contains=term)
        return queryset
