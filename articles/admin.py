import datetime

from adminsortable2.admin import SortableAdminBase, SortableStackedInline, SortableTabularInline
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from articles.citations import CitationNumbering, unused_citations
from articles.models import Article, CauseComparison, Contributor, KeyPoint, Publication, Section, Topic
from articles.services import (
    article_citation_problems,
    article_publish,
    article_renumber_citation_markers,
    article_unpublish,
)
from core.admin import OrderedInlineFormSet
from core.citation_markers import format_numbers
from core.text import unique_slug
from faq.admin import FAQInline
from references.admin import CitationInline

# Patient-facing text above this Flesch-Kincaid grade gets a warning (not an error).
READABILITY_GRADE_TARGET = 10


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "is_condition"]
    list_filter = ["is_condition"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Contributor)
class ContributorAdmin(admin.ModelAdmin):
    list_display = ["name", "credentials", "is_author", "is_medical_reviewer", "user"]
    list_filter = ["is_author", "is_medical_reviewer"]
    search_fields = ["name", "credentials", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]


class KeyPointInline(SortableStackedInline):
    model = KeyPoint
    formset = OrderedInlineFormSet
    fields = ["title", "text"]
    extra = 0


class SectionInlineFormSet(OrderedInlineFormSet):
    """Fills blank anchors from headings, de-duplicated across the whole article."""

    def clean(self):
        kept = [
            form for form in self.forms if getattr(form, "cleaned_data", None) and not self._should_delete_form(form)
        ]
        taken = {form.cleaned_data.get("anchor") for form in kept} - {"", None}
        for form in kept:
            heading = form.cleaned_data.get("heading")
            if heading and not form.cleaned_data.get("anchor"):
                anchor = unique_slug(heading, taken, fallback="section")
                form.cleaned_data["anchor"] = form.instance.anchor = anchor
                taken.add(anchor)
        super().clean()


class SectionInline(SortableStackedInline):
    model = Section
    formset = SectionInlineFormSet
    fields = ["heading", "anchor", "body"]
    extra = 0


class CauseComparisonInline(SortableTabularInline):
    model = CauseComparison
    formset = OrderedInlineFormSet
    fields = ["cause", "related_symptoms", "differentiating_factors"]
    extra = 0


class CitationMarkersFormSet(OrderedInlineFormSet):
    """The citations inline, checked against the markers of the whole submitted article.

    `ArticleAdmin._create_formsets` hands it the sibling formsets, so that the
    check sees the sections and FAQs as submitted, not as stored.
    """

    sibling_formsets: dict = {}
    renumbering: dict[int, int] = {}

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        numbering = self.numbering()
        problems = [f"Introduction: {problem}" for problem in numbering.problems(self.instance.intro)]
        for prefix, text_field, label_field, label in (
            ("sections", "body", "heading", "Section"),
            ("faqs", "answer", "question", "FAQ"),
        ):
            formset = self.sibling_formsets.get(prefix)
            if formset is None or not formset.is_valid():
                continue
            for form in formset.forms:
                if not form.cleaned_data or formset._should_delete_form(form):
                    continue
                for problem in numbering.problems(form.cleaned_data.get(text_field, "")):
                    form.add_error(text_field, problem)
                    problems.append(f"{label} “{form.cleaned_data.get(label_field, '')}”: {problem}")
        if problems:
            raise ValidationError(problems)
        self.renumbering = dict(numbering.renumbering)

    def numbering(self) -> CitationNumbering:
        field = self.default_order_field
        kept, removed = [], set()
        for form in self.initial_forms:
            old = form.initial.get(field)
            if self._should_delete_form(form):
                removed.add(old)
            else:
                kept.append((old, form.cleaned_data.get(field) or old))
        new_rows = [
            form.cleaned_data.get(field)
            for form in self.extra_forms
            if form.has_changed() and not self._should_delete_form(form)
        ]
        final = {new for _, new in kept} | {number for number in new_rows if number}
        for number in new_rows:
            if not number:  # numbered at the end on save, like OrderedInlineFormSet does
                final.add(max(final, default=0) + 1)
        return CitationNumbering(
            final=frozenset(final),
            renumbering={old: new for old, new in kept if old != new},
            removed=frozenset(removed),
        )


class ArticleCitationInline(CitationInline):
    formset = CitationMarkersFormSet


