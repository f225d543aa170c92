"""Rendering an article's working copy into the document the public will see, and fingerprinting it."""

import json

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from rest_framework.fields import DateTimeField

from articles import prose
from articles.citations import citation_report
from articles.models import Article
from core.fingerprint import json_fingerprint
from publishing.models import Approval
from publishing.serializers import (
    ArticleDetailSerializer,
    ArticleListItemSerializer,
    ContributorRecordSerializer,
    TopicRecordSerializer,
)

# Facts of the publication rather than of the content: filled in when a document goes live.
PUBLICATION_FIELDS = ("published_at", "updated_at")
# Facts the approval itself sets: a reviewer's page cannot show them before the reviewer approves.
REVIEW_FIELDS = ("medical_reviewer", "last_reviewed_at", "next_review_due")


def as_json(data) -> dict:
    # DRF returns ReturnDict/OrderedDict with lazy values; store plain JSON.
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def api_datetime(value) -> str:
    """A date-time as the API writes it (ISO 8601, UTC as Z)."""
    return DateTimeField().to_representation(value)


def document_hash(document: dict) -> str:
    """SHA-256 of the document's content, whatever its publication times."""
    content = {name: value for name, value in document.items() if name not in PUBLICATION_FIELDS}
    return json_fingerprint(content)


def list_item(document: dict) -> dict:
    return {name: document[name] for name in ArticleListItemSerializer.Meta.fields if name != "url"}


def article_document(article: Article, site_settings) -> dict:
    """The working copy (fetched `with_content()`) as the public document, without a publication's times."""
    context = {"published_at": None, "updated_at": None, "site_settings": site_settings}
    document = as_json(ArticleDetailSerializer(article, context=context).data)
    document.pop("url")
    return document


def article_freeze(article: Article, site_settings) -> Approval:
    """The working copy (fetched `with_content()`) rendered through the public detail serializer, as an
    unsaved Approval: the document, its hash, and what a publication needs to be filtered and linked.

    Refused (ValidationError) while a citation marker points at no citation.
    """
    problems = citation_report(article).problems
    if problems:
        raise ValidationError(problems)
    return article_candidate(article, site_settings)


def article_candidate(article: Article, site_settings) -> Approval:
    """`article_freeze` without the citation check: what approving would freeze, as a reviewer's page shows it."""
    document = article_document(article, site_settings)
    topics = prose.parts(article, "topics")
    people = {person.pk: person for person in [*prose.parts(article, "authors"), article.medical_reviewer] if person}
    records = {
        "topic": [as_json(TopicRecordSerializer(topic).data) for topic in topics],
        "contributor": [as_json(ContributorRecordSerializer(person).data) for person in people.values()],
    }
    return Approval(
        article=article,
        version=article.version,
        document=document,
        content_hash=document_hash(document),
        search_text=prose.search_text(article),
        topic_ids=[topic.pk for topic in topics],
        author_ids=[author.pk for author in prose.parts(article, "authors")],
        conditions=[topic.name_in(article.language) for topic in topics if topic.is_condition],
        records=records,
        reviewer=article.medical_reviewer,
        next_review_due=article.next_review_due,
    )


def approval_images_record(approval: Approval) -> None:
    """Once `approval` is saved: the library images its document shows."""
    document = approval.document
    ids = {image["id"] for image in [document.get("hero_image"), *document.get("figures", [])] if image}
    if ids:
        approval.images.set(ids)


def candidate_content(approval: Approval) -> dict:
    """What a reviewer reads and approves of a candidate: the document and the records of its topics and authors,
    without what the approval sets (the reviewer, the review's dates) or what going live adds."""
    left_out = {*PUBLICATION_FIELDS, *REVIEW_FIELDS}
    authors = set(approval.author_ids)
    return {
        "document": {name: value for name, value in approval.document.items() if name not in left_out},
        "records": {
            "topic": approval.records["topic"],
            "contributor": [person for person in approval.records["contributor"] if person["id"] in authors],
        },
    }
