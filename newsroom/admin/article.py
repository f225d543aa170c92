from adminsortable2.admin import SortableAdminBase
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html, format_html_join, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reversion.admin import VersionAdmin

from articles import content_model, prose
from articles.citations import citation_report
from articles.content_model import SECTION_HEADINGS, Fieldset
from articles.lifecycle import transitions_available
from articles.models import Article, ArticleAction, ArticleStatus, content_prefetches
from articles.versions import changes_were_requested
from core import languages
from core.citation_markers import format_numbers
from core.models import SiteSettings
from core.readability import ReadingTarget, long_sentences
from core.versioning_admin import DeletedMeanwhileAdmin
from newsroom.admin import readability
from newsroom.admin.bulk import ArticleBulkSteps
from newsroom.admin.comments import ArticleCommentViews, comments_panel
from newsroom.admin.comparisons import ArticleComparisonViews
from newsroom.admin.filters import LiveStateFilter, MineFilter, ReviewDueFilter, WorkflowFilter
from newsroom.admin.inlines import (
    CauseComparisonInline,
    CitationInline,
    FAQInline,
    KeyPointInline,
    PartInline,
    PublicationInline,
    ReviewHistoryInline,
    SectionInline,
    locked_page,
    may_edit_here,
)
from newsroom.admin.live_preview import live_preview_context
from newsroom.admin.panels import Panel, panels_on_page
from newsroom.admin.submission import submission_for, text_in_language
from newsroom.admin.translations import ArticleTranslationViews
from newsroom.admin.views import CONFIRMED_STEPS, ArticlePageViews, header_actions
from newsroom.workspace import article_banner
from publishing.links import article_api_url, site_settings_of
from publishing.selectors import (
    approval_of_current_version,
    article_status_line,
    article_translations,
    articles_with_live_state,
    is_live,
    references_changed_since,
)
from publishing.services.completeness import article_gaps
from publishing.services.shown import candidate_shown

# States in which the working copy is the approved document: a later change of what it cites is not in it.
CARRIES_APPROVAL = {ArticleStatus.APPROVED, ArticleStatus.PUBLISHED}
# The reviewer's buttons, beside which the page links to the changes since the last approval.
REVIEW_STEPS = {ArticleAction.APPROVE, ArticleAction.REQUEST_CHANGES}


def page_site_settings(article: Article) -> SiteSettings:
    """The site settings the article's page read (`get_object`): its displays ask them once between them."""
    return getattr(article, "page_site_settings", None) or SiteSettings.load()


def reading_language_and_target(article: Article) -> tuple[str, ReadingTarget | None]:
    """The language the article's text is measured in, and the level it should reach in it: patient-facing text
    that misses it gets a warning (not an error)."""
    site_settings = page_site_settings(article)
    return article.language, site_settings.reading_target(article.audience, language=article.language)


def language_field(field: forms.Field, *, served: list[str], current: str) -> forms.ChoiceField:
    """The languages the site serves, by name, the default first and chosen for a new article (and the article's own,
    should the site no longer serve it: the save then says so rather than change it silently)."""
    tags = served if current in served or not current else [*served, current]
    return forms.ChoiceField(
        choices=[(tag, f"{languages.language_name(tag)} ({tag})") for tag in tags],
        initial=served[0],
        label=field.label,
        help_text=field.help_text,
    )


# The page's panels (newsroom.admin.panels), in the order of its header's links; the checks are beside them.
CHECKS = "checks"
PANELS = (
    Panel(
        "content",
        gettext_lazy("Content"),
        (Fieldset.MAIN, KeyPointInline, SectionInline, Fieldset.COMPARISON, CauseComparisonInline, FAQInline),
    ),
    Panel("details", gettext_lazy("People and details"), (Fieldset.PEOPLE, Fieldset.DISCLOSURES, Fieldset.READER)),
    Panel("references", gettext_lazy("References"), (CitationInline,)),
    Panel(
        "review",
        gettext_lazy("Review and publish"),
        ("admin/articles/article/_lifecycle.html", "admin/articles/article/_review_comments.html", Fieldset.REVIEW),
    ),
    Panel(
        "publishing",
        gettext_lazy("Publications and languages"),
        ("admin/articles/article/_languages.html", PublicationInline),
    ),
    Panel("history", gettext_lazy("History"), (ReviewHistoryInline,)),
)


class RowsShareMedia(helpers.InlineAdminFormSet):
    """An inline of the article page whose scripts and styles are read once: every row of a formset has the same
    widgets, so the same media as its first form (`formset.media`), and the admin's way (each row made again and its
    media merged in, for 40 rows) took an eighth of the page's time. The same media:
    tests/newsroom/test_workspace_layout.py."""

    @property
    def media(self):
        return self.opts.media + self.formset.media


