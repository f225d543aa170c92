"""The article page's own views: lifecycle steps, rollback, preview, restore and recover (its history and
comparisons are in `newsroom.admin.comparisons`)."""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles.models import Article, ArticleAction
from articles.services.revisions import article_recover, article_restore_version
from articles.versions import article_versions, compare_versions
from core.exceptions import StaleVersion
from newsroom.admin.submission import stale_message
from publishing.models import Publication
from publishing.preview import preview_token_make, preview_url
from publishing.services.lifecycle import article_rollback, article_transition


class TransitionForm(forms.Form):
    """What a lifecycle button posts with the page: the version shown, a comment, a go-live time."""

    shown_version = forms.IntegerField(
        error_messages={"required": _("The page did not say which version you saw: reload it and try again.")}
    )
    transition_comment = forms.CharField(required=False)
    override_reason = forms.CharField(required=False)
    live_from = forms.DateTimeField(
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        error_messages={"invalid": _("The go-live time is not a valid date and time.")},
    )
    # The same moment with the browser's offset, which the page's script adds: the editor types their
    # own local time, not the server's.
    live_from_utc = forms.DateTimeField(required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("live_from") and cleaned.get("live_from_utc"):
            cleaned["live_from"] = cleaned["live_from_utc"]
        return cleaned


def _messages_of(error: Exception) -> str:
    return " ".join(getattr(error, "messages", [str(error)]))


class ArticlePageViews:
    """Mixed into ArticleAdmin: every view here calls a service and reports its outcome as a message."""

    def get_urls(self):
        custom = [
            path(
                "<path:object_id>/transition/<str:name>/",
                self.admin_site.admin_view(require_POST(self.transition_view)),
                name="articles_article_transition",
            ),
            path(
                "<path:object_id>/rollback/<int:publication_id>/",
                self.admin_site.admin_view(require_POST(self.rollback_view)),
                name="articles_article_rollback",
            ),
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="articles_article_preview",
            ),
        ]
        return custom + super().get_urls()

    def _article_or_404(self, request, object_id) -> Article:
        article = self.get_object(request, unquote(object_id))
        if article is None or not self.has_view_permission(request, article):
            raise Http404(_("No such article."))
        return article

    def _back_to(self, article: Article) -> HttpResponseRedirect:
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))

    def _report(self, request, article: Article, step, success: str, name: str = "") -> None:
        """Run `step`; a role error is a 403, any other refusal a message on the article page."""
        try:
            step()
        except PermissionDenied:
            raise
        except StaleVersion as error:
            seen = request.POST.get("shown_version")
            seen = int(seen) if seen and seen.isdigit() else None
            self.message_user(
                request, stale_message(error, article, seen=seen, step=name or _("this step")), messages.ERROR
            )
        except ValidationError as error:
            self.message_user(request, _messages_of(error), messages.ERROR)
        else:
            self.message_user(request, success, messages.SUCCESS)

    def transition_view(self, request, object_id, name):
        article = self._article_or_404(request, object_id)
        if name not in ArticleAction.values:
            raise Http404(_("No such step."))
        form = TransitionForm(request.POST)
        if not form.is_valid():
            self.message_user(request, " ".join(m for errors in form.errors.values() for m in errors), messages.ERROR)
            return self._back_to(article)

        def step():
            nonlocal article
            article = article_transition(
                ArticleAction(name),
                article=article,
                user=request.user,
                comment=form.cleaned_data["transition_comment"],
                live_from=form.cleaned_data["live_from"],
                expected_version=form.cleaned_data["shown_version"],
                override_reason=form.cleaned_data["override_reason"],
            )

        label = ArticleAction(name).label
        done = _("“%(article)s”: %(step)s, done.") % {"article": article, "step": label}
        self._report(request, article, step, done, name=label)
        return self._back_to(article)

    def rollback_view(self, request, object_id, publication_id):
        article = self._article_or_404(request, object_id)
        publication = get_object_or_404(Publication, pk=publication_id, article=article)
        self._report(
            request,
            article,
            lambda: article_rollback(article=article, publication=publication, user=request.user),
            _("The earlier version is live again."),
        )
        return self._back_to(article)

    def preview_view(self, request, object_id):
        article = self._article_or_404(request, object_id)
        token = preview_token_make(article)
        api_url = request.build_absolute_uri(reverse("public:article-preview", args=[token]))
        return HttpResponseRedirect(preview_url(token, api_url))

    # Pages under the article: restoring a version here, its comparisons in `newsroom.admin.comparisons`.

    def _version_page(self, request, article: Article, template: str, title: str, **context):
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "original": article,
                   "title": title, **context}  # fmt: skip
        return TemplateResponse(request, f"admin/articles/article/{template}", context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Restore a stored version as a draft (GET shows what would change)."""
        article = self._article_or_404(request, object_id)
        version = get_object_or_404(article_versions(article), pk=version_id)
        if request.method == "POST":
            form = TransitionForm(request.POST)  # the version the restore page showed as the latest
            if not form.is_valid():
                self.message_user(request, " ".join(form.errors["shown_version"]), messages.ERROR)
                return self._back_to(article)
            self._report(
                request,
                article,
                lambda: article_restore_version(article=article, version=version, user=request.user,
                                                expected_version=form.cleaned_data["shown_version"]),
                _("The version is restored as a draft. It needs a medical review before it can be published."),
                name=_("restore"),
            )  # fmt: skip
            return self._back_to(article)
        latest = article_versions(article).first()
        return self._version_page(
            request, article, "restore_version.html", _("Restore a version of “%(article)s”") % {"article": article},
            version=version, comparison=compare_versions(version, latest) if latest.pk != version.pk else None,
        )  # fmt: skip

    def recover_view(self, request, version_id, extra_context=None):
        """Recover a deleted article: reversion re-creates it, and it comes back as a draft."""
        request.recovering_article = True  # its page is editable whatever state it was deleted in
        return super().recover_view(request, version_id, extra_context)

    def response_change(self, request, obj):
        if getattr(request, "recovering_article", False):
            # Not Django's "changed successfully": the editor recovered a deleted article, which is now a draft.
            self.message_user(
                request,
                _("“%(article)s” is recovered as a draft. It needs a medical review before it can be published.")
                % {"article": obj},
                messages.SUCCESS,
            )
            return self._back_to(obj)
        return super().response_change(request, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if getattr(request, "recovering_article", False) and request.method == "POST":
            # Reversion has re-created the article in this transaction; it becomes a draft before the
            # page's form is saved onto it (an invalid form rolls both back).
            article_recover(article=Article.objects.get(pk=unquote(object_id)), user=request.user)
        return super().changeform_view(request, object_id, form_url, extra_context)
