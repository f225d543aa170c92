"""Ordinary Python written against the client that openapi-python-client generates from the API's OpenAPI schema.

It is never run: check.sh only type-checks it (mypy --strict), to prove that strict code compiles against the
contract. Rules for editing this file: no `Any`, no ignore comments, no casts; they would hide exactly the schema
problems this check exists to find (a public operation that asks for a login, a field that a live article always
has typed as possibly null, a page number typed as text).

`assert_type` lines at the end are the contract at the type level: mypy fails when a generated type drifts.
"""

import datetime
import io
from dataclasses import dataclass
from typing import assert_type

from cms_api_client import AuthenticatedClient, Client
from cms_api_client.api.v1 import (
    v1_articles_list,
    v1_articles_retrieve,
    v1_manage_articles_comments_create,
    v1_manage_articles_comments_retrieve,
    v1_manage_articles_list,
    v1_manage_articles_partial_update,
    v1_manage_articles_transitions_create,
    v1_manage_images_create,
    v1_preview_retrieve,
)
from cms_api_client.models import (
    ArticleDetail,
    ArticleListItem,
    ArticleOut,
    ArticlePreview,
    Conflict,
    ContributorSummary,
    Error,
    FieldErrors,
    ImageFormatEnum,
    ImageOut,
    ImageUploadRequest,
    PaginatedArticleListItemList,
    PatchedArticleInRequest,
    ReviewCommentInRequest,
    ReviewCommentListOut,
    ReviewCommentOut,
    StaleVersion,
    StatusEnum,
    TransitionInRequestType2,
    V1ManageArticlesListStatus,
)
from cms_api_client.types import File

API_ROOT = "https://cms.example.org"


def public_client() -> Client:
    """The public API needs no credentials: a plain client, no token."""
    return Client(base_url=API_ROOT, raise_on_unexpected_status=True)


# ---------------------------------------------------------------------------------------------------------------
# Public API: the article list, page by page.


def articles_of_topic(client: Client, topic: str, page_size: int = 100) -> list[ArticleListItem]:
    """Every live article of a topic: pages are numbered from 1."""
    items: list[ArticleListItem] = []
    page = 1
    while True:
        result = v1_articles_list.sync(client=client, topic=topic, page=page, page_size=page_size)
        if isinstance(result, FieldErrors):
            raise ValueError(f"Refused: {', '.join(result.additional_properties)}")
        if not isinstance(result, PaginatedArticleListItemList):
            raise RuntimeError(f"Article list failed on page {page}")
        items.extend(result.results)
        if result.next_ is None:
            return items
        page += 1


@dataclass(frozen=True)
class Card:
    href: str
    title: str
    published: str
    reviewed: str


def card(item: ArticleListItem) -> Card:
    return Card(
        href=f"/articles/{item.slug}",
        title=item.title.strip(),
        published=item.published_at.strftime("%d %B %Y"),
        reviewed=f"Reviewed {item.last_reviewed_at:%d %B %Y}",
    )


# ---------------------------------------------------------------------------------------------------------------
# Public API: one article. A live article was reviewed and published: no None checks for those fields.


@dataclass(frozen=True)
class ArticlePage:
    headline: str
    byline: str
    reviewer: str
    published: datetime.date
    next_review: datetime.date
    review_overdue: bool
    sections: list[str]


def reviewer_line(reviewer: ContributorSummary) -> str:
    credentials = reviewer.credentials.strip()
    return f"Reviewed by {reviewer.name}, {credentials}" if credentials else f"Reviewed by {reviewer.name}"


def article_page(article: ArticleDetail, today: datetime.date) -> ArticlePage:
    return ArticlePage(
        headline=article.title.strip(),
        byline=", ".join(author.name for author in article.authors),
        reviewer=reviewer_line(article.medical_reviewer),
        published=article.published_at.date(),
        next_review=article.next_review_due,
        review_overdue=article.next_review_due < today,
        sections=[section.heading for section in article.sections],
    )


def read_article(client: Client, slug: str) -> ArticlePage | None:
    result = v1_articles_retrieve.sync(slug, client=client)
    if isinstance(result, ArticleDetail):
        return article_page(result, datetime.date.today())
    if isinstance(result, Error):  # 404: no live article has this slug
        return None
    raise RuntimeError(f"Could not read {slug}")


def newest_article(client: Client) -> ArticlePage | None:
    first = v1_articles_list.sync(client=client, page=1, page_size=1)
    if not isinstance(first, PaginatedArticleListItemList) or not first.results:
        return None
    return read_article(client, first.results[0].slug)


# ---------------------------------------------------------------------------------------------------------------
# A preview link: the same format, but a working copy never approved or published lacks those fields.


def preview_banner(client: Client, token: str) -> str:
    preview = v1_preview_retrieve.sync(token, client=client)
    if not isinstance(preview, ArticlePreview):
        return "This preview link is not valid any more"
    published = "not published yet" if preview.published_at is None else f"published {preview.published_at:%d %B %Y}"
    reviewer = preview.medical_reviewer
    reviewed = "not yet medically reviewed" if reviewer is None else reviewer_line(reviewer)
    return f"Preview of “{preview.title}”: {published}; {reviewed}"


