import django_filters
from django import forms
from drf_spectacular.utils import extend_schema_field

from core.api.filter_fields import AllWordsFilter, DateTimeParameterFilter, StableOrderingFilter, rows_among
from publishing.models import Publication, PublishedFAQ, PublishedReference
from references.identifiers import DOI_INPUT, PMID_INPUT, normalize_doi, validate_doi, validate_pmid


class PublishedArticleFilter(django_filters.FilterSet):
    topic = django_filters.CharFilter(method="filter_topic", help_text="Only articles with this topic (its slug).")
    reviewer = django_filters.CharFilter(
        field_name="reviewer__slug", help_text="Only articles reviewed by this contributor (their slug)."
    )
    search = AllWordsFilter(
        field_name="search_text",
        sqlite_index="publication_search",
        by_language=True,
        ranked_then=("-first_published_at", "-pk"),
        typo_tolerant=True,
        help_text="Words that must all appear in the title, subtitle, summary, key points or sections (on PostgreSQL, "
        "in any form the language's stemming gives them: calambres finds calambre), each from the beginning of a "
        "word. A word of five letters or more that no article of the list holds finds those with a word like it "
        "in their title, subtitle or summary instead (magnesum finds magnesium). Without `ordering`, the most "
        "relevant first (a match in the title, then in the subtitle, summary or key points, then elsewhere), then "
        "newest first; `ordering` orders the same articles its way. Each result's `search_highlight` shows where "
        "the words are. A word or phrase that is a search "
        "synonym in the list's language also matches the other terms of its group (twitching finds fasciculation, "
        "vit d finds vitamin D): synonyms are written by the site's editors, and include entry terms from MeSH "
        "(Medical Subject Headings), courtesy of the U.S. National Library of Medicine.",
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
        fields: list[str] = []

    def filter_topic(self, queryset, name, value):
        """Through the topic's rows of the membership table, checked while the list's index is read (`rows_among`)."""
        members = Publication.topics.through.objects.filter(topic__slug=value).values("publication_id")
        sql, params = members.query.get_compiler(using=queryset.db).as_sql()
        return rows_among(queryset, sql, list(params))

    def filter_review_overdue(self, queryset, name, value):
        return queryset.review_overdue(overdue=value == "true")


class PublishedFAQFilter(django_filters.FilterSet):
    article = django_filters.CharFilter(
        field_name="publication__slug", help_text="Only the FAQs of this article (its slug)."
    )
    search = AllWordsFilter(
        field_name="search_text",
        sqlite_index="publishedfaq_search",
        help_text="Words that must all appear in the question or the answer.",
    )

    class Meta:
        model = PublishedFAQ
        fields: list[str] = []


class DOIField(forms.CharField):
    default_validators = [validate_doi]

    def to_python(self, value):
        return normalize_doi(super().to_python(value))


@extend_schema_field(
    {
        "type": "string",
        "maxLength": 200,
        "pattern": DOI_INPUT,
        "description": "A DOI, e.g. 10.1056/NEJMra070553 or its doi.org link.",
    }
)
class DOIFilter(django_filters.CharFilter):
    field_class = DOIField


@extend_schema_field(
    {"type": "string", "maxLength": 200, "pattern": PMID_INPUT, "description": "A PubMed ID, e.g. 17634462."}
)
class PMIDFilter(django_filters.CharFilter):
    pass


class PublishedReferenceFilter(django_filters.FilterSet):
    article = django_filters.CharFilter(
        field_name="publication__slug", help_text="Only the references this article cites (its slug)."
    )
    doi = DOIFilter(field_name="doi", help_text="A DOI, e.g. 10.1056/NEJMra070553 or its doi.org link.")
    pmid = PMIDFilter(field_name="pmid", validators=[validate_pmid], help_text="A PubMed ID, e.g. 17634462.")

    class Meta:
        model = PublishedReference
        fields: list[str] = []
