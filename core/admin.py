from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import SiteSettings
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
