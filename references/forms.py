"""The reference form of the admin: the paste box that fills it, and the refusals of a copy of a reference that
exists and of a save based on an older version."""

from django import forms
from django.db import models
from django.forms.utils import ErrorDict
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exceptions import StaleVersion
from core.stale import stale_message
from references.identifiers import normalize_doi, normalize_pmid
from references.models import Reference
from references.services import (
    reference_check_version,
)


def https_url_formfield(model_field, **kwargs):
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return model_field.formfield(**kwargs)


FILL_BUTTON = "_fill"


# One record is a few kilobytes; a longer paste is a mistake, and parsing megabytes of BibTeX takes a minute.
FILL_MAX_CHARACTERS = 50_000


class FillFromWidget(forms.Textarea):
    """The paste box, with the button that fills the form's blank fields from it (nothing is saved then)."""

    def __init__(self):
        super().__init__(attrs={"rows": 4, "cols": 80})

    def render(self, name, value, attrs=None, renderer=None):
        return format_html(
            '{}<p><button type="submit" name="{}" value="1" class="button" formnovalidate>{}</button></p>',
            super().render(name, value, attrs, renderer),
            FILL_BUTTON,
            _("Fill the fields"),
        )


class ReferenceForm(forms.ModelForm):
    """Points the editor at the existing record instead of creating a copy of it, and refuses a save
    based on an older version of the reference (what was typed stays in the form)."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    fill_from = forms.CharField(
        label=gettext_lazy("Fill from identifier or record"),
        required=False,
        max_length=FILL_MAX_CHARACTERS,
        widget=FillFromWidget(),
        help_text=gettext_lazy(
            "A DOI or doi.org link, a PubMed ID or PubMed link, or a whole PubMed (.nbib), RIS or BibTeX record. "
            "“Fill the fields” fills those left blank: check them against the source, then save."
        ),
    )

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

    def show_fill_error(self, message: str) -> None:
        """The error beside the paste box of a form shown unbound after filling (unbound, so that the fields
        still blank are not marked as errors before the editor has had a chance to type them)."""
        self._errors = ErrorDict({"fill_from": self.error_class([message])})

    def _stale_message(self, error: StaleVersion, seen: int):
        changes = reverse("admin:references_reference_changes", args=[self.instance.pk])
        return stale_message(error, subject=_("this reference"), changes_url=f"{changes}?{urlencode({'since': seen})}")
