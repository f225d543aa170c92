import django_filters

from articles.models import Publication
from core.api.filter_fields import AllWordsFilter, DateTimeParameterFilter, StableOrderingFilter


class PublishedArticleFilter(django_filters.FilterSet):
    topic = django_filters.CharFilter(field_name="topics__slug", help_text="Only articles with this topic (its slug).")
    reviewer = django_filters.CharFilter(
        field_name="reviewer__slug", help_text="Only articles reviewed by this contributor (their slug)."
    )
    search = AllWordsFilter(
        field_name="search_text",
        help_text="Words that must all appear in the title, subtitle, summary, key points or sections.",
    )
    updated_since = DateTimeParameterFilter(
        field_name="live_from", lookup_expr="gte", help_text="Updated at or after this date-time."
    )
    published_after = DateTimeParameterFilter(
        field_name="first_published_at", lookup_expr="gte", help_text="First published at or after this."
    )
    published_before = DateTimeParameterFilter(
        field_name="first_published_at", lookup_expr="lt", help_text="First published before this."
    )
    review_overdue = django_filters.ChoiceFilter(
        choices=[("true", "true"), ("false", "false")],
        method="filter_review_overdue",
        help_text="true: only articles whose next medical review date has passed; false: only those not overdue.",
    )
    ordering = StableOrderingFilter(
        fields=(
            ("first_published_at", "published_at"),
            ("live_from", "updated_at"),
            ("title", "title"),
        ),
        help_text="published_at, -published_at (default), updated_at, -updated_at, title or -title.",
    )

    class Meta:
        model = Publication
        fields = []

    def filter_review_overdue(self, queryset, name, value):
        return queryset.review_overdue(overdue=value == "true")