# ---------------------------------------------------------------------------------------------------------------
# Management API: a token, and If-Match on every change.


def management_client(token: str) -> AuthenticatedClient:
    return AuthenticatedClient(base_url=API_ROOT, token=token, prefix="Token")


def drafts(client: AuthenticatedClient) -> list[str]:
    result = v1_manage_articles_list.sync(client=client, status=V1ManageArticlesListStatus.DRAFT, page=1)
    if result is None or isinstance(result, Error | FieldErrors):
        return []
    return [f"{article.title} (v{article.version})" for article in result.results]


def retitle(client: AuthenticatedClient, article: ArticleOut, title: str) -> str:
    result = v1_manage_articles_partial_update.sync(
        article.slug, client=client, body=PatchedArticleInRequest(title=title), if_match=f'"{article.version}"'
    )
    if isinstance(result, ArticleOut):
        return f"Saved version {result.version}"
    if isinstance(result, StaleVersion):
        return f"Someone saved meanwhile: {result.detail}"
    if isinstance(result, FieldErrors):
        return f"Refused: {', '.join(result.additional_properties)}"
    return "Not saved"


def publish_again(client: AuthenticatedClient, article: ArticleOut) -> str:
    """Put an unpublished article live again as readers last saw it (the admin's "Publish again"); a 409 says why
    it cannot go back as it was (edited since: it needs a new review)."""
    result = v1_manage_articles_transitions_create.sync(
        article.slug, client=client, body=TransitionInRequestType2(action="republish"), if_match=f'"{article.version}"'
    )
    if isinstance(result, ArticleOut):
        return "Live again" if result.status == StatusEnum.PUBLISHED else f"Now {result.status}"
    if isinstance(result, Conflict | StaleVersion | Error):
        return f"Not published again: {result.detail}"
    return "Not published again"


def open_review_comments(client: AuthenticatedClient, slug: str) -> list[str]:
    """The review comments nobody resolved yet, as an author reads them before submitting again."""
    result = v1_manage_articles_comments_retrieve.sync(slug, client=client)
    if not isinstance(result, ReviewCommentListOut):
        return []
    return [f"{comment.field_label}: {comment.body}" for comment in result.results if not comment.resolved]


def comment_on_summary(client: AuthenticatedClient, slug: str, quote: str, body: str) -> str:
    """A reviewer's comment on a passage of the summary; a refusal names the field (anchor, quote, body)."""
    result = v1_manage_articles_comments_create.sync(
        slug, client=client, body=ReviewCommentInRequest(anchor="summary", quote=quote, body=body)
    )
    if isinstance(result, ReviewCommentOut):
        return f"Comment {result.id} on version {result.version}"
    if isinstance(result, FieldErrors):
        return f"Refused: {', '.join(result.additional_properties)}"
    return "Not added"


def upload_chart(client: AuthenticatedClient, png: bytes) -> str:
    """A multipart upload: the file and its alt text; a refusal names the field (400) or the limit (413)."""
    result = v1_manage_images_create.sync(
        client=client,
        body=ImageUploadRequest(
            file=File(payload=io.BytesIO(png), file_name="chart.png", mime_type="image/png"),
            alt_text="A bar chart: vitamin D levels fall from September to March",
        ),
    )
    if isinstance(result, ImageOut):
        return f"Image {result.id}, {result.width} × {result.height}, focal point {result.focal_point.x:.2f}"
    if isinstance(result, FieldErrors):
        return f"Refused: {', '.join(result.additional_properties)}"
    if isinstance(result, Error):
        return result.detail
    return "Not uploaded"


def srcset(image: ImageOut, format: str) -> str:
    """An image's `srcset` in one format from its renditions (absolute, immutable URLs, narrowest first)."""
    chosen = [rendition for rendition in image.renditions if rendition.format_ == format]
    return ", ".join(f"{rendition.url} {rendition.width}w" for rendition in chosen)


# ---------------------------------------------------------------------------------------------------------------
# The contract at the type level.


def comment_checks(comments: ReviewCommentListOut, comment: ReviewCommentOut) -> None:
    assert_type(comments.open_, int)
    assert_type(comment.resolved_by, str | None)
    assert_type(comment.resolved_at, datetime.datetime | None)
    assert_type(comment.version, int)


def contract_checks(item: ArticleListItem, article: ArticleDetail, preview: ArticlePreview, image: ImageOut) -> None:
    assert_type(image.format_, ImageFormatEnum)
    assert_type(image.focal_point.x, float)
    assert_type(image.content_hash, str)
    assert_type(item.published_at, datetime.datetime)
    assert_type(item.last_reviewed_at, datetime.datetime)
    assert_type(article.published_at, datetime.datetime)
    assert_type(article.medical_reviewer, ContributorSummary)
    assert_type(article.next_review_due, datetime.date)
    assert_type(article.last_reviewed_at, datetime.datetime)
    assert_type(preview.published_at, datetime.datetime | None)
    assert_type(preview.medical_reviewer, ContributorSummary | None)
    assert_type(preview.next_review_due, datetime.date | None)
