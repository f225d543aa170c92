"""One POST of the article page: the main form and the part formsets, checked together by the editing service.

The admin's forms only gather what the editor typed. Once every form has passed its own field
checks, the last part formset to be cleaned hands the whole submission to
`articles.services.editing.article_edit_problems` and puts each problem it reports beside the
field it concerns, so that nothing typed is lost and every rule stays in the service. Saving
then goes through `article_create` / `article_update` with the same `ArticleEdit`.
"""

from math import inf

from adminsortable2.admin import CustomInlineFormSet
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from articles.content_model import PARTS, edited_fields
from articles.edit_plan import ArticleEdit
from articles.models import Article
from articles.services.editing import (
    article_create,
    article_edit_problems,
    article_locked_with_content,
    article_update,
    article_version_check,
)
from articles.versions import article_versions, stored_version
from core import languages
from core.exceptions import StaleVersion, StateConflict
from core.stale import stale_message as core_stale_message


def changes_since(article: Article, seen: int | None) -> str:
    """A page that shows what changed since the version the editor saw: the comparison, else the history."""
    seen_version = stored_version(article, seen) if seen is not None else None
    newest = article_versions(article).first()
    if seen_version is None or newest is None or seen_version.pk == newest.pk:
        return reverse("admin:articles_article_history", args=[article.pk])
    query = urlencode({"from": seen_version.pk, "to": newest.pk})
    return f"{reverse('admin:articles_article_compare', args=[article.pk])}?{query}"


def stale_message(error: StaleVersion, article: Article, *, seen: int | None = None, step: str | None = None):
    """What an editor reads when someone saved the article first; `seen` is the version the page showed."""
    return core_stale_message(error, subject=_("this article"), changes_url=changes_since(article, seen), step=step)


