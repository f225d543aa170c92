"""The admin side of `core.versioning`, for every record editors share: the page carries the version it was
loaded with, a save based on an older one is refused with who saved, when, and a link to what changed (the
typed input stays in the form), and a save of a record someone deleted meanwhile shows what was typed on the
add page instead of losing it."""

import copy
import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exceptions import StaleVersion
from core.stale import stale_message
from core.versioning import (
    record_changes,
    record_check_version,
    record_create,
    record_subject,
    record_update,
    record_versions,
)


def changes_url_name(model) -> str:
    return f"{model._meta.app_label}_{model._meta.model_name}_changes"


class VersionCheckedForm(forms.ModelForm):
    """Refuses a save based on an older version of the record; what was typed stays in the form."""

    loaded_version = forms.IntegerField(label=gettext_lazy("loaded version"), widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaded_version"].initial = self.instance.version if self.instance.pk else None

    def clean(self):
        cleaned_data = super().clean()
        seen = cleaned_data.get("loaded_version")
        if self.instance.pk and seen is None:
            # A page that carried no version cannot say it saw the current one (a forged post, or a page whose
            # fieldsets dropped the field): never a silent overwrite.
            self.add_error(None, _("The page did not say which version you saw: reload it and try again."))
        elif self.instance.pk:
            try:
                record_check_version(record=self.instance, expected_version=seen)
            except StaleVersion as error:
                changes = reverse(f"admin:{changes_url_name(self._meta.model)}", args=[self.instance.pk])
                self.add_error(
                    None,
                    stale_message(
                        error,
                        subject=record_subject(self._meta.model),
                        changes_url=f"{changes}?{urlencode({'since': seen})}",
                    ),
                )
        return cleaned_data


class DeletedMeanwhileAdmin(admin.ModelAdmin):
    """A save posted from the page of a record that someone deleted meanwhile keeps what was typed: the add page
    shows it, its inline rows included (shown, not saved: the editor decides whether to save it as a new
    record), or, for an editor who may not add one, a message says it."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        posted_change = request.method == "POST" and object_id is not None and self.has_change_permission(request)
        if posted_change and self.get_object(request, unquote(object_id)) is None:
            return self.deleted_meanwhile_view(request, extra_context)
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except self.model.DoesNotExist:
            if not posted_change:
                raise
            # Deleted between the page's own read and the save's locked one: the same answer, nothing typed lost.
            return self.deleted_meanwhile_view(request, extra_context)

    def deleted_meanwhile_view(self, request, extra_context=None):
        form_class = self.get_form(request, None, change=False)
        typed = {
            name: field.widget.value_from_datadict(request.POST, request.FILES, name)
            for name, field in form_class.base_fields.items()
            if name != "loaded_version"
        }
        subject, thing = record_subject(self.model), self.model._meta.verbose_name
        if not self.has_add_permission(request):
            shown = "; ".join(
                f"{form_class.base_fields[name].label}: {value}"
                for name, value in typed.items()
                if value not in ("", None)
            )
            self.message_user(
                request,
                _("%(subject)s was deleted by someone else while you edited it, so nothing was saved. What you typed: "
                  "%(typed)s") % {"subject": subject.capitalize(), "typed": shown},
                messages.ERROR,
            )  # fmt: skip
            return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"))
        self.message_user(
            request,
            _("%(subject)s was deleted by someone else while you edited it, so nothing was saved; what you typed is "
              "below: copy it, or save it as a new %(thing)s.") % {"subject": subject.capitalize(), "thing": thing},
            messages.ERROR,
        )  # fmt: skip
        # The add page's GET path renders an unbound form from initial values; a copy of the request takes it,
        # so that the request the middleware sees stays the POST it was.
        shown = copy.copy(request)
        shown.method = "GET"
        shown.typed_before_deletion = typed
        shown.typed_rows_before_deletion = {
            FormSet.get_default_prefix(): _typed_rows(request, FormSet)
            for FormSet, _inline in self.get_formsets_with_inlines(request, None)
        }
        add_url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_add")
        return super().changeform_view(shown, None, add_url, extra_context)

    def get_changeform_initial_data(self, request):
        typed = getattr(request, "typed_before_deletion", None)
        return typed if typed is not None else super().get_changeform_initial_data(request)

    def get_formsets_with_inlines(self, request, obj=None):
        typed = getattr(request, "typed_rows_before_deletion", {})
        for FormSet, inline in super().get_formsets_with_inlines(request, obj):
            rows = typed.get(FormSet.get_default_prefix())
            # As many new rows as were typed, each filled with what was typed in it (`get_formset_kwargs`).
            yield (type(FormSet.__name__, (FormSet,), {"extra": len(rows)}) if rows else FormSet), inline

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if rows := getattr(request, "typed_rows_before_deletion", {}).get(prefix):
            kwargs["initial"] = rows
        return kwargs


def _typed_rows(request, FormSet) -> list[dict]:
    """The rows of an inline as posted, less those marked for deletion: their typed values by field."""
    prefix = FormSet.get_default_prefix()
    try:
        total = min(int(request.POST.get(f"{prefix}-TOTAL_FORMS", 0)), FormSet.absolute_max)
    except ValueError:
        return []
    rows = []
    for index in range(total):
        if request.POST.get(f"{prefix}-{index}-DELETE"):
            continue
        rows.append(
            {
                name: field.widget.value_from_datadict(request.POST, request.FILES, f"{prefix}-{index}-{name}")
                for name, field in FormSet.form.base_fields.items()
            }
        )
    return rows


class VersionCheckedAdmin(DeletedMeanwhileAdmin):
    """Saves through `core.versioning` (an admin whose record has rules of its own overrides `save_record`), and
    adds the page that shows what changed since the version an editor's page showed."""

    form = VersionCheckedForm
    changes_template = "admin/versioned/changes.html"

    def get_fieldsets(self, request, obj=None):
        """The version the page was loaded with goes with every page, whatever fields an admin lists."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or any("loaded_version" in options["fields"] for _name, options in fieldsets):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], "loaded_version"]}), *rest]

    def save_record(self, request, obj, fields: dict, expected_version: int | None, change: bool):
        """The stored record, saved with `fields` as the form cleaned them."""
        if change:
            return record_update(record=obj, fields=fields, expected_version=expected_version, user=request.user)
        return record_create(model=self.model, fields=fields, user=request.user)

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in self.compared_fields(form) if name in form.cleaned_data}
        saved = self.save_record(request, obj, fields, form.cleaned_data.get("loaded_version"), change)
        obj.pk, obj.version = saved.pk, saved.version

    def compared_fields(self, form) -> list[str]:
        """The model fields an editor sets on this page: what is saved, and what the changes page compares."""
        editable = {field.name for field in self.opts.get_fields() if field.concrete and not field.many_to_many}
        return [name for name in form.base_fields if name in editable]

    # What changed since the editor's version.

    def get_urls(self):
        changes = path(
            "<int:object_id>/changes/",
            self.admin_site.admin_view(self.changes_view),
            name=changes_url_name(self.model),
        )
        return [changes, *super().get_urls()]

    def changes_view(self, request, object_id):
        """What changed since the version an editor's page showed (`?since=`), and who saved each version."""
        record = self.get_object(request, str(object_id))  # through the admin's own queryset
        if record is None:
            raise Http404(_("No such record."))
        if not self.has_view_or_change_permission(request, record):
            raise PermissionDenied
        since = request.GET.get("since", "")
        if not re.fullmatch(r"[0-9]{1,9}", since):
            raise Http404(_("Say which version you had open: ?since=<version>."))
        form = self.get_form(request, record, change=True)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": record,
            "title": _("What changed in “%(record)s”") % {"record": record},
            "since": int(since),
            "changes": self.changes_since(record, int(since), self.compared_fields(form)),
            "versions": record_versions(record)[:20],
        }
        return TemplateResponse(request, self.changes_template, context)

    def changes_since(self, record, since: int, fields: list[str]) -> list[tuple[str, str, str]] | None:
        """(label, then, now) for what an editor sees that changed since version `since`; None when that version
        was not kept. An admin whose record has more than its fields (rows it holds) adds them."""
        return record_changes(record=record, since_version=since, fields=fields)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None and context["adminform"].form.errors:
            # A refused form has written the typed values onto `obj`: the heading shows what is stored.
            stored = self.model._default_manager.get(pk=obj.pk)
            context.update(original=stored, subtitle=str(stored))
        return super().render_change_form(request, context, add, change, form_url, obj)
