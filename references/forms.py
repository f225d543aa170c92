"""The reference form of the admin: the paste box that fills it, and the refusals of a copy of a reference that
exists and of a save based on an older version."""

from django import forms
from django.db import models
from django.forms.utils import ErrorDict
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.versioning_admin import VersionCheckedForm
from references.identifiers import normalize_doi, normalize_pmid
from references.models import Reference


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


class ReferenceForm(VersionCheckedForm):
    """Points the editor at the existing record instead of creating a copy of it (and, as every record's form,
    refuses a save based on an older version of the reference)."""

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

    def clean(self):
        cleaned_data = super().clean()
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
