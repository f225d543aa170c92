from django import forms
from django.contrib import admin
from django.db import models

from articles.models import Contributor, Topic
from core.languages import language_name, text_direction
from core.models import SiteSettings
from core.versioning_admin import VersionCheckedAdmin, VersionCheckedForm


class LabelTranslationsForm(VersionCheckedForm):
    """The record's `TRANSLATED` fields in each other language the site serves, each a field of its own
    ("Name (español)"), kept together in `translations`. A blank field is no translation: an article in that
    language then shows the default language's text."""

    translated_languages: tuple[str, ...] = ()

    @staticmethod
    def field_name(name: str, language: str) -> str:
        return f"{name}__{language}"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stored = self.instance.translations or {}
        for language in self.translated_languages:
            for name in self._meta.model.TRANSLATED:
                self.fields[self.field_name(name, language)].initial = (stored.get(language) or {}).get(name, "")

    def clean(self):
        cleaned_data = super().clean()
        translations = {
            language: {
                name: value
                for name in self._meta.model.TRANSLATED
                if (value := (cleaned_data.get(self.field_name(name, language)) or "").strip())
            }
            for language in self.translated_languages
        }
        # Languages the site no longer serves keep their text: nothing an editor wrote is lost.
        kept = {**(self.instance.translations or {}), **translations}
        cleaned_data["translations"] = {language: texts for language, texts in kept.items() if texts}
        return cleaned_data


class LabelTranslationsAdmin(VersionCheckedAdmin):
    """A shared record whose `TRANSLATED` fields have a text per language the site serves."""

    form = LabelTranslationsForm
    exclude = ["translations"]

    @staticmethod
    def translated_languages() -> tuple[str, ...]:
        """The languages a record has texts of its own in: those the site serves but its default."""
        return tuple(SiteSettings.load().served_languages()[1:])

    def translation_field_names(self) -> list[str]:
        """The form's fields of the texts in other languages, by language (for an admin that lists its fields)."""
        return [
            LabelTranslationsForm.field_name(name, language)
            for language in self.translated_languages()
            for name in self.model.TRANSLATED
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        languages = self.translated_languages()
        declared: dict[str, object] = {"translated_languages": languages}
        for language in languages:
            for name in self.model.TRANSLATED:
                field = self.model._meta.get_field(name)
                # Typed and read in that language and its direction (a screen reader reads it in that language).
                attrs = {"lang": language, "dir": text_direction(language)}
                widget = forms.Textarea(attrs={"rows": 3, **attrs}) if isinstance(field, models.TextField) else None
                declared[LabelTranslationsForm.field_name(name, language)] = forms.CharField(
                    label=f"{field.verbose_name.capitalize()} ({language_name(language)})",
                    required=False,
                    max_length=field.max_length,
                    widget=widget or forms.TextInput(attrs=attrs),
                    help_text=field.help_text,
                )
        kwargs["form"] = type(f"{self.model.__name__}TranslationsForm", (self.form,), declared)
        return super().get_form(request, obj, change, **kwargs)

    def compared_fields(self, form) -> list[str]:
        return [*super().compared_fields(form), "translations"]


@admin.register(Topic)
class TopicAdmin(LabelTranslationsAdmin):
    list_display = ["name", "slug", "is_condition"]
    list_filter = ["is_condition"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Contributor)
class ContributorAdmin(LabelTranslationsAdmin):
    list_display = ["name", "credentials", "is_author", "is_medical_reviewer", "user"]
    list_filter = ["is_author", "is_medical_reviewer"]
    search_fields = ["name", "credentials", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
