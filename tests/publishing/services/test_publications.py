"""Publications: frozen, kept, scheduled, withdrawn; what the public sees and when."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.models import ArticleStatus
from publishing.models import Publication
from publishing.services.editorial_steps import article_transition
from tests.helpers.factories import FAQFactory, complete_article
from tests.helpers.publishing import approved_article, publish_reviewed

pytestmark = pytest.mark.django_db


def public_views(client, article) -> dict[str, object]:
    """Everything the public API says about `article`, endpoint by endpoint."""
    return {
        "list": [item["slug"] for item in client.get("/api/v1/articles/").json()["results"]],
        "detail": client.get(f"/api/v1/articles/{article.slug}/").status_code,
        "search": client.get("/api/v1/articles/", {"search": article.title}).json()["count"],
        "faqs": client.get("/api/v1/faqs/", {"article": article.slug}).json()["count"],
        "all_faqs": client.get("/api/v1/faqs/").json()["count"],
        "references": client.get("/api/v1/references/", {"article": article.slug}).json()["count"],
        "all_references": client.get("/api/v1/references/").json()["count"],
    }


def test_draft_article_is_absent_from_every_public_endpoint(api_client, draft_article):
    assert public_views(api_client, draft_article) == {
        "list": [],
        "detail": 404,
        "search": 0,
        "faqs": 0,
        "all_faqs": 0,
        "references": 0,
        "all_references": 0,
    }


def test_published_article_is_present_on_every_public_endpoint(api_client, published_article):
    assert public_views(api_client, published_article) == {
        "list": [published_article.slug],
        "detail": 200,
        "search": 1,
        "faqs": 2,
        "all_faqs": 2,
        "references": 2,
        "all_references": 2,
    }


def test_editing_a_published_article_changes_nothing_public_until_republished(api_client, published_article):
    before = api_client.get(f"/api/v1/articles/{published_article.slug}/").json()
    published_article.summary = "A rewritten summary nobody has approved."
    published_article.save()
    faq = published_article.faqs.first()
    faq.answer = "A new unreviewed answer."
    faq.save()
    FAQFactory(article=published_article, question="A brand new question?")

    after = api_client.get(f"/api/v1/articles/{published_article.slug}/").json()
    faqs = api_client.get("/api/v1/faqs/", {"search": "unreviewed"}).json()
    assert after == before
    assert faqs["count"] == 0
    assert api_client.get("/api/v1/faqs/").json()["count"] == 2

    publish_reviewed(published_article)

    republished = api_client.get(f"/api/v1/articles/{published_article.slug}/").json()
    assert republished["summary"] == "A rewritten summary nobody has approved."
    assert republished["published_at"] == before["published_at"]
    assert republished["updated_at"] > before["updated_at"]
    assert api_client.get("/api/v1/faqs/").json()["count"] == 3


def test_unpublishing_removes_the_article_everywhere(api_client, published_article, publisher):
    article_transition("unpublish", article=published_article, user=publisher)

    assert public_views(api_client, published_article) == {
        "list": [],
        "detail": 404,
        "search": 0,
        "faqs": 0,
        "all_faqs": 0,
        "references": 0,
        "all_references": 0,
    }
    published_article.refresh_from_db()
    assert published_article.status == ArticleStatus.DRAFT


def test_publishing_keeps_earlier_publications(published_article):
    publish_reviewed(published_article)

    assert Publication.objects.filter(article=published_article).count() == 2
    assert Publication.objects.live().filter(article=published_article).count() == 1


def test_the_first_publication_dates_the_article_as_stored_and_as_returned_to_the_caller(publisher):
    article = approved_article()
    go_live = timezone.now().replace(microsecond=0) + datetime.timedelta(days=1)

    returned = article_transition("publish", article=article, user=publisher, live_from=go_live)

    article.refresh_from_db()
    assert article.published_at == go_live
    assert returned.published_at == go_live  # the caller goes on with this copy


def test_scheduled_publication_is_invisible_until_its_time(api_client, draft_article):
    go_live = timezone.now() + datetime.timedelta(days=1)
    publish_reviewed(draft_article, live_from=go_live)

    assert api_client.get(f"/api/v1/articles/{draft_article.slug}/").status_code == 404
    assert not Publication.objects.live().exists()
    assert Publication.objects.live(now=go_live).get().slug == draft_article.slug


def test_scheduled_republish_keeps_the_current_version_live_until_then(published_article):
    current = Publication.objects.live().get()
    published_article.title = "Next week's title"
    published_article.save()
    go_live = timezone.now() + datetime.timedelta(days=7)
    scheduled = publish_reviewed(published_article, live_from=go_live)

    assert Publication.objects.live().get() == current
    assert Publication.objects.live(now=go_live).get() == scheduled


def test_a_slug_held_by_another_live_article_cannot_be_published(published_article):
    old_slug = published_article.slug
    published_article.slug = "renamed"
    published_article.save()
    newcomer = complete_article(children=1, slug=old_slug)

    with pytest.raises(
        ValidationError, match="belongs to “Vitamin D and muscle twitching”, which is live or scheduled"
    ) as refused:
        publish_reviewed(newcomer)
    assert list(refused.value.message_dict) == ["slug"]
    assert not Publication.objects.filter(article=newcomer).exists()
