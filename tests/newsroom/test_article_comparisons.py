"""Comparisons in the admin: versions, and the history's review steps."""

import re

import pytest
from django.urls import reverse

from articles.versions import article_versions
from publishing.services.lifecycle import article_transition
from tests.helpers.admin_forms import article_change_data, existing_rows, inline_rows
from tests.helpers.factories import ArticleFactory, CitationFactory, KeyPointFactory, complete_article
from tests.helpers.people import user_in_role
from tests.helpers.publishing import approve

pytestmark = pytest.mark.django_db


def save(client, article, **overrides):
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]), article_change_data(article, **overrides)
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    article.refresh_from_db()


def reordered(article, positions: list[int], **texts) -> dict:
    """The article's key points posted in new positions (`positions[i]` for the i-th), some texts changed
    (`texts`: title → new text)."""
    rows = existing_rows(article.key_points.all(), ["title", "text"])
    for row, position in zip(rows, positions, strict=False):
        row["position"] = str(position)
    for row in rows:
        row["text"] = texts.get(row["title"], row["text"])
    return inline_rows("key_points", rows, initial=len(rows))


def words(response) -> str:
    """The page's text, tags removed and spaces collapsed."""
    assert response.status_code == 200
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


# Versions.


def test_versions_compare_a_dragged_key_point_as_a_move_and_reordered_citations_as_one_renumbering(admin_client):
    article = ArticleFactory(intro="Calcium [1] and magnesium [2] matter.")
    CitationFactory(article=article, reference__title="Holick 2007")
    CitationFactory(article=article, reference__title="NIH fact sheet")
    for title in ("First", "Second", "Third"):
        KeyPointFactory(article=article, title=title)
    save(admin_client, article, summary="The first stored version.")
    citations = existing_rows(article.citations.all(), ["reference"], order_field="number")
    citations[0]["number"], citations[1]["number"] = "2", "1"
    save(admin_client, article, **inline_rows("citations", citations, initial=2), **reordered(article, [2, 3, 1]))
    assert article.intro == "Calcium [2] and magnesium [1] matter."  # the editing service rewrote the markers
    newer, older = article_versions(article)[:2]

    page = words(
        admin_client.get(
            reverse("admin:articles_article_compare", args=[article.pk]), {"from": older.pk, "to": newer.pk}
        )
    )

    assert "Citations renumbered: [1]→[2], [2]→[1]" in page
    assert "Third : Moved from 3rd to 1st" in page
    assert "Introduction" not in page  # the rewritten markers are no edit
    assert "First :" not in page and "Second :" not in page  # they kept their order around the move


# The history: review steps beside the versions.


def test_the_history_marks_submissions_requests_approvals_and_publications_in_words(admin_client, author, reviewer):
    article = complete_article(children=1)
    save(admin_client, article, summary="Ready for review.")
    article_transition("submit", article=article, user=author)
    article_transition("request_changes", article=article, user=reviewer, comment="Add the dosing table.")
    article.refresh_from_db()
    save(admin_client, article, summary="Ready for review, with the dosing table.")
    approve(article, reviewer=reviewer)
    article_transition("publish", article=article, user=user_in_role("the-publisher", "Publisher"))

    response = admin_client.get(reverse("admin:articles_article_history", args=[article.pk]))

    page = words(response)
    steps = [entry.step.done for entry in response.context["entries"] if entry.step]
    assert steps  # there are steps to look at
    assert steps[:5] == [
        "Published",
        "Approved",
        "Submitted for medical review",
        "Changes requested",
        "Submitted for medical review",
    ]
    assert "Changes requested : “Add the dosing table.”" in page
    assert "request_changes" not in response.content.decode()
    kinds = ["version" if entry.version else entry.step.action for entry in response.context["entries"]]
    # Newest first: each step above the version it was taken on.
    assert kinds[:7] == ["publish", "approve", "submit", "version", "request_changes", "submit", "version"]
