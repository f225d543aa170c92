import django_filters

from core.api.filter_fields import AllWordsFilter
from faq.models import PublishedFAQ


class PublishedFAQFilter(django_filters.FilterSet):
    article = django_filters.CharFilter(
        field_name="publication__slug", help_text="Only the FAQs of this article (its slug)."
    )
    search = AllWordsFilter(
        field_name="search_text",
        help_text="Words that must all appear in the question or the answer.",
    )

    class Meta:
        model = PublishedFAQ
        fields = []
