"""State changes of articles. Views, the admin and commands call these; nothing else writes publications."""

import hashlib
import json
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from articles.models import Article, ArticleStatus, Publication
from articles.serializers import ArticleDetailSerializer, ArticleListItemSerializer
from core.markdown import plain_text
from faq.models import PublishedFAQ
from references.models import PublishedReference


class PublishError(ValidationError):
    """The article cannot be published as it is; the message says why, for the editor."""


def _as_json(data) -> dict:
    # DRF returns ReturnDict/OrderedDict with lazy values; store plain JSON.
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def _search_text(article: Article) -> str:
    words = [article.title, article.subtitle, article.summary]
    words += [f"{point.title} {point.text}" for point in article.key_points.all()]
    words += [f"{section.heading} {plain_text(section.body)}" for section in article.sections.all()]
    return " ".join(words).lower()


def _check_slug_is_free(article: Article, now: datetime) -> None:
    taken = Publication.objects.live(now).filter(slug=article.slug).exclude(article=article)
    holder = taken.values_list("title", flat=True).first()
    if holder is not None:
        raise PublishError(
            f"The address “{article.slug}” is used by the live article “{holder}”. "
            "Change this article's slug before publishing."
        )


@transaction.atomic
def article_publish(*, article: Article, user=None, live_from: datetime | None = None) -> Publication:
    """Freeze the working copy into a new publication, live now or from `live_from`.

    The previous publication stays live until the new one's time comes, and
    stays stored after that, so that it can be re-published.
    """
    now = timezone.now()
    live_from = live_from or now
    Article.objects.select_for_update().only("pk").get(pk=article.pk)  # one publish at a time
    article = Article.objects.with_content().get(pk=article.pk)
    _check_slug_is_free(article, now)

    first_published_at = article.published_at or live_from
    times = {"published_at": first_published_at, "updated_at": live_from}
    document = _as_json(ArticleDetailSerializer(article, context=times).data)
    list_item = {name: document[name] for name in ArticleListItemSerializer.Meta.fields}
    etag = hashlib.sha256(json.dumps(document, sort_keys=True).encode()).hexdigest()

    publication = Publication.objects.create(
        article=article,
        slug=article.slug,
        title=article.title,
        search_text=_search_text(article),
        reviewer=article.medical_reviewer,
        first_published_at=first_published_at,
        live_from=live_from,
        document=document,
        list_item=list_item,
        etag=etag,
        created_by=user,
    )
    publication.topics.set(article.topics.all())
    PublishedFAQ.objects.bulk_create(
        PublishedFAQ(
            publication=publication,
            faq_id=faq["id"],
            position=faq["position"],
            question=faq["question"],
            answer_markdown=faq["answer_markdown"],
            answer_html=faq["answer_html"],
            search_text=f"{faq['question']} {plain_text(faq['answer_markdown'])}".lower(),
        )
        for faq in document["faqs"]
    )
    PublishedReference.objects.bulk_create(
        PublishedReference(
            publication=publication,
            reference_id=entry["id"],
            number=entry["number"],
            title=entry["title"],
            doi=entry["doi"],
            pmid=entry["pmid"],
            data={name: value for name, value in entry.items() if name != "number"},
        )
        for entry in document["references"]
    )

    Article.objects.filter(pk=article.pk).update(status=ArticleStatus.PUBLISHED, published_at=first_published_at)
    return publication


@transaction.atomic
def article_unpublish(*, article: Article, user=None) -> int:
    """Withdraw every publication of the article, scheduled ones included; returns how many."""
    withdrawn = Publication.objects.filter(article=article, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now()
    )
    Article.objects.filter(pk=article.pk).update(status=ArticleStatus.DRAFT)
    return withdrawn
