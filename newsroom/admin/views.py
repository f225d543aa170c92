"""The article page's own views: lifecycle steps, rollback, preview, restore and recover (its history and
comparisons are in `newsroom.admin.comparisons`)."""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from articles.comparison.versions import compare_versions
from articles.lifecycle import TRANSITIONS, may
from articles.models import Article, ArticleAction, ArticleStatus, content_prefetches
from articles.models.states import ACTION_DONE
from articles.services.revisions import article_recover, article_restore_version
from articles.versions import article_versions
from core.exceptions import DutyConflict, StaleDocument, StaleVersion, StateConflict
from core.models import SiteSettings
from newsroom.admin.comments import labelled
from newsroom.admin.live_checks import live_checks_response
from newsroom.admin.live_preview import live_preview_response, new_article
from newsroom.admin.submission import stale_message
from publishing.links import site_settings_of
from publishing.models import Approval, PreviewLinks, Publication
from publishing.preview import (
    may_revoke_preview_links,
    preview_lifetime,
    preview_lifetime_choices,
    preview_links_revoke,
    preview_token_make,
    preview_url,
)
from publishing.selectors import (
    PublishAgain,
    Standing,
    StatusLine,
    article_status_line,
    moment_text,
    open_review_comments,
    publish_again_check,
)
from publishing.services.checks import go_live_check
from publishing.services.editorial_steps import (
    article_publish_again,
    article_rollback,
    article_schedule_cancel,
    article_transition,
)


def _unpublish(article: Article) -> tuple[str, list[str], str]:
    return (
        _("Unpublish “%(article)s”?") % {"article": article},
        [
            _(
                "Readers stop seeing it at once: the public API answers 404 for its address, lists drop it, and "
                "webhook receivers and apps are told."
            ),
            _("A version scheduled to go live is withdrawn too."),
            _(
                "Nothing is deleted: while the working copy stays as it is, “Publish again” on its page puts this "
                "version back; after an edit it needs a new review."
            )
            if article.status == ArticleStatus.PUBLISHED
            else _("Nothing is deleted: publish it again after a new review, or roll back to a published version."),
        ],
        _("Yes, unpublish"),
    )


def _archive(article: Article) -> tuple[str, list[str], str]:
    return (
        _("Archive “%(article)s”?") % {"article": article},
        [
            _("Whatever of it is live or scheduled is taken down at once, and its text is locked."),
            _("Return it to draft later to work on it again; nothing is deleted."),
        ],
        _("Yes, archive"),
    )


# The steps that take something away from readers: a page says what will happen before they are taken.
CONFIRMED_STEPS = {ArticleAction.UNPUBLISH: _unpublish, ArticleAction.ARCHIVE: _archive}


@dataclass(frozen=True)
class HeaderAction:
    key: str
    label: str
    url: str


def header_actions(request, article: Article, line: StatusLine, again: PublishAgain | None) -> list[HeaderAction]:
    """The steps the status line says apply now, for a user whose role may take them: calling off a scheduled
    go-live, and publishing again what was live before an unpublish (when it can go back as it was)."""
    actions = []
    scheduled = line.standing in {Standing.SCHEDULED_FIRST, Standing.SCHEDULED_REPLACEMENT}
    if scheduled and may(TRANSITIONS[ArticleAction.CANCEL_SCHEDULE], request.user):
        url = reverse("admin:articles_article_schedule_cancel", args=[article.pk])
        actions.append(HeaderAction("schedule-cancel", str(ArticleAction.CANCEL_SCHEDULE.label), url))
    if again is not None and again.approval is not None and may(TRANSITIONS[ArticleAction.REPUBLISH], request.user):
        url = reverse("admin:articles_article_publish_again", args=[article.pk])
        actions.append(HeaderAction("publish-again", str(ArticleAction.REPUBLISH.label), url))
    return actions


