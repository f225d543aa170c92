"""Every article (working copy, state, review history and comments, approvals, publications), reference, topic and
contributor as one JSON document, written through the management API's own serializers."""

import base64
import datetime
import uuid
from decimal import Decimal
from typing import cast

from django.db.models import Field, Model, Prefetch

from articles.models import Article, ArticleTransition, Contributor, Topic
from manage_api.serializers.articles import ArticleOut
from manage_api.serializers.taxonomy import ContributorIO, TopicIO
from media.models import Image, Rendition
from publishing.models import (
    Approval,
    Publication,
    PublishedFAQ,
    PublishedRecord,
    PublishedReference,
    ReviewComment,
    ReviewCommentReply,
)
from publishing.services.freezing import api_datetime
from publishing.services.live_set import public_state_current
from references.models import Reference
from references.services import REFERENCE_FIELDS

FORMAT = "medical-articles-cms/1"

HISTORY_FIELDS = ("actor", "action", "from_status", "to_status", "comment", "created_at", "scheduled_for")
APPROVAL_FIELDS = (
    "id", "version", "document", "content_hash", "search_text", "topic_ids", "author_ids", "conditions", "records",
    "reviewer",
    "next_review_due", "approved_by", "approved_at", "reading_grade", "overridden", "override_reason",
)  # fmt: skip
# Written since the reviewer's reasons were exported; an older export imports without them (the model's defaults).
APPROVAL_FIELDS_SINCE = {"reading_grade", "overridden", "override_reason"}
APPROVAL_IMAGES = "images"  # the library images its document shows: written since images, set once it is saved
# An image: its record's own fields, then its files (the original, private; each rendition, named by its bytes).
IMAGE_FIELDS = tuple(field.name for field in Image._meta.concrete_fields if field.name not in ("file", "uploaded_by"))
RENDITION_FIELDS = tuple(
    field.name for field in Rendition._meta.concrete_fields if field.name not in ("id", "image", "file")
)
PUBLICATION_FIELDS = (
    "id", "slug", "language", "translation_key", "source_article", "source_version", "version", "title",
    "search_text", "topics", "authors", "reviewer", "approval", "first_published_at",
    "live_from", "withdrawn_at", "went_live_at", "next_review_due", "document", "list_item", "jsonld", "etag",
    "created_at", "created_by",
)  # fmt: skip
PUBLISHED_FAQ_FIELDS = ("id", "faq_id", "position", "question", "answer_markdown", "answer_html", "search_text")
PUBLISHED_REFERENCE_FIELDS = ("id", "reference_id", "number", "title", "doi", "pmid", "data")
PUBLISHED_RECORD_FIELDS = ("id", "kind", "record_id", "slug", "name", "data")
REVIEW_COMMENT_FIELDS = (
    "id",
    "version",
    "anchor",
    "quote",
    "author",
    "body",
    "created_at",
    "resolved_at",
    "resolved_by",
)
REPLY_FIELDS = ("id", "author", "body", "created_at")
USER_FIELDS = {"actor", "approved_by", "created_by", "user", "uploaded_by", "author", "resolved_by"}


def value(obj: Model, name: str):
    """One field as JSON: users by username, rows by id, many-to-many as sorted ids, times as the API writes them."""
    field = cast(Field, obj._meta.get_field(name))  # a field of the model's own, not a reverse relation
    if field.many_to_many:
        return sorted(related.pk for related in getattr(obj, name).all())
    if name in USER_FIELDS:
        user = getattr(obj, name)
        return user.get_username() if user else None
    if field.is_relation:
        return getattr(obj, field.attname)
    raw = getattr(obj, name)
    if isinstance(raw, datetime.datetime):
        return api_datetime(raw)
    if isinstance(raw, datetime.date):
        return raw.isoformat()
    if isinstance(raw, Decimal | uuid.UUID):
        return str(raw)
    return raw


