"""The article page and citation markers: problems shown beside their fields, markers that follow a drag."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from publishing.models import Publication
from tests.helpers.admin_forms import article_change_data, existing_rows, inline_rows
from tests.helpers.factories import ArticleFactory, CitationFactory, FAQFactory, ReferenceFactory, SectionFactory
from tests.helpers.publishing import publish_reviewed

pytestmark = pytest.mark.django_db


@pytest.fixture
def cited_article():
    """An article with 15 citations, cited [1] to [15] in one section."""
    article = ArticleFactory(intro="Background [1].")
    for _ in range(15):
        CitationFactory(article=article)
    SectionFactory(article=article, heading="Evidence", body="Studies [1-15] agree.")
    FAQFactory(article=article, question="Is it safe?", answer="Yes [2].")
    return article


def change(admin_client, article, **overrides):
    return admin_client.post(
        reverse("admin:articles_article_change", args=[article.pk]), article_change_data(article, **overrides)
    )


def section_rows(article, body):
    section = article.sections.get()
    return inline_rows(
        "sections",
        [{"id": str(section.pk), "position": "1", "heading": section.heading, "anchor": section.anchor, "body": body}],
        initial=1,
    )


def test_citing_16_in_an_article_with_15_references_is_refused_before_saving(admin_client, cited_article):
    response = change(admin_client, cited_article, **section_rows(cited_article, "New finding [16]."))

    assert response.status_code == 200
    page = response.content.decode()
    message = "[16] points at citation 16, which does not exist (this article&#x27;s citations are 1-15)."
    assert f"Section “Evidence”: {message}" in page  # in the list at the top of the page
    section_form = response.context["inline_admin_formsets"][1].formset.forms[0]
    assert section_form.errors["body"] == [message.replace("&#x27;", "'")]  # and beside the field
    assert response.context["adminform"].form["title"].value() == cited_article.title  # what was typed stays
    assert cited_article.sections.get().body == "Studies [1-15] agree."


def test_bad_markers_in_the_intro_and_faq_answers_are_named(admin_client, cited_article):
    faq = cited_article.faqs.get()
    faqs = inline_rows(
        "faqs",
        [{"id": str(faq.pk), "position": "1", "question": faq.question, "answer": "Mostly [2, 20]."}],
        initial=1,
    )

    response = change(admin_client, cited_article, intro="Background [0].", **faqs)

    page = response.content.decode()
    assert "Introduction: [0]: citations are numbered from 1." in page
    assert response.context["adminform"].form.errors["intro"] == ["[0]: citations are numbered from 1."]
    assert "FAQ “Is it safe?”: [2, 20] points at citation 20" in page
    cited_article.refresh_from_db()
    assert cited_article.intro == "Background [1]."


def test_a_marker_may_cite_a_reference_added_in_the_same_save(admin_client, cited_article):
    new_reference = ReferenceFactory()
    rows = [*existing_rows(cited_article.citations.all(), ["reference"], order_field="number")]
    rows.append({"reference": str(new_reference.pk), "number": ""})
    data = {
        **section_rows(cited_article, "Studies [1-15] agree, and a new one [16]."),
        **inline_rows("citations", rows, initial=15),
    }

    response = change(admin_client, cited_article, **data)

    assert response.status_code == 302
    assert cited_article.citations.get(number=16).reference == new_reference


def test_a_marker_citing_a_removed_citation_is_refused(admin_client, cited_article):
    rows = existing_rows(cited_article.citations.all(), ["reference"], order_field="number")
    rows[1]["DELETE"] = "on"

    response = change(admin_client, cited_article, **inline_rows("citations", rows, initial=15))

    assert response.status_code == 200
    assert "FAQ “Is it safe?”: [2] cites [2], a citation you are removing." in response.content.decode()
    assert cited_article.citations.count() == 15


def test_dragging_citations_rewrites_markers_to_follow_their_references(admin_client):
    article = ArticleFactory(intro="First [1], second [2], third [3].")
    first, second, third = (CitationFactory(article=article) for _ in range(3))
    SectionFactory(article=article, heading="Body", body="Both [1, 3], all [1-3].")
    FAQFactory(article=article, answer="See [3].")
    rows = existing_rows(article.citations.all(), ["reference"], order_field="number")
    rows[0]["number"], rows[1]["number"], rows[2]["number"] = "3", "1", "2"  # drag [1] to the end

    response = change(admin_client, article, **inline_rows("citations", rows, initial=3))

    assert response.status_code == 302
    article.refresh_from_db()
    assert [c.reference for c in article.citations.all()] == [second.reference, third.reference, first.reference]
    assert article.intro == "First [3], second [1], third [2]."
    assert article.sections.get().body == "Both [2, 3], all [1-3]."
    assert article.faqs.get().answer == "See [2]."
    assert 'href="#ref-3"' in article.intro_html


def test_publishing_refuses_markers_that_point_nowhere_when_they_got_in_by_another_way():
    """Only the editing service checks markers on save; rows written some other way are checked on publishing."""
    article = ArticleFactory(intro="Unsupported claim [4].")
    CitationFactory(article=article)

    with pytest.raises(ValidationError, match=r"Introduction: \[4\] points at citation 4"):
        publish_reviewed(article)
    assert not Publication.objects.exists()


def test_uncited_citations_are_a_warning_not_an_error(admin_client):
    article = ArticleFactory(intro="Only the first [1].")
    CitationFactory(article=article)
    CitationFactory(article=article)

    response = change(admin_client, article)
    page = admin_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()

    assert response.status_code == 302
    warnings = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("Citations never cited in the text: 2." in warning for warning in warnings)
    assert "Never cited in the text: 2." in page


def test_detail_references_carry_the_anchor_markers_link_to(api_client, cited_article):
    publish_reviewed(cited_article)

    detail = api_client.get(f"/api/v1/articles/{cited_article.slug}/").json()

    assert detail["references"][2]["anchor"] == "ref-3"
    assert 'href="#ref-1"' in detail["intro_html"]


def test_each_citation_row_offers_to_add_a_reference_from_an_identifier_in_a_popup(admin_client, cited_article):
    page = admin_client.get(reverse("admin:articles_article_change", args=[cited_article.pk])).content.decode()

    add = reverse("admin:references_reference_add")
    link = f'id="add_id_citations-0-reference" data-popup="yes" href="{add}?_to_field=id&amp;_popup=1"'
    assert link in page
    assert page.count("Add a reference from a DOI, PMID or citation record") == 15 + 1  # each row, and a new row's
    assert page.count('id="add_id_citations-0-reference"') == 1  # Django's own "+" gave way to it