def _schedule_cancel(article: Article, line: StatusLine) -> tuple[str, list[str], str]:
    scheduled = _("%(version)s, scheduled to go live at %(time)s, will not go live: its publication is withdrawn.") % {
        "version": capfirst(line.values["scheduled"]),
        "time": moment_text(line.values["scheduled_at"]),
    }
    if line.standing == Standing.SCHEDULED_REPLACEMENT:
        live = _("%(version)s stays live: readers see no change, and no webhook is sent.") % {
            "version": capfirst(line.values["live"])
        }
    else:
        live = _("Nothing of it is live, and nothing will be until it is published again; no webhook is sent.")
    consequences = [scheduled, live]
    if article.status == ArticleStatus.PUBLISHED:
        consequences.append(
            _("The working copy is approved again: its approval stands, so it can be scheduled anew or published now.")
        )
    return _("Cancel the scheduled go-live of “%(article)s”?") % {"article": article}, consequences, _("Yes, cancel it")


def _publish_again(article: Article, approval: Approval) -> tuple[str, list[str], str]:
    return (
        _("Publish “%(article)s” again?") % {"article": article},
        [
            _(
                "Version %(version)s, approved by %(who)s on %(time)s, which readers saw until it was taken down, goes "
                "live again at once (the public API, its caches and any webhook receivers: article.published)."
            )
            % {
                "version": approval.version,
                "who": approval.reviewer or approval.approved_by,
                "time": moment_text(approval.approved_at),
            },
            _(
                "It is checked again as a publish is: a paper it cites retracted since it was approved, a sponsored "
                "article that does not say who paid, and its reading level against the site's target today."
            ),
        ],
        _("Yes, publish it again"),
    )


def _rollback_checks(publication: Publication) -> list[str]:
    """What the rollback page says will be checked, and whether the version would pass today."""
    checked = _(
        "It is checked again as a publish is: a paper it cites retracted since it was approved, a sponsored "
        "article that does not say who paid, and its reading level against the site's target today."
    )
    overridden = publication.approval.overridden if publication.approval_id else []
    try:
        go_live_check(publication.document, overridden=overridden, site_settings=SiteSettings.load())
    except (StateConflict, ValidationError) as refusal:
        return [checked, _("As it stands it would be refused: %(reason)s") % {"reason": _messages_of(refusal)}]
    return [checked]


class TransitionForm(forms.Form):
    """What a lifecycle button posts with the page: the version shown, a comment, a go-live time."""

    shown_version = forms.IntegerField(
        error_messages={"required": _("The page did not say which version you saw: reload it and try again.")}
    )
    transition_comment = forms.CharField(required=False)
    live_from = forms.DateTimeField(
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        error_messages={"invalid": _("The go-live time is not a valid date and time.")},
    )
    # Typed in the site's time zone (TIME_ZONE), which the page names; its script shows the same moment in
    # the editor's own time beside the field.
    override_reason = forms.CharField(required=False)
    # The fingerprint of the document the page showed (on a page that offers Approve; see publishing.services.shown).
    shown_document = forms.CharField(required=False, max_length=64)
    next = forms.CharField(required=False)


