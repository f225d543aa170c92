from adminsortable2.admin import CustomInlineFormSet
from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse

from core.models import SiteSettings, park_above_used


class OrderedInlineFormSet(CustomInlineFormSet):
    """Drag-ordered inline rows under a unique (parent, position) constraint.

    Saving rows one by one would pass through states where two rows share a
    position (A takes 2 while B still holds it). Rows that move or go away
    are first parked above every used position, so each row's final save
    lands on a free number. The formset has already checked the final
    positions are unique among all rows.
    """

    def save(self, commit=True):
        if commit:
            self._park_reordered_rows()
        return super().save(commit=commit)

    def _park_reordered_rows(self) -> None:
        field = self.default_order_field
        moving = [
            form.instance.pk
            for form in self.initial_forms
            if form.instance.pk and (field in form.changed_data or self._should_delete_form(form))
        ]
        if not moving:
            return
        park_above_used(self.model._default_manager.filter(**{self.fk.name: self.instance}), field, moving)


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    """One row: the list page goes straight to it, and it can be neither added twice nor deleted."""

    fieldsets = [
        ("Medical content", {"fields": ["default_disclaimer", "review_interval_months"]}),
        ("Website", {"fields": ["site_name", "article_url_template", "language"]}),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        site_settings = SiteSettings.load()
        return HttpResponseRedirect(reverse("admin:core_sitesettings_change", args=[site_settings.pk]))
