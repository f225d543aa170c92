from django.contrib import admin

from articles.models import Contributor, Topic
from core.versioning_admin import VersionCheckedAdmin


@admin.register(Topic)
class TopicAdmin(VersionCheckedAdmin):
    list_display = ["name", "slug", "is_condition"]
    list_filter = ["is_condition"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Contributor)
class ContributorAdmin(VersionCheckedAdmin):
    list_display = ["name", "credentials", "is_author", "is_medical_reviewer", "user"]
    list_filter = ["is_author", "is_medical_reviewer"]
    search_fields = ["name", "credentials", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