def _lifetime_label(seconds: int) -> str:
    """ "1 hour", "7 days", "90 minutes": how long a preview link lasts, in the largest whole unit."""
    if seconds % 86400 == 0:
        return ngettext("%(count)d day", "%(count)d days", seconds // 86400) % {"count": seconds // 86400}
    if seconds % 3600 == 0:
        return ngettext("%(count)d hour", "%(count)d hours", seconds // 3600) % {"count": seconds // 3600}
    if seconds % 60 == 0:
        return ngettext("%(count)d minute", "%(count)d minutes", seconds // 60) % {"count": seconds // 60}
    return ngettext("%(count)d second", "%(count)d seconds", seconds) % {"count": seconds}


def _messages_of(error: Exception) -> str:
    return " ".join(getattr(error, "messages", [str(error)]))


class ArticlePageViews:
    """Mixed into ArticleAdmin: every view here calls a service and reports its outcome as a message."""

    def get_urls(self):
        custom = [
            path(
                "live-checks/",
                self.admin_site.admin_view(require_http_methods(["POST"])(self.live_checks_view)),
                name="articles_article_live_checks",
            ),
            path(
                "live-preview/",
                self.admin_site.admin_view(require_http_methods(["POST"])(self.new_live_preview_view)),
                name="articles_article_live_preview_new",
            ),
            path(
                "<path:object_id>/transition/<str:name>/",
                self.admin_site.admin_view(require_http_methods(["GET", "POST"])(self.transition_view)),
                name="articles_article_transition",
            ),
            path(
                "<path:object_id>/cancel-schedule/",
                self.admin_site.admin_view(require_http_methods(["GET", "POST"])(self.schedule_cancel_view)),
                name="articles_article_schedule_cancel",
            ),
            path(
                "<path:object_id>/publish-again/",
                self.admin_site.admin_view(require_http_methods(["GET", "POST"])(self.publish_again_view)),
                name="articles_article_publish_again",
            ),
            path(
                "<path:object_id>/rollback/<int:publication_id>/",
                self.admin_site.admin_view(require_http_methods(["GET", "POST"])(self.rollback_view)),
                name="articles_article_rollback",
            ),
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="articles_article_preview",
            ),
            path(
                "<path:object_id>/live-preview/",
                self.admin_site.admin_view(require_http_methods(["POST"])(self.live_preview_view)),
                name="articles_article_live_preview",
            ),
            path(
                "<path:object_id>/preview-links/",
                self.admin_site.admin_view(require_http_methods(["GET", "POST"])(self.preview_links_view)),
                name="articles_article_preview_links",
            ),
        ]
        return custom + super().get_urls()

    def _article_or_404(self, request, object_id) -> Article:
        article = self.get_object(request, unquote(object_id))
        if article is None or not self.has_view_permission(request, article):
            raise Http404(_("No such article."))
        return article

    def _back_to(self, article: Article, next_url: str | None = None) -> HttpResponseRedirect:
        """The article page, or the admin page the step was taken from (the home page's queues)."""
        if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts=None, require_https=False):
            return HttpResponseRedirect(next_url)
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))

    def _report(self, request, article: Article, step, success: str, name: str = "") -> None:
        """Run `step`; a role error is a 403, any other refusal a message on the article page."""
        try:
            step()
        except DutyConflict as error:
            self.message_user(request, str(error), messages.ERROR)
        except PermissionDenied:
            raise
        except StaleDocument as error:
            changes_url = reverse("admin:articles_article_since_shown", args=[article.pk, error.shown])
            self.message_user(
                request,
                format_html(
                    '{} <a href="{}" target="_blank" rel="noopener">{}</a>',
                    str(error),
                    changes_url,
                    _("See what changed"),
                ),
                messages.ERROR,
            )
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

    def _confirm(self, request, article: Article, *, title: str, consequences: list[str], button: str, **extra):
        """The page that says what a step will do, to what; only its POST (with `confirmed`) takes the step."""
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "original": article,
            "opts": self.opts,
            "consequences": consequences,
            "button": button,
            "shown_version": request.POST.get("shown_version") or article.version,
            "comment": request.POST.get("transition_comment", ""),
            **extra,
        }
        return TemplateResponse(request, "admin/articles/article/confirm_step.html", context)

    def transition_view(self, request, object_id, name):
        article = self._article_or_404(request, object_id)
        if name not in ArticleAction.values:
            raise Http404(_("No such step."))
        irreversible = CONFIRMED_STEPS.get(ArticleAction(name))
        if request.method == "GET" and irreversible is None:
            # A step that takes nothing from readers is a button (POST only). Its address opened again (a reload of
            # the unresolved comments' page, a bookmark) leads back to the article, where the button is.
            return self._back_to(article)
        if irreversible is not None and request.POST.get("confirmed") != "yes":
            title, consequences, button = irreversible(article)
            return self._confirm(request, article, title=title, consequences=consequences, button=button)
        unresolved = labelled(article, open_review_comments(article)) if name == ArticleAction.SUBMIT else []
        if unresolved and request.POST.get("confirmed") != "yes":
            # Listed before the article goes back to review: the author may still submit (and say why in the comment).
            return self._confirm(
                request,
                article,
                title=_("Submit “%(article)s” with review comments unresolved?") % {"article": article},
                consequences=[
                    ngettext(
                        "%(count)d review comment is not resolved yet (an answer does not resolve it): resolve it "
                        "once it is dealt with, or submit all the same and say why in the comment for the review "
                        "history.",
                        "%(count)d review comments are not resolved yet (an answer does not resolve them): resolve "
                        "each once it is dealt with, or submit all the same and say why in the comment for the "
                        "review history.",
                        len(unresolved),
                    )
                    % {"count": len(unresolved)}
                ],
                button=_("Submit for review all the same"),
                open_comments=unresolved,
            )
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
                shown_document=form.cleaned_data["shown_document"] or None,
            )

        label = ArticleAction(name).label
        done = _("“%(article)s”: %(done)s.") % {"article": article, "done": ACTION_DONE[name]}
        if name == ArticleAction.PUBLISH and form.cleaned_data["live_from"]:
            done = _("“%(article)s” is scheduled to go live at %(time)s.") % {
                "article": article,
                "time": moment_text(form.cleaned_data["live_from"]),
            }
        self._report(request, article, step, done, name=label)
        return self._back_to(article, request.POST.get("next"))

    def _header_step(self, request, article: Article, action: ArticleAction, service, confirmation):
        """A step of the page header: its confirmation page on GET, the service on a confirmed POST (a role that may
        not take it gets a 403 either way)."""
        if not may(TRANSITIONS[action], request.user):
            raise PermissionDenied
        if request.POST.get("confirmed") != "yes":
            title, consequences, button = confirmation()
            return self._confirm(request, article, title=title, consequences=consequences, button=button)
        form = TransitionForm(request.POST)
        if not form.is_valid():
            self.message_user(request, " ".join(m for errors in form.errors.values() for m in errors), messages.ERROR)
            return self._back_to(article)
        done = _("“%(article)s”: %(done)s.") % {"article": article, "done": ACTION_DONE[action]}
        self._report(
            request,
            article,
            lambda: service(article=article, user=request.user, comment=form.cleaned_data["transition_comment"],
                            expected_version=form.cleaned_data["shown_version"]),
            done,
            name=str(action.label),
        )  # fmt: skip
        return self._back_to(article)

    def schedule_cancel_view(self, request, object_id):
        article = self._article_or_404(request, object_id)
        line = article_status_line(article)
        if line.standing not in {Standing.SCHEDULED_FIRST, Standing.SCHEDULED_REPLACEMENT} and not request.POST:
            self.message_user(request, _("Nothing of “%(article)s” is scheduled to go live.") % {"article": article},
                              messages.ERROR)  # fmt: skip
            return self._back_to(article)
        return self._header_step(
            request, article, ArticleAction.CANCEL_SCHEDULE, article_schedule_cancel,
            lambda: _schedule_cancel(article, line),
        )  # fmt: skip

    def publish_again_view(self, request, object_id):
        article = self._article_or_404(request, object_id)
        again = publish_again_check(article)
        if (again is None or again.approval is None) and not request.POST:
            refusal = again.refusal if again is not None else _("Nothing to publish again: use Publish.")
            self.message_user(request, refusal, messages.ERROR)
            return self._back_to(article)
        return self._header_step(
            request, article, ArticleAction.REPUBLISH, article_publish_again,
            lambda: _publish_again(article, again.approval),
        )  # fmt: skip

    def live_checks_view(self, request):
        """Readability and the citation check of what the editor is typing (JSON in, JSON out)."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        return live_checks_response(request)

    def rollback_view(self, request, object_id, publication_id):
        article = self._article_or_404(request, object_id)
        publication = get_object_or_404(Publication, pk=publication_id, article=article)
        if request.POST.get("confirmed") != "yes":
            return self._confirm(
                request,
                article,
                title=_("Make the version of %(time)s live again?") % {"time": moment_text(publication.live_from)},
                consequences=[
                    _(
                        "“%(title)s” as it went live on %(time)s, published by %(who)s, replaces what readers see now, "
                        "at once (the public API, its caches and any webhook receivers)."
                    )
                    % {
                        "title": publication.title,
                        "time": moment_text(publication.live_from),
                        "who": publication.created_by or _("an import"),
                    },
                    _("The working copy and its review state do not change; the history keeps both versions."),
                    *_rollback_checks(publication),
                ],
                button=_("Yes, make it live again"),
                publication=publication,
            )
        self._report(
            request,
            article,
            lambda: article_rollback(article=article, publication=publication, user=request.user),
            _("The earlier version is live again."),
        )
        return self._back_to(article)

    def preview_view(self, request, object_id):
        """A link to the version saved now, for PREVIEW_TOKEN_DEFAULT_AGE seconds (the page below offers others)."""
        article = self._article_or_404(request, object_id)
        return HttpResponseRedirect(preview_url(request, preview_token_make(article)))

    def live_preview_view(self, request, object_id):
        """The preview of what the page holds, unsaved (JSON in, the preview page out), for whoever may see it."""
        article = self._article_or_404(request, object_id)
        prefetch_related_objects([article], *content_prefetches())
        return live_preview_response(request, article)

    def new_live_preview_view(self, request):
        """The add page's live preview, for whoever may write articles."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        return live_preview_response(request, new_article(site_settings_of(request).language))

    def preview_links_view(self, request, object_id):
        """Make a link to share, for a lifetime of the editor's choice, or revoke every link made so far."""
        article = self._article_or_404(request, object_id)
        may_revoke = may_revoke_preview_links(request.user)
        choices = preview_lifetime_choices()
        link = None
        if request.method == "POST" and "revoke" in request.POST:
            preview_links_revoke(article=article, user=request.user)
            self.message_user(
                request,
                _("Every preview link of “%(article)s” made until now is revoked: it shows a page saying so. "
                  "Links made from now on open as usual.") % {"article": article},
                messages.SUCCESS,
            )  # fmt: skip
            return self._back_to(article)
        if request.method == "POST":
            lifetime = request.POST.get("lifetime", "")
            if not lifetime.isdigit() or int(lifetime) not in choices:
                self.message_user(request, _("Choose how long the link should last."), messages.ERROR)
                return HttpResponseRedirect(request.path)
            token = preview_token_make(article, int(lifetime))
            link = {"url": preview_url(request, token), "lifetime_label": _lifetime_label(int(lifetime))}
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": article,
            "title": _("Preview links of “%(article)s”") % {"article": article},
            "link": link,
            "lifetimes": [(seconds, _lifetime_label(seconds)) for seconds in choices],
            "default_lifetime": preview_lifetime(),
            "may_revoke": may_revoke,
            "revoked": PreviewLinks.objects.filter(article=article, revoked_at__isnull=False)
            .select_related("revoked_by")
            .first(),
        }
        return TemplateResponse(request, "admin/articles/article/preview_links.html", context)

    # Pages under the article: restoring a version here, its comparisons in `newsroom.admin.comparisons`.

    def _version_page(self, request, article: Article, template: str, title: str, **context):
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "original": article,
                   "title": title, "site_time_zone": timezone.get_current_timezone_name(), **context}  # fmt: skip
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
