import copy
import json
from typing import cast

from django.contrib import admin, messages
from django.contrib.admin.exceptions import DisallowedModelAdminToField
from django.contrib.admin.options import IS_POPUP_VAR, TO_FIELD_VAR
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.models import SiteSettings
from core.versioning_admin import VersionCheckedAdmin
from references.csl import format_citation
from references.forms import FILL_BUTTON, FILL_MAX_CHARACTERS, ReferenceForm
from references.identifiers import normalize_doi
from references.lookup import Filling, reference_fill
from references.models import Reference
from references.records import RecordFormat, Unreadable, read_identifier
from references.services import reference_create, reference_update


@admin.register(Reference)
class ReferenceAdmin(VersionCheckedAdmin):
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

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(None, {"fields": ["fill_from"]}), *super().get_fieldsets(request, obj)]
        return super().get_fieldsets(request, obj)

    def get_search_results(self, request, queryset, search_term):
        """A pasted doi.org link, "doi:…", "PMID: …" or PubMed link finds its reference: here, and in the
        citations' autocomplete on the article page, which searches through this."""
        if identifier := read_identifier(search_term):
            search_term = identifier[1]
        return super().get_search_results(request, queryset, search_term)

    def add_view(self, request, form_url="", extra_context=None):
        # The fill button, first in the form, is also the one Enter presses in a text field: with nothing
        # pasted, that is a save, as on every other admin page.
        if request.method == "POST" and FILL_BUTTON in request.POST and request.POST.get("fill_from", "").strip():
            return self.fill_view(request, form_url, extra_context)
        return super().add_view(request, form_url, extra_context)

    def fill_view(self, request, form_url, extra_context):
        """The add form again, its blank fields filled from what was pasted and nothing saved: the editor
        checks the fields, then saves. It is the add page as first shown (unbound), with what was typed and
        what was filled as its initial values."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        typed = {name: request.POST.get(name, "") for name in [*ReferenceForm.Meta.fields, "fill_from"]}
        initial, error = typed, ""
        try:
            if len(typed["fill_from"]) > FILL_MAX_CHARACTERS:
                raise Unreadable(
                    _("That is more than %(count)s characters: paste one record at a time.")
                    % {"count": f"{FILL_MAX_CHARACTERS:,}"}
                )
            filling = reference_fill(typed["fill_from"])
        except Unreadable as unreadable:
            error = str(unreadable)
        else:
            if filling.existing is not None:
                error = self._already_kept(request, filling)
            else:
                initial = self._filled(request, typed, filling)
        # The add page's GET path renders an unbound form from initial values; a copy of the request takes it,
        # so that the request the middleware sees stays the POST it was.
        shown = copy.copy(request)
        shown.method = "GET"
        shown.reference_fill_initial, shown.reference_fill_error = initial, error
        return super().add_view(shown, form_url, extra_context)

    def _filled(self, request, typed: dict[str, str], filling: Filling) -> dict[str, object]:
        """What was typed, its blank fields filled; each change is said in a message."""
        initial: dict[str, object] = dict(typed)
        filled, kept = [], []
        for name, value in filling.draft.fields().items():
            label = str(cast(models.Field, Reference._meta.get_field(name)).verbose_name)
            mine = normalize_doi(typed[name]) if name == "doi" else typed[name].strip()
            if not mine:
                initial[name] = value
                filled.append(label)
            elif mine != str(value):
                kept.append(label)
        source = RecordFormat(filling.draft.source).label
        # A bare DOI or PMID fills only itself: no success to announce ("Filled from the DOI: DOI"), the note says
        # that only it was filled and how to fill the rest.
        if filled and not filling.draft.identifier_only:
            self.message_user(
                request,
                _("Filled from the %(source)s: %(fields)s. Check them against the source, then save.")
                % {"source": source, "fields": ", ".join(filled)},
                messages.SUCCESS,
            )
        if kept:
            self.message_user(
                request,
                _("Kept what you had typed in %(fields)s, which the %(source)s gives differently.")
                % {"fields": ", ".join(kept), "source": source},
                messages.WARNING,
            )
        if filling.note:
            self.message_user(request, filling.note, messages.WARNING)
        return initial

    def _already_kept(self, request, filling: Filling) -> str:
        """The existing reference, linked; in a popup opened from an article's citations, a link that cites it."""
        existing, draft = cast(Reference, filling.existing), filling.draft  # called when there is one
        label, value = (
            (_("DOI"), existing.doi) if draft.doi and existing.doi == draft.doi else (_("PubMed ID"), existing.pmid)
        )
        message = format_html(
            '“<a href="{}">{}</a>” {}',
            reverse("admin:references_reference_change", args=[existing.pk]),
            existing,
            _("already has the %(identifier)s %(value)s: cite that reference instead of adding a copy.")
            % {"identifier": label, "value": value},
        )
        if IS_POPUP_VAR in request.POST or IS_POPUP_VAR in request.GET:
            to_field = request.POST.get(TO_FIELD_VAR, request.GET.get(TO_FIELD_VAR, ""))
            choose = reverse("admin:references_reference_choose", args=[existing.pk])
            message = format_html(
                '{} <a href="{}?{}">{}</a>',
                message,
                choose,
                urlencode({IS_POPUP_VAR: 1, TO_FIELD_VAR: to_field}),
                _("Cite this one"),
            )
        return message

    def get_changeform_initial_data(self, request):
        filled = getattr(request, "reference_fill_initial", None)
        return filled if filled is not None else super().get_changeform_initial_data(request)

    def choose_view(self, request, object_id):
        """Closes the add popup opened from an article's citations by choosing this reference (the one that
        already has the identifier pasted there), as saving a new one would."""
        reference = get_object_or_404(Reference, pk=object_id)
        if not self.has_view_or_change_permission(request, reference):
            raise PermissionDenied
        if IS_POPUP_VAR not in request.GET:
            return HttpResponseRedirect(reverse("admin:references_reference_change", args=[reference.pk]))
        to_field = request.GET.get(TO_FIELD_VAR) or Reference._meta.pk.attname
        if not self.to_field_allowed(request, to_field):
            raise DisallowedModelAdminToField(f"The field {to_field} cannot be referenced.")
        chosen = {"value": str(reference.serializable_value(to_field)), "obj": str(reference)}
        return TemplateResponse(request, "admin/popup_response.html", {"popup_response_data": json.dumps(chosen)})

    changes_template = "admin/references/reference/changes.html"

    def save_record(self, request, obj, fields, expected_version, change):
        # `fields` are the form's, which are REFERENCE_FIELDS (ReferenceForm.Meta), as the services take them.
        if change:
            return reference_update(reference=obj, fields=fields, expected_version=expected_version, user=request.user)
        return reference_create(fields=fields, user=request.user)

    def get_urls(self):
        choose = path(
            "<int:object_id>/choose/",
            self.admin_site.admin_view(self.choose_view),
            name="references_reference_choose",
        )
        return [choose, *super().get_urls()]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if error := getattr(request, "reference_fill_error", ""):
            context["adminform"].form.show_fill_error(error)
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description=gettext_lazy("formatted citation"))
    def formatted_citation(self, reference: Reference) -> str:
        """As stored, not as typed (a refused form has written the typed values onto `reference`), in the
        site's citation style, as an article approved now would show it."""
        if not reference.pk:
            return _("Shown after saving.")
        return format_citation(Reference.objects.get(pk=reference.pk), SiteSettings.load().citation_style)
