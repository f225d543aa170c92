from django.contrib import admin

from publishing.models import Publication


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
