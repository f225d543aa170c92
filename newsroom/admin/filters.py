import datetime

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import ArticleStatus
from newsroom.workspace import changes_requested, mine


class ReviewDueFilter(admin.SimpleListFilter):
    title = _("medical review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("Review overdue")),
            ("due_soon", _("Due within 30 days")),
            ("no_date", _("No review date")),
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
    title = _("public state")
    parameter_name = "live"

    def lookups(self, request, model_admin):
        return [
            ("live", _("Live")),
            ("live_with_changes", _("Live, with unpublished changes")),
            ("scheduled", _("Scheduled")),
            ("not_live", _("Not live")),
        ]

    def queryset(self, request, queryset):
        # The changelist queryset is annotated by ArticleAdmin.get_queryset (articles_with_live_state).
        if self.value() == "live":
            return queryset.filter(is_live=True)
        if self.value() == "live_with_changes":
            return queryset.filter(is_live=True).exclude(status=ArticleStatus.PUBLISHED)
        if self.value() == "scheduled":
            return queryset.filter(is_scheduled=True)
        if self.value() == "not_live":
            return queryset.filter(is_live=False)
        return queryset


class MineFilter(admin.SimpleListFilter):
    """The logged-in editor's articles: they are among the authors, or they submitted it."""

    title = _("whose")
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("1", _("My articles"))]

    def queryset(self, request, queryset):
        return mine(queryset, request.user) if self.value() == "1" else queryset


class WorkflowFilter(admin.SimpleListFilter):
    title = _("review")
    parameter_name = "workflow"

    def lookups(self, request, model_admin):
        return [("changes_requested", _("Changes requested"))]

    def queryset(self, request, queryset):
        return changes_requested(queryset) if self.value() == "changes_requested" else queryset
