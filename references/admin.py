import re

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exceptions import StaleVersion
from core.models import SiteSettings
from core.stale import stale_message
from references.csl import format_citation
from references.identifiers import normalize_doi, normalize_pmid
from references.models import Reference
from references.services import (
    REFERENCE_FIELDS,
    reference_changes,
    reference_check_version,
    reference_create,
    reference_update,
    reference_versions,
)


def https_url_formfield(model_field, **kwargs):
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return model_field.formfield(**kwargs)


class ReferenceForm(forms.ModelForm):
    """Points the editor at the existing record instead of creating a copy of it, and refuses a save
    based on an older version of the reference (what was typed stays in the form)."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Reference
        fields = [
            "kind", "title", "authors", "container", "year", "volume", "issue", "pages",
            "doi", "pmid", "url", "accessed_on",
        ]  # fmt: skip
        formfield_callback = https_url_formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaded_version"].initial = self.instance.version if self.instance.pk else None

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk:
            try:
                reference_check_version(reference=self.instance, expected_version=cleaned_data.get("loaded_version"))
            except StaleVersion as error:
                self.add_error(None, self._stale_message(error, cleaned_data.get("loaded_version")))
        for field, normalize, label in (("doi", normalize_doi, _("DOI")), ("pmid", normalize_pmid, _("PubMed ID"))):
            value = normalize(cleaned_data.get(field) or "")
            if not value:
                continue
            existing = Reference.objects.filter(**{field: value}).exclude(pk=self.instance.pk).first()
            if existing is not None:
                url = reverse("admin:references_reference_change", args=[existing.pk])
                self.add_error(
                    field,
                    format_html(
                        '“<a href="{}">{}</a>” {}',
                        url,
                        existing,
                        _("already has this %(identifier)s. Cite that reference instead of adding a copy.")
                        % {"identifier": label},
                    ),
                )
        return cleaned_data

    def _stale_message(self, error: StaleVersion, seen: int):
        changes = reverse("admin:references_reference_changes", args=[self.instance.pk])
        return stale_message(error, subject=_("this reference"), changes_url=f"{changes}?{urlencode({'since': seen})}")


@admin.register(Reference)
class ReferenceAdmin(admin.ModelAdmin):
    form = ReferenceForm
    list_display = ["title", "kind", "container", "year", "doi", "pmid"]
    list_filter = ["kind"]
    search_fields = ["title", "authors", "doi", "pmid", "container"]
    readonly_fields = ["formatted_citation"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["kind", "title", "authors", "container", "year", "loaded_version"]}),
        (gettext_lazy("Journal details"), {"fields": ["volume", "issue", "pages"]}),
        (gettext_lazy("Identifiers and links"), {"fields": ["doi", "pmid", "url", "accessed_on"]}),
        (gettext_lazy("As readers see it"), {"fields": ["formatted_citation"]}),
    ]

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in REFERENCE_FIELDS if name in form.cleaned_data}
        if change:
            saved = reference_update(
                reference=obj, fields=fields, expected_version=form.cleaned_data["loaded_version"], user=request.user
            )
        else:
            saved = reference_create(fields=fields, user=request.user)
        obj.pk, obj.version = saved.pk, saved.version

    def get_urls(self):
        changes = path(
            "<int:object_id>/changes/",
            self.admin_site.admin_view(self.changes_view),
            name="references_reference_changes",
        )
        return [changes, *super().get_urls()]

    def changes_view(self, request, object_id):
        """What changed since the version an editor's page showed (`?since=`), and who saved each version."""
        reference = get_object_or_404(Reference, pk=object_id)
        if not self.has_view_or_change_permission(request, reference):
            raise PermissionDenied
        since = request.GET.get("since", "")
        if not re.fullmatch(r"[0-9]{1,9}", since):
            raise Http404(_("Say which version you had open: ?since=<version>."))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": reference,
            "title": _("What changed in “%(reference)s”") % {"reference": reference},
            "since": int(since),
            "changes": reference_changes(reference=reference, since_version=int(since)),
            "versions": reference_versions(reference)[:20],
        }
        return TemplateResponse(request, "admin/references/reference/changes.html", context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None and context["adminform"].form.errors:
            # A refused form has written the typed values onto `obj`: the heading shows what is stored.
            stored = Reference.objects.get(pk=obj.pk)
            context.update(original=stored, subtitle=str(stored))
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description=gettext_lazy("formatted citation"))
    def formatted_citation(self, reference: Reference) -> str:
        """As stored, not as typed (a refused form has written the typed values onto `reference`), in the
        site's citation style, as an article approved now would show it."""
        if not reference.pk:
            return _("Shown after saving.")
        return format_citation(Reference.objects.get(pk=reference.pk), SiteSettings.load().citation_style)
