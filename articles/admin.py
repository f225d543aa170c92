import datetime

from adminsortable2.admin import SortableAdminBase, SortableStackedInline, SortableTabularInline
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, prefetch_related_objects
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_POST
from reversion.admin import VersionAdmin
from reversion.models import Version

from articles.citations import CitationNumbering, citation_report
from articles.models import (
    Article,
    ArticleStatus,
    ArticleTransition,
    CauseComparison,
    Contributor,
    KeyPoint,
    Publication,
    Section,
    Topic,
    content_prefetches,
)
from articles.preview import preview_token_make, preview_url
from articles.revisions import article_versions, compare
from articles.services import (
    RoleError,
    article_publish,
    article_record_edit,
    article_renumber_citation_markers,
    article_restore_version,
    article_rollback,
    article_transition,
    article_unpublish,
    available_transitions,
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
            return queryset.review_overdue()
        if self.value() == "due_soon":
            return queryset.filter(next_review_due__range=(today, today + datetime.timedelta(days=30)))
        if self.value() == "no_date":
            return queryset.filter(next_review_due__isnull=True)
        return queryset


class LiveStateFilter(admin.SimpleListFilter):
    title = "public state"
    parameter_name = "live"

    def lookups(self, request, model_admin):
        return [
            ("live", "Live"),
            ("live_with_changes", "Live, with unpublished changes"),
            ("scheduled", "Scheduled"),
            ("not_live", "Not live"),
        ]

    def queryset(self, request, queryset):
        # The changelist queryset is annotated by ArticleAdmin.get_queryset (with_live_state).
        if self.value() == "live":
            return queryset.filter(is_live=True)
        if self.value() == "live_with_changes":
            return queryset.filter(is_live=True).exclude(status=ArticleStatus.PUBLISHED)
        if self.value() == "scheduled":
            return queryset.filter(is_scheduled=True)
        if self.value() == "not_live":
            return queryset.filter(is_live=False)
        return queryset


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReviewHistoryInline(ReadOnlyInline):
    model = ArticleTransition
    fields = ["created_at", "actor", "action", "from_status", "to_status", "comment"]
    readonly_fields = fields
    verbose_name_plural = "review comments and history"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


class PublicationInline(ReadOnlyInline):
    model = Publication
    fields = ["live_from", "withdrawn_at", "created_by", "title", "rollback"]
    readonly_fields = fields
    verbose_name_plural = "publications (what the public saw, newest first)"
    ordering = ["-live_from", "-pk"]

    def get_queryset(self, request):
        live = Publication.objects.live().filter(pk=OuterRef("pk"))
        return (
            super()
            .get_queryset(request)
            .select_related("created_by")
            .defer("document", "list_item", "jsonld")
            .annotate(is_live=Exists(live))
        )

    @admin.display(description="roll back")
    def rollback(self, publication: Publication) -> str:
        if publication.is_live:
            return "Live now"
        return format_html(
            '<button type="submit" class="button" formaction="{}" formnovalidate>Make this version live again</button>',
            reverse("admin:articles_article_rollback", args=[publication.article_id, publication.pk]),
        )


class PublishForm(forms.Form):
    live_from = forms.DateTimeField(
        required=False, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
    )


@admin.register(Article)
class ArticleAdmin(SortableAdminBase, VersionAdmin):
    change_form_template = "admin/articles/article/change_form.html"
    object_history_template = "admin/articles/article/object_history.html"
    list_display = ["title", "status", "is_live", "published_at", "last_reviewed_at", "medical_reviewer"]
    list_filter = ["status", LiveStateFilter, ReviewDueFilter, "topics", "medical_reviewer"]
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
    inlines = [
        KeyPointInline,
        SectionInline,
        CauseComparisonInline,
        FAQInline,
        ArticleCitationInline,
        ReviewHistoryInline,
        PublicationInline,
    ]
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
        report = citation_report(article)
        notes = report.problems or ["Every marker points at a citation."]
        if report.unused:
            notes.append(f"Never cited in the text: {format_numbers(report.unused)}.")
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
        if change and (form.has_changed() or any(formset.has_changed() for formset in formsets)):
            before = article.status
            article = article_record_edit(article=article, user=request.user)
            if article.status != before:
                self.message_user(
                    request,
                    "The content changed after approval, so the article is a draft again and needs a new "
                    "medical review. What is live stays live until then.",
                    messages.WARNING,
                )
        self._warn_about_content(request, Article.objects.with_content().get(pk=article.pk))

    def _warn_about_content(self, request, article: Article) -> None:
        unused = citation_report(article).unused
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

    @admin.action(description="Publish selected approved articles")
    def publish_selected(self, request, queryset):
        self._run_on_each(request, queryset, lambda article: article_publish(article=article, user=request.user))

    @admin.action(description="Unpublish selected articles")
    def unpublish_selected(self, request, queryset):
        self._run_on_each(request, queryset, lambda article: article_unpublish(article=article, user=request.user))

    def _run_on_each(self, request, queryset, step) -> None:
        done = 0
        for article in queryset:
            try:
                step(article)
                done += 1
            except (ValidationError, PermissionDenied) as error:
                reason = " ".join(getattr(error, "messages", [str(error)]))
                self.message_user(request, f"“{article}”: {reason}", messages.ERROR)
        if done:
            self.message_user(request, f"Done for {done} article(s).", messages.SUCCESS)

    # The lifecycle: buttons on the article page post here.

    def get_urls(self):
        custom = [
            path(
                "<path:object_id>/transition/<str:name>/",
                self.admin_site.admin_view(require_POST(self.transition_view)),
                name="articles_article_transition",
            ),
            path(
                "<path:object_id>/rollback/<int:publication_id>/",
                self.admin_site.admin_view(require_POST(self.rollback_view)),
                name="articles_article_rollback",
            ),
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="articles_article_preview",
            ),
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="articles_article_compare",
            ),
        ]
        return custom + super().get_urls()

    def _article_or_404(self, request, object_id) -> Article:
        article = self.get_object(request, unquote(object_id))
        if article is None or not self.has_view_permission(request, article):
            raise Http404("No such article.")
        return article

    def _back_to(self, article: Article) -> HttpResponseRedirect:
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))

    def transition_view(self, request, object_id, name):
        article = self._article_or_404(request, object_id)
        publish_form = PublishForm(request.POST)
        if not publish_form.is_valid():
            self.message_user(request, "The go-live time is not a valid date and time.", messages.ERROR)
            return self._back_to(article)
        live_from = publish_form.cleaned_data["live_from"]
        try:
            article_transition(
                name,
                article=article,
                user=request.user,
                comment=request.POST.get("transition_comment", ""),
                live_from=live_from,
            )
        except RoleError as error:
            raise PermissionDenied(str(error)) from error
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            article.refresh_from_db()
            self.message_user(request, f"“{article}” is now {article.get_status_display().lower()}.", messages.SUCCESS)
        return self._back_to(article)

    def rollback_view(self, request, object_id, publication_id):
        article = self._article_or_404(request, object_id)
        publication = get_object_or_404(Publication, pk=publication_id, article=article)
        try:
            article_rollback(article=article, publication=publication, user=request.user)
        except RoleError as error:
            raise PermissionDenied(str(error)) from error
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(request, "The earlier version is live again.", messages.SUCCESS)
        return self._back_to(article)

    def preview_view(self, request, object_id):
        article = self._article_or_404(request, object_id)
        token = preview_token_make(article)
        api_url = request.build_absolute_uri(reverse("article-preview", args=[token]))
        return HttpResponseRedirect(preview_url(token, api_url))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            # The read-only displays (reading time, readability, citations) all read the children:
            # fetch them once for the whole page.
            prefetch_related_objects([obj], *content_prefetches())
            context["lifecycle_transitions"] = available_transitions(obj, request.user)
        return super().render_change_form(request, context, add, change, form_url, obj)

    # Revisions: history with comparison, and restoring a version as a draft.

    def history_view(self, request, object_id, extra_context=None):
        article = self._article_or_404(request, object_id)
        extra_context = {**(extra_context or {}), "versions": article_versions(article)}
        return super().history_view(request, object_id, extra_context)

    def _version_page(self, request, article: Article, template: str, title: str, **context):
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "original": article,
                   "title": title, **context}  # fmt: skip
        return TemplateResponse(request, f"admin/articles/article/{template}", context)

    def compare_view(self, request, object_id):
        article = self._article_or_404(request, object_id)
        ids = [request.GET.get(name, "") for name in ("from", "to")]
        if not all(value.isdigit() for value in ids):
            raise Http404("Pick two versions to compare.")
        versions = article_versions(article)
        older, newer = sorted(
            (get_object_or_404(versions, pk=int(value)) for value in ids),
            key=lambda version: version.revision.date_created,
        )
        return self._version_page(
            request, article, "compare.html", f"Compare versions of “{article}”",
            older=older, newer=newer, changes=compare(older, newer),
        )  # fmt: skip

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Restore a stored version as a draft (GET shows what would change)."""
        article = self._article_or_404(request, object_id)
        version = get_object_or_404(article_versions(article), pk=version_id)
        if request.method == "POST":
            try:
                article_restore_version(article=article, version=version, user=request.user)
            except RoleError as error:
                raise PermissionDenied(str(error)) from error
            self.message_user(
                request,
                "The version is restored as a draft. It needs a medical review before it can be published.",
                messages.SUCCESS,
            )
            return self._back_to(article)
        latest = article_versions(article).first()
        return self._version_page(
            request, article, "restore_version.html", f"Restore a version of “{article}”",
            version=version, changes=compare(version, latest) if latest.pk != version.pk else [],
        )  # fmt: skip

    def recover_view(self, request, version_id, extra_context=None):
        """Recover a deleted article: reversion re-creates it, and it comes back as a draft."""
        response = super().recover_view(request, version_id, extra_context)
        if request.method == "POST" and response.status_code == 302:
            version = get_object_or_404(Version, pk=version_id)
            Article.objects.filter(pk=version.object_id).update(status=ArticleStatus.DRAFT)
        return response


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
