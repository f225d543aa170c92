"""The article page's live preview: what the form holds, unsaved, rendered as the preview page renders it, with
nothing written."""

import io
import json

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from articles.content_model import PARTS
from articles.models import Article
from media.services import image_create
from media.storage import image_storage
from tests.helpers.factories import CitationFactory, ReferenceFactory, SectionFactory, UserFactory, complete_article
from tests.helpers.images import empty_storage, picture
from tests.helpers.people import user_in_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return complete_article(children=2, title="Iron and fatigue", slug="iron-and-fatigue")


def url(article) -> str:
    return reverse("admin:articles_article_live_preview", args=[article.pk])


def page_data(article: Article, **fields) -> dict:
    """What article_page.js sends for the page of `article` as saved, with `fields` typed over it."""
    return {
        "fields": {"title": article.title, "summary": article.summary, "intro": article.intro, **fields},
        "authors": [str(author.pk) for author in article.authors.all()],
        "topics": [str(topic.pk) for topic in article.topics.all()],
        "parts": {
            kind: [
                {"id": str(row.pk), **{name: str(getattr(row, f"{name}_id" if name == "reference" else name))
                                       for name in spec.names}}
                for row in spec.model._default_manager.filter(article=article).order_by(spec.order_field)
            ]
            for kind, spec in PARTS.items()
        },
    }  # fmt: skip


def preview(client, article, data) -> object:
    body = data if isinstance(data, str | bytes) else json.dumps(data)
    return client.post(url(article), body, content_type="application/json")


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_the_unsaved_text_is_shown_and_nothing_is_written(admin_client, article):
    before, counts = Article.objects.values("version", "updated_at", "summary").get(pk=article.pk), row_counts()
    data = page_data(article, summary="Typed a moment ago, not saved.")
    data["parts"]["sections"].append({"id": "", "heading": "New heading", "anchor": "", "body": "Some **bold** news."})

    response = preview(admin_client, article, data)

    assertContains(response, "Live preview — not saved")
    assertContains(response, "Typed a moment ago, not saved.")
    assertContains(response, "<strong>bold</strong>", html=True)
    assertContains(response, 'id="new-heading"')  # the blank anchor filled from the heading, as a save fills it
    assert Article.objects.values("version", "updated_at", "summary").get(pk=article.pk) == before
    assert row_counts() == counts


def test_every_part_of_the_page_is_shown(admin_client, article):
    response = preview(admin_client, article, page_data(article)).content.decode()

    for author in article.authors.all():
        assert author.name in response
    for kind in ("key_points", "sections", "cause_comparisons", "faqs"):
        for row in getattr(article, kind).all():
            assert str(row).replace("'", "&#x27;") in response
    for citation in article.citations.all():
        assert f'id="{citation.anchor}"' in response  # numbered, for the markers' links


def test_a_script_typed_in_a_section_does_not_reach_the_preview(admin_client, article):
    data = page_data(article)
    data["parts"]["sections"][0]["body"] = 'Hi <script>alert("x")</script> <a href="javascript:alert(1)">y</a> **ok**'

    response = preview(admin_client, article, data)

    assert response.status_code == 200
    assertNotContains(response, "<script>alert")
    assertNotContains(response, "javascript:")
    assertContains(response, "<strong>ok</strong>", html=True)


def test_citations_are_numbered_as_on_the_page(admin_client, article):
    """A reference picked in a new row is cited under the next number, its marker linked to it."""
    paper = ReferenceFactory(title="A trial of iron in tired adults")
    data = page_data(article)
    data["parts"]["citations"].append({"id": "", "reference": str(paper.pk)})
    data["fields"]["intro"] = "Iron helps [3]."

    response = preview(admin_client, article, data).content.decode()

    assert "A trial of iron in tired adults" in response
    assert 'href="#ref-3"' in response


def test_a_hero_image_and_a_figure_chosen_on_the_page_are_shown(admin_client, article):
    empty_storage(image_storage())
    hero = image_create(upload=io.BytesIO(picture(400, 200)), fields={"alt_text": "A chart of iron levels"})
    figure = image_create(upload=io.BytesIO(picture(300, 200)), fields={"alt_text": "Iron-rich foods"})
    data = page_data(article, hero_image=str(hero.pk), intro=f"What to eat:\n\n![](image:{figure.pk})")

    response = preview(admin_client, article, data).content.decode()

    assert response.count("<picture") == 2
    assert 'alt="A chart of iron levels"' in response and 'alt="Iron-rich foods"' in response


