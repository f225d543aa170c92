"""Readability and review freshness in the public API."""

import datetime

import pytest
from django.utils import timezone

from core.models import SiteSettings
from publishing.models import Publication
from tests.helpers.factories import complete_article
from tests.helpers.publishing import publish_reviewed

pytestmark = pytest.mark.django_db


def publish(**fields):
    article = complete_article(children=2, **fields)
    publish_reviewed(article)
    return article


def slugs(response) -> list[str]:
    return [item["slug"] for item in response.json()["results"]]


def test_detail_has_readability_scores(api_client, published_article):
    readability = api_client.get(f"/api/v1/articles/{published_article.slug}/").json()["readability"]

    # English (the site's language): the Flesch scores frontends read, and the formula's score beside them.
    assert readability.keys() == {
        "language",
        "available",
        "formula",
        "scale",
        "score",
        "flesch_kincaid_grade",
        "flesch_reading_ease",
    }
    assert isinstance(readability["flesch_kincaid_grade"], float)
    assert isinstance(readability["flesch_reading_ease"], float)
    assert readability["score"] == readability["flesch_kincaid_grade"]
    assert (readability["language"], readability["available"], readability["formula"], readability["scale"]) == (
        "en",
        True,
        "flesch-kincaid",
        "grade",
    )


def test_a_spanish_article_has_its_own_formula_and_no_english_score(api_client):
    SiteSettings.objects.filter(pk=SiteSettings.load().pk).update(language="es")
    spanish = publish(slug="en-espanol", summary="Coma pescado. Tome el sol.", intro="Pregunte a su médico.")

    readability = api_client.get(f"/api/v1/articles/{spanish.slug}/").json()["readability"]

    assert (readability["language"], readability["available"], readability["formula"], readability["scale"]) == (
        "es",
        True,
        "szigriszt-pazos",
        "ease",
    )
    assert isinstance(readability["score"], float)
    assert readability["flesch_kincaid_grade"] is None and readability["flesch_reading_ease"] is None


def test_a_document_frozen_before_languages_is_served_as_the_english_grade_it_was(api_client, published_article):
    publication = Publication.objects.get(article=published_article)
    old = {"flesch_kincaid_grade": 6.1, "flesch_reading_ease": 71.5}
    Publication.objects.filter(pk=publication.pk).update(document={**publication.document, "readability": old})

    detail = api_client.get(f"/api/v1/articles/{published_article.slug}/").json()["readability"]
    synced = api_client.get("/api/v1/sync/?initial=true").json()["items"][0]["readability"]

    assert (
        detail
        == synced
        == {
            "language": "en",
            "available": True,
            "formula": "flesch-kincaid",
            "scale": "grade",
            "score": 6.1,
            **old,
        }
    )


def test_review_overdue_filter(api_client):
    today = timezone.localdate()
    publish(slug="overdue", next_review_due=today - datetime.timedelta(days=1))
    publish(slug="fresh", next_review_due=today + datetime.timedelta(days=30))
    publish(slug="undated", next_review_due=None)

    assert slugs(api_client.get("/api/v1/articles/", {"review_overdue": "true"})) == ["overdue"]
    assert sorted(slugs(api_client.get("/api/v1/articles/", {"review_overdue": "false"}))) == ["fresh", "undated"]
    bad = api_client.get("/api/v1/articles/", {"review_overdue": "yes"})
    assert bad.status_code == 400
    assert list(bad.json()) == ["review_overdue"]


def test_detail_shows_next_review_due(api_client, published_article):
    detail = api_client.get(f"/api/v1/articles/{published_article.slug}/").json()

    assert detail["next_review_due"] == published_article.next_review_due.isoformat()
