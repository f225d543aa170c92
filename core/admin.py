from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.admin_tables import LabelledCells
from core.models import SiteSettings, SynonymGroup, SynonymTerm, term_normalize
from core.services.synonyms import (
    synonym_group_first_revision,
    synonym_group_terms_at,
    synonym_group_terms_changed,
)
from core.synonyms import synonyms_changed
from core.versioning_admin import VersionCheckedAdmin


@admin.register(SiteSettings)
class SiteSettingsAdmin(VersionCheckedAdmin):
    """One row: the list page goes straight to it, and it can be neither added twice nor deleted (so an editor who
    saves it never finds it deleted: the version check is what matters here)."""

    fieldsets = [
        (
            _("Medical content"),
            {
                "fields": [
                    "default_disclaimer",
                    "review_interval_months",
                    "citation_style",
                    "separate_duties",
                    "submit_needs_author",
                    "submit_needs_findable_references",
                    "submit_needs_cited_sections",
                    "target_reading_grade",
                    "reading_targets",
                ]
            },
        ),
        (_("Website"), {"fields": ["site_name", "article_url_template", "language", "languages"]}),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        site_settings = SiteSettings.load()
        return HttpResponseRedirect(reverse("admin:core_sitesettings_change", args=[site_settings.pk]))


class SynonymTermFormSet(LabelledCells, forms.BaseInlineFormSet):
    """A group's terms, checked together: a group of one term finds nothing more, and a term twice (in any case or
    spacing) would be the same term."""

    def clean(self):
        super().clean()
        seen: set[str] = set()
        kept = 0
        for form in self.forms:
            text = form.cleaned_data.get("text") if form.cleaned_data else None
            if not text or form.cleaned_data.get("DELETE"):
                continue
            normalized = term_normalize(text=text)
            if normalized in seen:
                form.add_error("text", _("“%(term)s” is already a term of this group.") % {"term": text})
            seen.add(normalized)
            kept += 1
        if kept < 2:
            raise ValidationError(_("A synonym group needs at least two different terms."), code="too_few_terms")


class SynonymTermInline(admin.TabularInline):
    model = SynonymTerm
    formset = SynonymTermFormSet
    fields = ["text"]
    extra = 2


@admin.register(SynonymGroup)
class SynonymGroupAdmin(VersionCheckedAdmin):
    """Search synonyms: the lay and the clinical words for one thing ("twitching", "fasciculation"), which a search
    of the public API treats as one. A save based on an older version of the group (its terms included) is refused,
    what was typed kept."""

    inlines = [SynonymTermInline]
    fields = ["language", "source", "mesh_ui"]
    list_display = ["__str__", "language", "source", "mesh_ui", "updated_at"]
    list_filter = ["language", "source"]
    search_fields = ["terms__text", "mesh_ui"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("terms")

    def save_model(self, request, obj, form, change):
        if change:
            # Before anything is written: a group made before revisions were kept (a loader) keeps its terms as
            # they were, to compare with.
            synonym_group_first_revision(group=obj)
        super().save_model(request, obj, form, change)

    def changes_since(self, record, since, fields):
        changes = super().changes_since(record, since, fields)
        then = synonym_group_terms_at(group=record, version=since)
        now = [term.text for term in record.terms.all()]
        if changes is None or then is None or then == now:
            return changes
        label = SynonymTerm._meta.verbose_name_plural
        return [*changes, (str(label), " ↔ ".join(then), " ↔ ".join(now))]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if any(formset.has_changed() for formset in formsets):
            # The terms are what the group means: a change of them alone is a new version as well, and each
            # version's revision holds them (a new group's first one too: it was made before its terms).
            synonym_group_terms_changed(
                group=form.instance, loaded_version=form.cleaned_data.get("loaded_version"), user=request.user
            )
        synonyms_changed.send(sender=SynonymGroup)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        synonyms_changed.send(sender=SynonymGroup)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        synonyms_changed.send(sender=SynonymGroup)
