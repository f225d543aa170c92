"""The bulk steps of the article list, for publishers: publish or unpublish the chosen articles, after a page
that says what will happen to which, each at the version that page showed."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.models import ArticleAction
from core.exceptions import StaleVersion
from publishing.selectors import articles_with_live_state
from publishing.services.editorial_steps import article_transition

# Articles one bulk step may take (its confirmation page repeats their ids in its form).
BULK_LIMIT = 500


class ArticleBulkSteps:
    """Mixed into ArticleAdmin, which lists the actions."""

    def has_publish_permission(self, request) -> bool:
        return request.user.has_perm("articles.publish_article")

    @admin.action(description=gettext_lazy("Publish selected approved articles…"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        if request.POST.get("confirmed") != "yes":
            return self._confirm_bulk(
                request,
                queryset,
                "publish_selected",
                _("Publish these articles now?"),
                _(
                    "Each approved one goes live at once, exactly as its medical reviewer approved it; the others are "
                    "left as they are, with a message saying why."
                ),
                _("Yes, publish them"),
            )
        self._run_on_each(request, queryset, ArticleAction.PUBLISH)

    @admin.action(description=gettext_lazy("Unpublish selected articles…"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        if request.POST.get("confirmed") != "yes":
            return self._confirm_bulk(
                request,
                queryset,
                "unpublish_selected",
                _("Unpublish these articles?"),
                _("Readers stop seeing each of them at once (and any scheduled version); nothing is deleted."),
                _("Yes, unpublish them"),
            )
        self._run_on_each(request, queryset, ArticleAction.UNPUBLISH)

    def _confirm_bulk(self, request, queryset, action: str, title: str, consequence: str, button: str):
        """What a bulk step will do, to which articles; the POST from this page (with `confirmed`) takes it.
        The page repeats each id (and, in one field, the version it shows), so it takes at most BULK_LIMIT
        (Django refuses posts of 1,000 fields)."""
        if queryset.count() > BULK_LIMIT:
            self.message_user(
                request,
                _("Choose at most %(limit)s articles for one bulk step.") % {"limit": BULK_LIMIT},
                messages.ERROR,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.opts,
            "articles": articles_with_live_state(queryset).order_by("title"),
            "action": action,
            "consequence": consequence,
            "button": button,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/articles/article/confirm_bulk.html", context)

    def _run_on_each(self, request, queryset, action: ArticleAction) -> None:
        """Take the step on each article at the version its confirmation page showed: one changed since (edited,
        re-approved with other text) is left as it is, with a message, since nobody confirmed that version."""
        shown = dict(pair.partition(":")[::2] for pair in request.POST.get("shown_versions", "").split())
        done = 0
        for article in queryset:
            version = shown.get(str(article.pk), "")
            try:
                if not version.isdecimal():
                    raise StaleVersion(_("it was not on the confirmation page; choose it again."), current=None)
                article_transition(action, article=article, user=request.user, expected_version=int(version))
                done += 1
            except StaleVersion as stale:
                self.message_user(
                    request,
                    _("“%(article)s” was left as it is: %(reason)s") % {"article": article, "reason": stale},
                    messages.ERROR,
                )
            except (ValidationError, PermissionDenied) as error:
                reason = " ".join(getattr(error, "messages", [str(error)]))
                self.message_user(request, f"“{article}”: {reason}", messages.ERROR)
        if done:
            self.message_user(request, _("Done for %(count)s article(s).") % {"count": done}, messages.SUCCESS)