@pytest.mark.parametrize(
    "body, message",
    [
        ("not json", "The body is not JSON."),
        ("[" * 100_000, "The JSON is nested more than 100 levels deep, the limit."),
        ([1, 2], "Send a JSON object."),
        ({"fields": "x"}, "“fields” must be an object."),
        ({"fields": {"status": "published"}}, "“status” is not a field of an article."),
        ({"fields": {"title": ["a"]}}, "“title” must be text, a number or true/false."),
        ({"fields": {"title": "x" * 201}}, "“title”: Ensure this value has at most 200 characters (it has 201)."),
        ({"parts": {"sections": "text"}}, "“sections” must be a list of objects."),
        ({"parts": {"notes": []}}, "“notes” is not a part of an article."),
        ({"parts": {"faqs": [{"question": "?"}] * 501}}, "“faqs” has more than 500 rows."),
        ({"parts": {"faqs": [{"question": 3}]}}, "“faqs[0].question” must be text."),
        ({"parts": {"citations": [{"reference": "one"}]}}, "“citations[0].reference” must be the id of a record."),
        ({"parts": {"citations": [{"reference": 999999}]}}, "“citations”: no record 999999."),
        ({"parts": {"citations": [{"reference": "9" * 30}]}}, "“citations[0].reference” must be the id of a record."),
        ({"parts": {"faqs": [{"id": "²", "question": "?"}]}}, "“faqs[0].id” must be the id of a record."),
        ({"fields": {"hero_image": "9" * 30}}, "“hero_image” must be the id of a record."),
        ({"fields": {"audience": "everyone"}}, "“audience”: Value 'everyone' is not a valid choice."),
        ({"fields": {"hero_image": 999999}}, "The hero image is no longer in the media library"),
        ({"topics": ["x"]}, "“topics” must be the id of a record."),
        ({"authors": [999999]}, "“authors”: no record 999999."),
    ],
)
def test_data_it_cannot_show_is_a_400_naming_the_problem(admin_client, article, body, message):
    counts = row_counts()

    response = preview(admin_client, article, body)

    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert row_counts() == counts


def test_a_marker_cited_before_its_reference_is_picked_is_listed_and_the_text_still_shown(admin_client, article):
    """A writer cites [9] before adding the ninth reference: a save refuses it, the preview shows the text with the
    problem named, so it keeps following the typing."""
    counts = row_counts()

    response = preview(admin_client, article, {"fields": {"intro": "Written before its source. See [9]."}})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Written before its source." in page
    assert "Citation markers to fix before saving" in page and "[9] points at citation 9" in page
    assert row_counts() == counts
    good = preview(admin_client, article, {"fields": {"intro": "Nothing cited here."}}).content.decode()
    assert "Citation markers to fix before saving" not in good  # a control: no list without a problem


def test_a_body_over_the_limit_is_a_413(admin_client, article):
    response = preview(admin_client, article, {"fields": {"intro": "x" * (1024 * 1024)}})

    assert response.status_code == 413
    assert response.json() == {"detail": "The page sent more than 1 MB of text."}


def test_only_who_may_see_the_article_gets_its_preview(client, article):
    client.force_login(UserFactory(username="outsider"))
    assert preview(client, article, page_data(article)).status_code == 404

    client.force_login(user_in_role("reviewer-only", "Medical reviewer"))
    assertContains(preview(client, article, page_data(article, summary="Seen by a reviewer.")), "Seen by a reviewer.")


def test_it_needs_the_csrf_token(article):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(username="root", is_superuser=True))
    assert preview(client, article, page_data(article)).status_code == 403


# The session and the user; the article and its seven kinds of parts (as the page reads them); the authors, topics and
# cited references chosen on the page, one query each; the site settings. Whatever the number of rows.
LIVE_PREVIEW_QUERIES = 14


def test_the_preview_costs_a_fixed_number_of_queries(admin_client, article, django_assert_num_queries):
    data = page_data(article)
    preview(admin_client, article, data)
    with CaptureQueriesContext(connection) as small:
        assert preview(admin_client, article, data).status_code == 200
    for _ in range(10):
        SectionFactory(article=article)
        CitationFactory(article=article)
    data = page_data(article)
    data["parts"]["citations"].append({"id": "", "reference": str(ReferenceFactory().pk)})

    with django_assert_num_queries(LIVE_PREVIEW_QUERIES):
        assert preview(admin_client, article, data).status_code == 200
    assert len(small.captured_queries) == LIVE_PREVIEW_QUERIES



NEW = "/admin/articles/article/live-preview/"


def test_the_add_page_previews_an_article_not_saved_yet(client):
    assert reverse("admin:articles_article_live_preview_new") == NEW
    client.force_login(user_in_role("an-author", "Author"))
    paper, counts = ReferenceFactory(title="A trial of iron in tired adults"), row_counts()
    data = {
        "fields": {"title": "Iron and you", "summary": "Typed on the add page.", "intro": "Iron **helps** [1]."},
        "parts": {"citations": [{"id": "", "reference": str(paper.pk)}], "faqs": [{"question": "Why?", "answer": ""}]},
    }

    response = client.post(NEW, json.dumps(data), content_type="application/json")

    assertContains(response, "Live preview — not saved")
    assertContains(response, "Typed on the add page.")
    assertContains(response, "<strong>helps</strong>", html=True)
    assertContains(response, "A trial of iron in tired adults")
    assert row_counts() == counts


def test_the_add_page_preview_is_for_who_may_write_articles(client):
    client.force_login(user_in_role("reviewer-only", "Medical reviewer"))

    assert client.post(NEW, json.dumps({}), content_type="application/json").status_code == 403
