"""Signed, expiring preview links to an article's working copy, and the document they show."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from articles.models import Article, ArticleStatus
from core.models import SiteSettings
from publishing.selectors import articles_with_live_state
from publishing.serializers import ArticlePreviewSerializer
from publishing.services.shown import DOCUMENT_FINGERPRINT, candidate_shown

SALT = "articles.preview"  # kept from before the publishing app, so issued links stay valid


class PreviewExpired(Exception):
    pass


class PreviewInvalid(Exception):
    pass


def preview_token_make(article: Article) -> str:
    return signing.dumps({"article": article.pk}, salt=SALT, compress=True)


def preview_article_id(token: str) -> int:
    """The article a token grants a preview of; raises PreviewExpired or PreviewInvalid."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=settings.PREVIEW_TOKEN_MAX_AGE)
    except signing.SignatureExpired as error:
        raise PreviewExpired from error
    except signing.BadSignature as error:
        raise PreviewInvalid from error
    if not isinstance(payload, dict) or not isinstance(payload.get("article"), int):
        raise PreviewInvalid
    return payload["article"]


def preview_article(token: str) -> Article:
    """The working copy a token grants, with every part the document reads and `is_live` (for the preview
    page's banner, in the same query); raises PreviewExpired, or PreviewInvalid also when the article was
    deleted since."""
    articles = articles_with_live_state(Article.objects.with_content())
    article = articles.filter(pk=preview_article_id(token)).first()
    if article is None:
        raise PreviewInvalid
    return article


def preview_document(article: Article, request, site_settings: SiteSettings | None = None) -> dict:
    """The working copy as the public detail document: what the JSON preview serves and the preview page shows.

    A caller that has the site settings already passes them, so they are read once.
    """
    return ArticlePreviewSerializer(article, context={"request": request, "site_settings": site_settings}).data


def preview_api_url(request, token: str) -> str:
    return request.build_absolute_uri(reverse("public:article-preview", args=[token]))


def preview_page_url(request, token: str) -> str:
    return request.build_absolute_uri(reverse("preview-page", args=[token]))


def preview_url(request, token: str) -> str:
    """Where a Preview link goes: the frontend's preview page if configured, else this server's own page."""
    template = settings.PREVIEW_URL_TEMPLATE
    if not template:
        return preview_page_url(request, token)
    return template.replace("{token}", token).replace("{api_url}", preview_api_url(request, token))


def preview_headers(article: Article, site_settings: SiteSettings | None = None) -> dict[str, str]:
    """In review, the fingerprint of the document an approval would freeze (see `publishing.services.shown`): a
    reviewer who reads the preview approves with it."""
    if article.status != ArticleStatus.IN_REVIEW:
        return {}
    return {DOCUMENT_FINGERPRINT: candidate_shown(article=article, site_settings=site_settings)}
