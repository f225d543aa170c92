from adminsortable2.admin import SortableAdminBase, SortableStackedInline, SortableTabularInline
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse

from articles.models import Article, CauseComparison, Contributor, KeyPoint, Publication, Section, Topic
from articles.services import article_publish, article_unpublish
from core.admin import OrderedInlineFormSet
from core.text import unique_slug
from faq.admin import FAQInline
from references.admin import CitationInline


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
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


@admin.register(Article)
class ArticleAdmin(SortableAdminBase, admin.ModelAdmin):
    change_form_template = "admin/articles/article/change_form.html"
    list_display = ["title", "status", "is_live", "published_at", "last_reviewed_at", "medical_reviewer"]
    list_filter = ["status", "topics", "medical_reviewer"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["authors", "medical_reviewer", "topics"]
    readonly_fields = ["status", "published_at", "computed_reading_time", "updated_at"]
    date_hierarchy = "updated_at"
    actions = ["publish_selected", "unpublish_selected"]
    inlines = [KeyPointInline, SectionInline, CauseComparisonInline, FAQInline, CitationInline]
    fieldsets = [
        (None, {"fields": ["title", "subtitle", "slug", "summary", "intro"]}),
        ("Comparison table", {"fields": ["comparison_intro"]}),
        ("People and topics", {"fields": ["authors", "medical_reviewer", "topics"]}),
        (
            "Review and publication",
            {"fields": ["status", "published_at", "last_reviewed_at", "next_review_due", "updated_at"]},
        ),
        ("Reader information", {"fields": ["disclaimer", "reading_time_override", "computed_reading_time"]}),
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
