"""The article page refuses Markdown over a rendering limit beside the field, and opens text stored before them."""

import pytest
from django.urls import reverse

from articles.models import Article, Section
from tests.helpers.admin_forms import article_change_data, article_form, inline_rows
from tests.helpers.factories import ArticleFactory, SectionFactory
from tests.helpers.hostile_markdown import BRACKETS_2MB, LIMIT_CASES

pytestmark = pytest.mark.django_db

LINKS = next(case for case in LIMIT_CASES if case.name == "brackets")


def add(admin_client, body: str, **fields):
    sections = inline_rows("sections", [{"position": "1", "heading": "Evidence", "anchor": "", "body": body}])
    return admin_client.post(reverse("admin:articles_article_add"), article_form(**sections, **fields))


def test_a_section_body_over_the_links_limit_is_refused_beside_the_field(admin_client):
    response = add(admin_client, LINKS.over)

    assert response.status_code == 200
    section_form = response.context["inline_admin_formsets"][1].formset.forms[0]
    assert section_form.errors["body"] == [LINKS.message]
    assert f"Section “Evidence”: {LINKS.message}" in response.content.decode()  # the list at the top
    assert not Article.objects.exists()


def test_a_section_body_at_the_links_limit_saves(admin_client):
    response = add(admin_client, LINKS.at_limit)

    assert response.status_code == 302
    assert Article.objects.get().sections.get().body == LINKS.at_limit.strip()


def test_the_introduction_over_the_length_limit_is_refused_beside_it(admin_client):
    article = ArticleFactory(intro="Short.")

    response = admin_client.post(
        reverse("admin:articles_article_change", args=[article.pk]), article_change_data(article, intro="a" * 30_001)
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["intro"] == [
        "At most 30,000 characters in one text (this has 30,001)."
    ]
    article.refresh_from_db()
    assert article.intro == "Short."


def test_text_stored_before_the_limits_opens_as_plain_paragraphs_and_other_fields_still_save(admin_client):
    article = ArticleFactory()
    SectionFactory(article=article, heading="Old", body="Fine.")
    Section.objects.filter(article=article).update(body=BRACKETS_2MB)  # stored before the limits existed

    page = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    response = admin_client.post(
        reverse("admin:articles_article_change", args=[article.pk]), article_change_data(article, title="Renamed")
    )

    assert page.status_code == 200
    assert response.status_code == 302  # the untouched text does not block the edit
    article.refresh_from_db()
    assert article.title == "Renamed"


def test_texts_together_over_the_articles_limit_are_refused_at_the_top_of_the_page(admin_client):
    rows = [{"position": str(n), "heading": f"Part {n}", "anchor": "", "body": "[a] " * 700} for n in range(1, 4)]

    response = admin_client.post(reverse("admin:articles_article_add"), article_form(**inline_rows("sections", rows)))

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "The article's Markdown texts together: At most 2,000 links, images and citation markers (“[”) in one "
        "article (this has 2,100)."
    ]
    assert not Article.objects.exists()