class ArticleSubmission:
    def __init__(self, request):
        self.request = request
        self.form = None
        self.formsets: dict[str, PartsFormSet] = {}
        self.cleaned: set[str] = set()
        self.row_forms: dict[str, list] = {}

    @property
    def article(self) -> Article:
        """The article being saved: the form's instance (unsaved when the article is new)."""
        return self.form.instance

    def formset_cleaned(self, formset: "PartsFormSet") -> None:
        """Called by each part formset's clean(); the last one runs the service's check."""
        self.cleaned.add(formset.prefix)
        if self.cleaned != set(self.formsets) or self.form is None:
            return
        if not self.check_version():
            # A stale page explains every other error on it (a row someone deleted, say): say so first.
            raise ValidationError(_("The article was not saved: see the message at the top of the page."))
        every_form = [self.form, *(form for fs in self.formsets.values() for form in fs.forms)]
        if not all(form.is_valid() for form in every_form) or any(
            fs.non_form_errors() for fs in self.formsets.values()
        ):
            return  # field errors first: the editor fixes those before the whole article is checked
        if not self.check():
            raise ValidationError(_("The article was not saved: see the problems marked on this page."))

    def edit(self) -> ArticleEdit:
        data = self.form.cleaned_data
        parts, self.row_forms = {}, {}
        for prefix, formset in self.formsets.items():
            spec = PARTS[prefix]
            forms = [
                form
                for form in formset.forms
                if form.cleaned_data
                and not form.cleaned_data.get("DELETE")
                and (form.instance.pk or form.has_changed())
            ]
            forms.sort(key=lambda form: form.cleaned_data.get(spec.order_field) or inf)
            self.row_forms[prefix] = forms
            parts[prefix] = [
                {"id": form.instance.pk, **{name: form.cleaned_data.get(name) for name in spec.names}} for form in forms
            ]
        return ArticleEdit(
            fields={name: data[name] for name in edited_fields() if name in data},
            authors=list(data["authors"]) if "authors" in data else None,
            topics=list(data["topics"]) if "topics" in data else None,
            parts=parts,
        )

    def _expected_version(self):
        if self.article.pk is None:
            return None
        return getattr(self.form, "cleaned_data", {}).get("loaded_version")

    def check_version(self) -> bool:
        if self.article.pk is None:
            return True
        try:
            stored = article_locked_with_content(self.article)
            article_version_check(article=stored, expected_version=self._expected_version())
        except StaleVersion as error:
            self.form.add_error(None, stale_message(error, self.article, seen=self._expected_version()))
            for orphan in self._orphans():
                self.form.add_error(None, orphan)
            return False
        return True

    def _orphans(self) -> list[str]:
        """What the editor typed into rows someone else deleted meanwhile: the page cannot show those
        rows again (they are gone), so their text is repeated here, to copy."""
        kept = []
        for prefix, formset in self.formsets.items():
            for form in formset.initial_forms:
                if form.instance.pk is not None:
                    continue
                typed = "; ".join(
                    f"{form.fields[name].label}: {form[name].value()}"
                    for name in PARTS[prefix].names
                    if name in form.fields and form[name].value()
                )
                if typed:
                    kept.append(
                        _("Someone deleted a row of %(part)s that you had changed. What you typed in it: %(typed)s")
                        % {"part": formset.model._meta.verbose_name_plural, "typed": typed}
                    )
        return kept

    def check(self) -> bool:
        try:
            problems = article_edit_problems(
                article=self.article,
                edit=self.edit(),
                user=self.request.user,
                expected_version=self._expected_version(),
            )
        except StaleVersion as error:
            self.form.add_error(None, stale_message(error, self.article, seen=self._expected_version()))
            return False
        except (StateConflict, PermissionDenied) as error:
            self.form.add_error(None, " ".join(getattr(error, "messages", [str(error)])))
            return False
        for problem in problems:
            # The whole list at the top of the page, each problem also beside its field.
            self.form.add_error(None, str(problem))
            if problem.part is None:
                if problem.field in self.form.fields:
                    self.form.add_error(problem.field, problem.message)
            else:
                form = self.row_forms[problem.part][problem.index]
                form.add_error(problem.field if problem.field in form.fields else None, problem.message)
        return not problems

    def save(self) -> Article:
        edit = self.edit()
        if self.article.pk is None:
            return article_create(edit=edit, user=self.request.user, article=self.article)
        return article_update(
            article=self.article, edit=edit, user=self.request.user, expected_version=self._expected_version()
        )


def submission_for(request) -> ArticleSubmission:
    """The submission of this request: the admin builds the form and the formsets separately."""
    if not hasattr(request, "article_submission"):
        request.article_submission = ArticleSubmission(request)
    return request.article_submission


def text_in_language(fields: dict, article: Article, names: set[str] | None = None) -> None:
    """The text inputs of an article's page (`names` of `fields`, or all) carry its language and its direction:
    Arabic or Hebrew is typed and read right to left, and a screen reader reads each text in its language."""
    if not article.pk:
        return  # the add page: the language is chosen on it
    attributes = {"lang": article.language, "dir": languages.text_direction(article.language)}
    for name, field in fields.items():
        widget = getattr(field.widget, "widget", field.widget)  # inside the admin's related-object wrapper
        textual = isinstance(widget, forms.Textarea) or (
            isinstance(widget, forms.TextInput) and widget.input_type == "text"
        )
        if textual and (names is None or name in names):
            widget.attrs.update(attributes)


class PartsFormSet(CustomInlineFormSet):
    """An inline of article parts. It gathers rows; `ArticleSubmission` has them checked and saved."""

    def __init__(self, *args, submission: ArticleSubmission | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.submission = submission
        if submission is not None:
            submission.formsets[self.prefix] = self

    def add_fields(self, form, index):
        super().add_fields(form, index)
        text_in_language(form.fields, self.instance)

    def clean(self):
        super().clean()
        if self.submission is not None:
            self.submission.formset_cleaned(self)

    def save(self, commit=True):
        """The editing service saved every row already (see ArticleAdmin.save_related)."""
        raise NotImplementedError("Article parts are saved by articles.services.editing, not by the formset.")
