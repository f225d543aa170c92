from adminsortable2.admin import SortableTabularInline
from django.contrib import admin
from django.db import models

from core.admin import OrderedInlineFormSet
from references.models import Citation, Reference


@admin.register(Reference)
class ReferenceAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "container", "year", "doi", "pmid"]
    list_filter = ["kind"]
    search_fields = ["title", "authors", "doi", "pmid", "container"]
    readonly_fields = ["formatted_citation"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["kind", "title", "authors", "container", "year"]}),
        ("Journal details", {"fields": ["volume", "issue", "pages"]}),
        ("Identifiers and links", {"fields": ["doi", "pmid", "url", "accessed_on"]}),
        ("As readers see it", {"fields": ["formatted_citation"]}),
    ]

    @admin.display(description="formatted citation (AMA)")
    def formatted_citation(self, reference: Reference) -> str:
        return reference.citation if reference.pk else "Shown after saving."


class CitationInline(SortableTabularInline):
    model = Citation
    formset = OrderedInlineFormSet
    fields = ["cited_as", "reference"]
    readonly_fields = ["cited_as"]
    autocomplete_fields = ["reference"]
    extra = 0
    verbose_name = "reference cited"
    verbose_name_plural = "references cited (numbered in this order: [1], [2], …)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("reference")

    @admin.display(description="cited as")
    def cited_as(self, citation: Citation) -> str:
        return f"[{citation.number}]" if citation.pk else "new"
