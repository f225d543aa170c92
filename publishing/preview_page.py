"""The preview page: the working copy as a reader would see it, for the same signed, expiring token as
the JSON preview, rendered from the very document that the JSON preview serves (never from the models), and
refused for the same reasons (see `publishing.preview`)."""

from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from articles.models import ArticleStatus
from core.models import SiteSettings
from publishing.preview import (
    PreviewExpired,
    PreviewRefused,
    PreviewRevoked,
    PreviewSuperseded,
    preview_api_url,
    preview_article,
    preview_document,
    preview_headers,
)


def _refusal_words(refused: PreviewRefused) -> tuple[str, str]:
    """The page's title and explanation for a link that shows nothing."""
    if isinstance(refused, PreviewExpired):
        return _("This preview link has expired"), _(
            "Open the article in the admin and click Preview again for a new link."
        )
    if isinstance(refused, PreviewRevoked):
        return _("This preview link has been revoked"), _(
            "The editors withdrew the links to this article made until then. Ask them for a new link, or make one "
            "in the admin."
        )
    if isinstance(refused, PreviewSuperseded):
        return _("This preview link is for an earlier version"), _(
            "The link shows version %(version)s of the article; it has been edited since and is at version "
            "%(current)s. Ask for a new link, or click Preview again in the admin."
        ) % {"version": refused.version, "current": refused.current_version}
    return _("No preview matches this link"), _(
        "The link may be cut short or changed. Copy it again, or make a new one in the admin."
    )


@require_safe
def preview_page(request, token: str):
    site_settings = SiteSettings.load()
    try:
        article = preview_article(token)
    except PreviewRefused as refused:
        title, explanation = _refusal_words(refused)
        return _refusal(request, site_settings, refused.status, title, explanation)
    context = {
        "article": preview_document(article, request, site_settings),
        # The banner's facts about the working copy itself: the document is what readers would get.
        "status": article.get_status_display(),
        "is_live": article.is_live,
        "live_with_changes": article.is_live and article.status != ArticleStatus.PUBLISHED,
        "version": article.version,  # the one the link is bound to
        "json_url": preview_api_url(request, token),
        "site_settings": site_settings,
    }
    response = TemplateResponse(request, "publishing/preview/article.html", context)
    for name, value in preview_headers(article, site_settings).items():
        response.headers[name] = value
    return _private(response)


def _refusal(request, site_settings: SiteSettings, status: int, title: str, explanation: str) -> TemplateResponse:
    context = {"title": title, "explanation": explanation, "site_settings": site_settings}
    return _private(TemplateResponse(request, "publishing/preview/refused.html", context, status=status))


def _private(response: TemplateResponse) -> TemplateResponse:
    """The token is the only credential: nothing may be kept by a cache or a search engine."""
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response