class ReviewDueFilter(admin.SimpleListFilter):
    title = "medical review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Review overdue"),
            ("due_soon", "Due within 30 days"),
            ("no_date", "No review date"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.filter(next_review_due__lt=today)
        if self.value() == "due_soon":
            return queryset.filter(next_review_due__range=(today, today + datetime.timedelta(days=30)))
        if self.value() == "no_date":
            return queryset.filter(next_review_due__isnull=True)
        return queryset


@admin.register(Article)
class ArticleAdmin(SortableAdminBase, admin.ModelAdmin):
    change_form_template = "admin/articles/article/change_form.html"
    list_display = ["title", "status", "is_live", "published_at", "last_reviewed_at", "medical_reviewer"]
    list_filter = ["status", ReviewDueFilter, "topics", "medical_reviewer"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["authors", "medical_reviewer", "topics"]
    readonly_fields = [
        "status",
        "published_at",
        "computed_reading_time",
        "updated_at",
        "readability_scores",
        "citation_check",
    ]
    date_hierarchy = "updated_at"
    actions = ["publish_selected", "unpublish_selected"]
    inlines = [KeyPointInline, SectionInline, CauseComparisonInline, FAQInline, ArticleCitationInline]
    fieldsets = [
        (None, {"fields": ["title", "subtitle", "slug", "summary", "intro"]}),
        ("Comparison table", {"fields": ["comparison_intro"]}),
        ("People and topics", {"fields": ["authors", "medical_reviewer", "topics"]}),
        (
            "Review and publication",
            {"fields": ["status", "published_at", "last_reviewed_at", "next_review_due", "updated_at"]},
        ),
        (
            "Reader information",
            {
                "fields": [
                    "disclaimer",
                    "reading_time_override",
                    "computed_reading_time",
                    "readability_scores",
                    "citation_check",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_live_state().select_related("medical_reviewer")

    @admin.display(boolean=True, description="live", ordering="is_live")
    def is_live(self, article: Article) -> bool:
        return article.is_live

    @admin.display(description="reading time")
    def computed_reading_time(self, article: Article) -> str:
        if not article.pk:
            return "Computed after saving."
        minutes = article.reading_time_minutes
        source = "set by the editor" if article.reading_time_override else "computed from the words"
        return f"{minutes} min ({source})"

    @admin.display(description="readability")
    def readability_scores(self, article: Article) -> str:
        scores = article.readability if article.pk else None
        if scores is None:
            return "Shown after saving."
        verdict = (
            f"above the grade {READABILITY_GRADE_TARGET} target for patient-facing text"
            if scores.flesch_kincaid_grade > READABILITY_GRADE_TARGET
            else "within the target for patient-facing text"
        )
        return (
            f"Flesch-Kincaid grade {scores.flesch_kincaid_grade} ({verdict}); "
            f"Flesch reading ease {scores.flesch_reading_ease}."
        )

    @admin.display(description="citations")
    def citation_check(self, article: Article) -> str:
        if not article.pk:
            return "Checked after saving."
        numbers = [citation.number for citation in article.citations.all()]
        problems = article_citation_problems(article)
        unused = unused_citations(numbers, (text for _, text in article.cited_texts()))
        notes = problems or ["Every marker points at a citation."]
        if unused:
            notes.append(f"Never cited in the text: {format_numbers(unused)}.")
        return " ".join(notes)

    def _create_formsets(self, request, obj, change):
        formsets, inline_instances = super()._create_formsets(request, obj, change)
        siblings = {formset.prefix: formset for formset in formsets}
        for formset in formsets:
            formset.sibling_formsets = siblings
        return formsets, inline_instances

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        for formset in formsets:
            if getattr(formset, "renumbering", None):
                article_renumber_citation_markers(article=article, renumbering=formset.renumbering)
        self._warn_about_content(request, Article.objects.with_content().get(pk=article.pk))

    def _warn_about_content(self, request, article: Article) -> None:
        numbers = [citation.number for citation in article.citations.all()]
        unused = unused_citations(numbers, (text for _, text in article.cited_texts()))
        if unused:
            self.message_user(
                request,
                f"Citations never cited in the text: {format_numbers(unused)}. Cite them with a marker "
                "such as [3], or remove them.",
                messages.WARNING,
            )
        scores = article.readability
        if scores is not None and scores.flesch_kincaid_grade > READABILITY_GRADE_TARGET:
            self.message_user(
                request,
                f"The text reads at Flesch-Kincaid grade {scores.flesch_kincaid_grade}; patient-facing text "
                f"should be at grade {READABILITY_GRADE_TARGET} or below. Shorter sentences and simpler "
                "words help.",
                messages.WARNING,
            )

    def _publish(self, request, article: Article) -> bool:
        try:
            article_publish(article=article, user=request.user)
        except ValidationError as error:
            reason = " ".join(error.messages)
            self.message_user(request, f"“{article}” was not published: {reason}", messages.ERROR)
            return False
        return True

    @admin.action(description="Publish selected articles")
    def publish_selected(self, request, queryset):
        published = sum(self._publish(request, article) for article in queryset)
        if published:
            self.message_user(request, f"Published {published} article(s).", messages.SUCCESS)

    @admin.action(description="Unpublish selected articles")
    def unpublish_selected(self, request, queryset):
        for article in queryset:
            article_unpublish(article=article, user=request.user)
        self.message_user(request, f"Unpublished {queryset.count()} article(s).", messages.SUCCESS)

    def _lifecycle_response(self, request, article: Article):
        """After a save: publish or unpublish when the editor pressed that button."""
        if "_publish" in request.POST:
            if self._publish(request, article):
                self.message_user(request, f"“{article}” is saved and live.", messages.SUCCESS)
        elif "_unpublish" in request.POST:
            article_unpublish(article=article, user=request.user)
            self.message_user(request, f"“{article}” is no longer public.", messages.SUCCESS)
        else:
            return None
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))

    def response_change(self, request, obj):
        return self._lifecycle_response(request, obj) or super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        return self._lifecycle_response(request, obj) or super().response_add(request, obj, post_url_continue)


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    """The publication history: read-only, since documents are frozen."""

    list_display = ["title", "slug", "live_from", "withdrawn_at", "created_by", "created_at"]
    list_filter = ["withdrawn_at"]
    search_fields = ["title", "slug"]
    list_select_related = ["created_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
