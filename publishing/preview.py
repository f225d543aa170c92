"""Signed, expiring preview links to an article's working copy, and the document they show."""

from django.conf import settings
from django.core import signing

from articles.models import Article
from publishing.serializers import ArticleDetailSerializer

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
    """The working copy a token grants, with every part the document reads; raises PreviewExpired, or
    PreviewInvalid also when the article was deleted since."""
    article = Article.objects.with_content().filter(pk=preview_article_id(token)).first()
    if article is None:
        raise PreviewInvalid
    return article


def preview_document(article: Article, request) -> dict:
    """The working copy as the public detail document, as the JSON preview serves it."""
    return ArticleDetailSerializer(article, context={"request": request}).data


def preview_url(token: str, api_url: str) -> str:
    """Where the admin's Preview link goes: the frontend's preview page if configured, else the API."""
    template = settings.PREVIEW_URL_TEMPLATE
    if not template:
        return api_url
    return template.replace("{token}", token).replace("{api_url}", api_url)
