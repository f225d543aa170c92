"""The article page's languages: translating a live article, and saying a translation follows its source again."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from articles.versions import stored_version
from core import languages
from core.exceptions import DutyConflict, RoleError, StaleVersion, StateConflict
from publishing.links import site_settings_of
from publishing.selectors import article_translations
from publishing.services.translations import article_translate, article_translation_catch_up


class TranslateForm(forms.Form):
    language = forms.ChoiceField(label=gettext_lazy("Language of the translation"))
    start = forms.ChoiceField(
        label=gettext_lazy("Start from"),
        choices=[
            ("copy", gettext_lazy("A copy of the live text, to translate in place")),
            ("empty", gettext_lazy("The title and summary only (the rest empty, the citations kept)")),
        ],
        initial="copy",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, languages: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = languages


class ArticleTranslationViews:
    """Mixed into ArticleAdmin (with `ArticlePageViews`, whose `_article_or_404` and `_back_to` it uses)."""

    def get_urls(self):
        custom = [
            path(
                "<path:object_id>/translate/",
                self.admin_site.admin_view(require_http_methods(["GET", "POST"])(self.translate_view)),
                name="articles_article_translate",
            ),
            path(
                "<path:object_id>/source-changes/",
                self.admin_site.admin_view(self.source_changes_view),
                name="articles_article_source_changes",
            ),
            path(
                "<path:object_id>/translation-up-to-date/",
                self.admin_site.admin_view(require_http_methods(["GET", "POST"])(self.translation_up_to_date_view)),
                name="articles_article_translation_up_to_date",
            ),
        ]
        return custom + super().get_urls()

    def translate_view(self, request, object_id):
        """Choose a language and how to start; the translation is a new draft, opened at once."""
        source = self._article_or_404(request, object_id)
        if not request.user.has_perm("articles.add_article"):
            raise PermissionDenied
        panel = article_translations(source, served=site_settings_of(request).served_languages())
        choices = [(tag, f"{languages.language_name(tag)} ({tag})") for tag in panel.untranslated]
        form = TranslateForm(request.POST or None, languages=choices)
        if request.method == "POST" and form.is_valid():
            try:
                translation = article_translate(
                    source=source,
                    language=form.cleaned_data["language"],
                    copy_text=form.cleaned_data["start"] == "copy",
                    user=request.user,
                )
            except (ValidationError, StateConflict, RoleError) as error:
                self.message_user(request, " ".join(getattr(error, "messages", [str(error)])), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("“%(article)s” in %(language)s is a new draft: translate it, then send it for medical review.")
                    % {"article": translation, "language": translation.language},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:articles_article_change", args=[translation.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Translate “%(article)s”") % {"article": source},
            "original": source,
            "opts": self.opts,
            "form": form,
            "nothing_left": not choices,
        }
        return TemplateResponse(request, "admin/articles/article/translate.html", context)

    def translation_up_to_date_view(self, request, object_id):
        """Confirm, then record that the translation follows its source's live version (an edit: it is reviewed
        again before readers see the claim)."""
        article = self._article_or_404(request, object_id)
        panel = article_translations(article, served=[])
        if panel.source is None or not panel.behind:
            self.message_user(request, _("“%(article)s” is not behind its source.") % {"article": article})
            return self._back_to(article)
        if request.POST.get("confirmed") != "yes":
            consequences = [
                _(
                    "Say that “%(article)s” now says what version %(version)s of “%(source)s” says: you have compared "
                    "the two and brought the translation up to date."
                )
                % {"article": article, "version": panel.source_live_version, "source": panel.source},
                _("This is a change of the article: it goes back to draft and needs a new medical review."),
            ]
            return self._confirm(
                request,
                article,
                title=_("Brought up to date with its source"),
                consequences=consequences,
                button=_("Yes, it is up to date"),
            )
        shown = request.POST.get("shown_version")
        try:
            article_translation_catch_up(
                article=article, user=request.user, expected_version=int(shown) if shown and shown.isdigit() else None
            )
        except (StaleVersion, DutyConflict, StateConflict, RoleError) as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(
                request,
                _("“%(article)s” follows version %(version)s of its source: send it for medical review.")
                % {"article": article, "version": panel.source_live_version},
                messages.SUCCESS,
            )
        return self._back_to(article)

    def source_changes_view(self, request, object_id):
        """What changed in the source between the version the translation follows and the one live now: the
        comparison of those two stored versions of the source."""
        article = self._article_or_404(request, object_id)
        panel = article_translations(article, served=[])
        if panel.source is None or not panel.behind or article.source_version is None:
            self.message_user(request, _("“%(article)s” is not behind its source.") % {"article": article})
            return self._back_to(article)
        older = stored_version(panel.source, article.source_version)
        newer = stored_version(panel.source, panel.source_live_version or 0)
        if older is None or newer is None:
            self.message_user(
                request,
                _("The versions of “%(source)s” to compare are not stored: compare them in its History.")
                % {"source": panel.source},
                messages.WARNING,
            )
            return self._back_to(article)
        compare = reverse("admin:articles_article_compare", args=[panel.source.pk])
        return HttpResponseRedirect(f"{compare}?{urlencode({'from': older.pk, 'to': newer.pk})}")
