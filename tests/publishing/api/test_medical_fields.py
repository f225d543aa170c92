"""Readability and review freshness in the public API."""

import datetime

import pytest
from django.utils import timezone

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