def row(obj: Model, fields) -> dict:
    return {name: value(obj, name) for name in fields}


def article_export(article: Article) -> dict:
    return {
        **ArticleOut(article).data,
        "history": [row(entry, HISTORY_FIELDS) for entry in article.transitions.all()],
        # The review's comments and their replies (never part of a document).
        "review_comments": [
            {
                **row(comment, REVIEW_COMMENT_FIELDS),
                "replies": [row(reply, REPLY_FIELDS) for reply in comment.replies.all()],
            }
            for comment in article.review_comments.all()
        ],
        "approvals": [row(approval, (*APPROVAL_FIELDS, APPROVAL_IMAGES)) for approval in article.approvals.all()],
        "publications": [
            {
                **row(publication, PUBLICATION_FIELDS),
                "faqs": [row(faq, PUBLISHED_FAQ_FIELDS) for faq in publication.faqs.all()],
                "references": [row(ref, PUBLISHED_REFERENCE_FIELDS) for ref in publication.references.all()],
                "records": [row(record, PUBLISHED_RECORD_FIELDS) for record in publication.records.all()],
            }
            for publication in article.publications.all()
        ],
    }


def file_content(field_file) -> str:
    """A stored file's bytes, base64: an export restores the media library whole, its files with it."""
    with field_file.open("rb") as opened:
        return base64.b64encode(opened.read()).decode("ascii")


def image_export(image: Image) -> dict:
    return {
        **row(image, IMAGE_FIELDS),
        "uploaded_by": value(image, "uploaded_by"),
        "file": {"name": image.file.name, "content": file_content(image.file)},
        "renditions": [
            {
                **row(rendition, RENDITION_FIELDS),
                "file": {"name": rendition.file.name, "content": file_content(rendition.file)},
            }
            for rendition in image.renditions.all()
        ],
    }


def content_export() -> dict:
    publications = (
        Publication.objects.select_related("created_by")
        .prefetch_related(
            "topics",
            "authors",
            Prefetch("faqs", queryset=PublishedFAQ.objects.order_by("pk")),
            Prefetch("references", queryset=PublishedReference.objects.order_by("pk")),
            Prefetch("records", queryset=PublishedRecord.objects.order_by("pk")),
        )
        .order_by("pk")
    )
    articles = Article.objects.with_content().prefetch_related(
        Prefetch("transitions", queryset=ArticleTransition.objects.select_related("actor").order_by("pk")),
        Prefetch(
            "approvals",
            queryset=Approval.objects.select_related("approved_by").prefetch_related("images").order_by("pk"),
        ),
        Prefetch(
            "review_comments",
            queryset=ReviewComment.objects.select_related("author", "resolved_by")
            .prefetch_related(Prefetch("replies", ReviewCommentReply.objects.select_related("author").order_by("pk")))
            .order_by("pk"),
        ),
        Prefetch("publications", queryset=publications),
    )
    content = {
        "topics": [TopicIO(topic).data for topic in Topic.objects.order_by("pk")],
        "contributors": [
            {**ContributorIO(person).data, "user": value(person, "user")}
            for person in Contributor.objects.select_related("user").order_by("pk")
        ],
        "references": [
            row(reference, ("id", "version", *REFERENCE_FIELDS)) for reference in Reference.objects.order_by("pk")
        ],
        "images": [
            image_export(image)
            for image in Image.objects.select_related("uploaded_by").with_renditions().order_by("pk")
        ],
        "articles": [article_export(article) for article in articles.order_by("pk")],
    }
    # Read after the rows: a step that publishes while they are read then dates the export later than what it
    # holds (clients fetch again), never earlier (clients would keep what they had).
    state = public_state_current()
    return {
        "format": FORMAT,
        # What the public API gives as Last-Modified, restored as it is: the publications' own times only say
        # it to within the few microseconds between a step reading the clock and its rows being written.
        "live_set_changed_at": api_datetime(state.changed_at) if state else None,
        **content,
    }
