"""State changes of articles. Views, the admin and commands call these; nothing else writes publications."""

import hashlib
import json
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from articles.citations import CitationNumbering
from articles.jsonld import build_jsonld
from articles.models import Article, ArticleStatus, Publication, Section
from articles.serializers import ArticleDetailSerializer, ArticleListItemSerializer
from core.citation_markers import rewrite_markers
from core.markdown import plain_text
from core.models import SiteSettings
from faq.models import FAQ, PublishedFAQ
from references.models import Citation, PublishedReference


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
    marker_problems = article_citation_problems(article)
    if marker_problems:
        raise PublishError(marker_problems)

    site_settings = SiteSettings.load()
    first_published_at = article.published_at or live_from
    context = {"published_at": first_published_at, "updated_at": live_from, "site_settings": site_settings}
    document = _as_json(ArticleDetailSerializer(article, context=context).data)
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
        next_review_due=article.next_review_due,
        document=document,
        list_item=list_item,
        jsonld=build_jsonld(article, document, site_settings),
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
            data={name: value for name, value in entry.items() if name not in {"number", "anchor"}},
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


def article_citation_problems(article: Article) -> list[str]:
    """Markers of the article (fetched `with_content()`) that point at no citation."""
    numbering = CitationNumbering(final=frozenset(citation.number for citation in article.citations.all()))
    return numbering.problems_in(article.cited_texts())


@transaction.atomic
def article_renumber_citation_markers(*, article: Article, renumbering: dict[int, int]) -> None:
    """Rewrite every marker of the article from old citation numbers to new ones.

    Called in the same transaction as the renumbering itself, so that [3]
    keeps pointing at the reference it pointed at before.
    """
    if not renumbering:
        return
    article = Article.objects.select_for_update().get(pk=article.pk)
    intro = rewrite_markers(article.intro, renumbering)
    if intro != article.intro:
        article.intro = intro
        article.save(update_fields=["intro", "intro_html"])
    for model, field in ((Section, "body"), (FAQ, "answer")):
        for child in model.objects.filter(article=article):
            text = rewrite_markers(getattr(child, field), renumbering)
            if text != getattr(child, field):
                setattr(child, field, text)
                child.save()


@transaction.atomic
def article_reorder_citations(*, article: Article, citation_ids: list[int]) -> None:
    """Number the article's citations 1, 2, 3 … in the given order, keeping markers on their references."""
    citations = {citation.pk: citation for citation in Citation.objects.select_for_update().filter(article=article)}
    if sorted(citation_ids) != sorted(citations):
        raise ValidationError({"citation_ids": ["Give every citation of this article exactly once."]})
    renumbering = {
        citations[pk].number: number
        for number, pk in enumerate(citation_ids, start=1)
        if citations[pk].number != number
    }
    # Park the moving rows above every used number, so that no two rows ever share one.
    offset = max(citation.number for citation in citations.values()) if citations else 0
    moving = [pk for pk in citation_ids if citations[pk].number in renumbering]
    for pk in moving:
        Citation.objects.filter(pk=pk).update(number=citations[pk].number + offset)
    for number, pk in enumerate(citation_ids, start=1):
        if pk in moving:
            Citation.objects.filter(pk=pk).update(number=number)
    article_renumber_citation_markers(article=article, renumbering=renumbering)