# The article's own texts, typed in its language (a translation has its own).
TRANSLATED_FIELDS = {spec.name for spec in content_model.ARTICLE if spec.translatable}


class ArticleForm(forms.ModelForm):
    # The version the page was loaded with: a save or a lifecycle step based on an older one is refused.
    loaded_version = forms.IntegerField(label=gettext_lazy("loaded version"), widget=forms.HiddenInput, required=False)
    submission = None  # set per request by ArticleAdmin.get_form
    served: list[str] = []  # the languages the site serves: likewise

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaded_version"].initial = self.instance.version if self.instance.pk else None
        if "language" in self.fields:
            current = self.instance.language if self.instance.pk else ""
            self.fields["language"] = language_field(self.fields["language"], served=self.served, current=current)
        text_in_language(self.fields, self.instance, TRANSLATED_FIELDS)
        if self.submission is not None:
            self.submission.form = self


@admin.register(Article)
class ArticleAdmin(
    DeletedMeanwhileAdmin,
    ArticleCommentViews,
    ArticlePageViews,
    ArticleTranslationViews,
    ArticleComparisonViews,
    ArticleBulkSteps,
    SortableAdminBase,
    VersionAdmin,
):
    form = ArticleForm
    change_form_template = "admin/articles/article/change_form.html"
    object_history_template = "admin/articles/article/object_history.html"
    list_display = [
        "title",
        "language",
        "status_line",
        "is_live",
        "published_at",
        "last_reviewed_at",
        "medical_reviewer",
    ]
    list_filter = [
        "status",
        "language",
        MineFilter,
        WorkflowFilter,
        LiveStateFilter,
        ReviewDueFilter,
        "topics",
        "medical_reviewer",
    ]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["authors", "topics", "hero_image"]
    # The review record is written by the approve step alone; the rest are the page's own displays.
    readonly_fields = [
        "status_line",
        "published_at",
        *(spec.name for spec in content_model.ARTICLE if not spec.edited),
        "updated_at",
        "computed_reading_time",
        "readability_scores",
        "citation_check",
        "completeness",
    ]
    date_hierarchy = "updated_at"
    actions = ["publish_selected", "unpublish_selected"]
    inlines = [
        KeyPointInline,
        SectionInline,
        CauseComparisonInline,
        FAQInline,
        CitationInline,
        ReviewHistoryInline,
        PublicationInline,
    ]
    # What the page shows in each fieldset beside the declared fields (`content_model`): before them, after them.
    page_fields = {
        Fieldset.MAIN: ([], ["loaded_version"]),
        Fieldset.REVIEW: (["status_line"], ["published_at", "updated_at"]),
        Fieldset.READER: ([], ["computed_reading_time"]),
    }
    # The checks the page keeps in view beside its panels, brought up to date as the editor types (article_page.js).
    check_fields = ["completeness", "readability_scores", "citation_check"]

    def page_fieldsets(self) -> list[tuple[str, str | None, list[str]]]:
        """(key, heading, fields) of each fieldset: the declared fields of the article in their fieldsets
        (`content_model.fieldsets()`), read on every page, so a field declared there is edited here; then the
        checks."""
        fieldsets = []
        for section, names in content_model.fieldsets().items():
            before, after = self.page_fields.get(section, ([], []))
            fieldsets.append((section, SECTION_HEADINGS[section], [*before, *names, *after]))
        return [*fieldsets, (CHECKS, _("Checks"), self.check_fields)]

    def get_fieldsets(self, request, obj=None):
        return [(heading, {"fields": names}) for _key, heading, names in self.page_fieldsets()]

    class Media:
        # accessible_names.js and inline_focus.js: on every page (base_site.html)
        js = ["newsroom/article_page.js", "newsroom/workspace.js", "newsroom/figures.js", "newsroom/review_comments.js"]
        css = {"all": ["newsroom/article_page.css"]}

    def get_queryset(self, request):
        return articles_with_live_state(super().get_queryset(request)).select_related("medical_reviewer")

    def get_object(self, request, object_id, from_field=None):
        article = super().get_object(request, object_id, from_field)
        if article is not None:  # read only if a display asks (the article's other pages may not)
            article.page_site_settings = SimpleLazyObject(lambda: site_settings_of(request))
        return article

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        served = site_settings_of(request).served_languages()
        return type(form_class.__name__, (form_class,), {"submission": submission_for(request), "served": served})

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, PartInline):
            kwargs["submission"] = submission_for(request)
        return kwargs

    def get_prepopulated_fields(self, request, obj=None):
        return {} if locked_page(request, obj) else self.prepopulated_fields

    def get_readonly_fields(self, request, obj=None):
        if locked_page(request, obj):
            return [
                name
                for _title, options in self.get_fieldsets(request, obj)
                for name in options["fields"]
                if name != "loaded_version"
            ]
        return self.readonly_fields

    @admin.display(boolean=True, description=gettext_lazy("live"), ordering="is_live")
    def is_live(self, article: Article) -> bool:
        return article.is_live

    @admin.display(description=gettext_lazy("status"), ordering="status")
    def status_line(self, article: Article) -> str:
        """The article's one status line (the list's column and the page's field), from the annotations of
        `get_queryset`."""
        if not article.pk:
            return ArticleStatus.DRAFT.label
        return str(article_status_line(article))

    @admin.display(description=gettext_lazy("reading time"))
    def computed_reading_time(self, article: Article) -> str:
        if not article.pk:
            return _("Computed after saving.")
        source = _("set by the editor") if article.reading_time_override else _("computed from the words")
        return _("%(minutes)s min (%(source)s)") % {"minutes": prose.reading_time_minutes(article), "source": source}

    @admin.display(description=gettext_lazy("readability"))
    def readability_scores(self, article: Article) -> str:
        """The whole text's score on its language's formula against the site's target for patients, each part's
        score (those that miss it marked), and the sentences over 25 words: where to simplify first."""
        language, target = reading_language_and_target(article)
        scores = prose.readability(article, language=language) if article.pk else None
        if scores is None:
            return _("Nothing to measure yet: shown as you type.")
        if not scores.available:
            return format_html("<p>{}</p>", readability.not_measured(scores))
        by_part = format_html_join(
            "",
            "<li{}>{}: {}</li>",
            (
                (
                    mark_safe(' class="above-target"') if readability.missed(target, part) else "",
                    label,
                    readability.number(part.score),
                )
                for label, part in prose.readability_by_part(article, language=language)
            ),
        )
        long = long_sentences(prose.prose_text(article))
        long_list = format_html_join("", "<li>{} {}: “{}”</li>", ((n, _("words"), text) for n, text in long[:5]))
        long_note = (
            format_html('<p>{}</p><ul class="long-sentences">{}</ul>', _("Sentences over 25 words:"), long_list)
            if long
            else format_html("<p>{}</p>", _("No sentence is over 25 words."))
        )
        return format_html(
            '<p>{}</p><p>{}</p><ul class="grade-by-part">{}</ul>{}',
            readability.summary(scores, target, audience=article.audience),
            readability.by_part_heading(scores),
            by_part,
            long_note,
        )

    @admin.display(description=gettext_lazy("citations"))
    def citation_check(self, article: Article) -> str:
        if not article.pk:
            return _("Checked as you type.")
        report = citation_report(article)
        notes = report.problems or [_("Every marker points at a citation.")]
        if report.unused:
            notes.append(_("Never cited in the text: %(numbers)s.") % {"numbers": format_numbers(report.unused)})
        return " ".join(notes)

    @admin.display(description=gettext_lazy("missing or weak"))
    def completeness(self, article: Article) -> str:
        """What a medical reviewer should know is missing before reading (`completeness`), those the site requires
        before submission marked so."""
        if not article.pk:
            return _("Listed after saving.")
        gaps = article_gaps(article, page_site_settings(article))
        if not gaps:
            return _("Nothing: it names an author, every reference can be found, every section cites one.")
        required = _("Required before review.")
        return format_html(
            '<ul class="completeness">{}</ul>',
            format_html_join(
                "", "<li>{}{}</li>", ((gap.message, f" {required}" if gap.required else "") for gap in gaps)
            ),
        )

    # Saving: the editing service writes the article and every part in one step (see newsroom.admin.submission).

    def save_model(self, request, obj, form, change):
        """Nothing here: `save_related` saves the article together with its parts."""

    def save_related(self, request, form, formsets, change):
        before = form.instance.status
        article = form.submission.save()
        if article.status != before and before == ArticleStatus.PUBLISHED:
            self.message_user(
                request,
                _(
                    "The live article was edited, so its working copy is a draft again and needs a new medical "
                    "review. What is live stays live until then."
                ),
                messages.WARNING,
            )
        self._warn_about_content(request, Article.objects.with_content().get(pk=article.pk))

    def construct_change_message(self, request, form, formsets, add=False):
        if add:
            return [{"added": {}}]
        changed = [str(form.fields[name].label) for name in form.changed_data if name in form.fields]
        changed += [str(formset.model._meta.verbose_name_plural) for formset in formsets if formset.has_changed()]
        return [{"changed": {"fields": changed}}] if changed else []

    def _warn_about_content(self, request, article: Article) -> None:
        unused = citation_report(article).unused
        if unused:
            self.message_user(
                request,
                _("Citations never cited in the text: %(numbers)s.") % {"numbers": format_numbers(unused)}
                + " "
                + _("Cite them with a marker such as [3], or remove them."),
                messages.WARNING,
            )
        language, target = reading_language_and_target(article)
        scores = prose.readability(article, language=language)
        if scores is not None and target is not None and readability.missed(target, scores):
            self.message_user(request, readability.save_warning(scores, target), messages.WARNING)

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        inline_admin_formsets = super().get_inline_formsets(request, formsets, inline_instances, obj)
        for inline_admin_formset in inline_admin_formsets:
            inline_admin_formset.__class__ = RowsShareMedia
        return inline_admin_formsets

    def _place_in_panels(self, request, context, obj) -> None:
        """The page's fieldsets and inlines in their panels (`PANELS`), the checks apart; and whether the header
        offers Save (not on a locked page, nor to a user who may not save)."""
        keyed = list(zip((key for key, _heading, _names in self.page_fieldsets()), context["adminform"], strict=True))
        context["checks_fieldset"] = {"fieldset": keyed[-1][1], "index": len(keyed) - 1}
        context["workspace_panels"] = panels_on_page(
            PANELS, fieldsets=keyed[:-1], inline_formsets=context["inline_admin_formsets"], saved=obj is not None
        )
        may_save = self.has_change_permission(request, obj) if obj is not None else self.has_add_permission(request)
        context["header_save"] = may_save and context.get("show_save_and_continue", True)
        # The page is a workspace: the admin's list of every model beside it would take a fifth of its width.
        context["is_nav_sidebar_enabled"] = False

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            # The read-only displays (reading time, readability, citations) all read the parts: fetch them once.
            prefetch_related_objects([obj], *content_prefetches())
            context["lifecycle_transitions"] = transitions_available(obj, request.user, live=is_live(obj))
            context["reviewing"] = any(
                transition.action in REVIEW_STEPS for transition in context["lifecycle_transitions"]
            )
            # Offered once there is an approval to compare with (the first round has "since the reviewer last saw it").
            context["since_approval"] = context["reviewing"] and obj.approvals.exists()
            if any(transition.action == ArticleAction.APPROVE for transition in context["lifecycle_transitions"]):
                # What Approve will freeze is what this page shows: the candidate's fingerprint goes with it.
                context["shown_document"] = candidate_shown(article=obj)
            context["locked"] = locked_page(request, obj)
            context["not_an_author"] = not may_edit_here(request, obj)
            # A locked page holds nothing new to preview: its Preview link shows what is saved.
            if not context["locked"] and not context.get("is_popup"):
                context["live_preview"] = live_preview_context(obj)
            if context["locked"]:
                # Nothing on a locked page can be saved: no save buttons (the lifecycle buttons stay).
                context.update(show_save=False, show_save_and_continue=False, show_save_and_add_another=False)
            approval = approval_of_current_version(obj) if obj.status in CARRIES_APPROVAL else None
            context["changed_references"] = references_changed_since(approval) if approval else []
            context["banner"] = banner = article_banner(obj)
            context["header_actions"] = header_actions(request, obj, banner.line, banner.publish_again)
            # In its own language: a translation's address without ?language= is the default language's, a 404.
            context["live_api_url"] = article_api_url(request, obj.slug, obj.language)
            # A round after a request for changes compares with what the reviewer read then: the last step of a draft
            # sent back says so without a query.
            context["since_review"] = banner.request is not None or (
                obj.status == ArticleStatus.IN_REVIEW and changes_were_requested(obj)
            )
            context["may_request_changes"] = any(
                transition.action == ArticleAction.REQUEST_CHANGES for transition in context["lifecycle_transitions"]
            )
            context["confirmed_steps"] = [step.value for step in CONFIRMED_STEPS]
            context["translations"] = article_translations(obj, served=site_settings_of(request).served_languages())
            context["comments_panel"] = comments_panel(request, obj)
        elif add and not context.get("is_popup"):
            context["live_preview"] = live_preview_context(None)
        self._place_in_panels(request, context, obj)
        context["site_time_zone"] = timezone.get_current_timezone_name()
        return super().render_change_form(request, context, add, change, form_url, obj)
