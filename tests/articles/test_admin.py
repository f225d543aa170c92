"""The editors' admin: pages render, inlines save, positions reorder, publishing works."""

import pytest
from django.contrib import admin
from django.urls import reverse

from articles.models import Article
from core.models import SiteSettings
from publishing.models import Publication
from references.models import Reference
from tests.helpers.admin_forms import INLINE_PREFIXES, article_change_data, article_form, existing_rows, inline_rows
from tests.helpers.factories import (
    ContributorFactory,
    FAQFactory,
    KeyPointFactory,
    ReferenceFactory,
    ReviewerFactory,
    SectionFactory,
    TopicFactory,
    complete_article,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda model: model._meta.label)
def test_every_changelist_and_add_page_renders(admin_client, model):
    info = (model._meta.app_label, model._meta.model_name)
    complete_article(children=1)

    assert admin_client.get(reverse("admin:{}_{}_changelist".format(*info)), follow=True).status_code == 200
    add = admin_client.get(reverse("admin:{}_{}_add".format(*info)))
    assert add.status_code == (403 if model in {Publication, SiteSettings} else 200)


def test_article_change_page_renders_with_all_inlines(admin_client):
    article = complete_article(children=2)

    response = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))

    assert response.status_code == 200
    for prefix in INLINE_PREFIXES:
        assert f'name="{prefix}-TOTAL_FORMS"' in response.content.decode()
    assert b"Editorial lifecycle" in response.content
    assert b"Submit for medical review" in response.content


def test_article_filters_and_search_work(admin_client):
    article = complete_article(children=1, title="Searchable vitamin article")
    url = reverse("admin:articles_article_changelist")

    assert admin_client.get(url, {"status__exact": "draft"}).status_code == 200
    assert admin_client.get(url, {"q": "Searchable"}).context["cl"].result_count == 1
    assert admin_client.get(url, {"medical_reviewer__id__exact": article.medical_reviewer_id}).status_code == 200


def test_saving_an_article_with_all_inlines(admin_client):
    reviewer = ReviewerFactory()
    author = ContributorFactory()
    topic = TopicFactory()
    reference = ReferenceFactory()
    data = article_form(
        authors=[str(author.pk)],
        medical_reviewer=str(reviewer.pk),
        topics=[str(topic.pk)],
        **inline_rows("key_points", [{"title": "Zinc matters", "text": "It does.", "position": "1"}]),
        **inline_rows(
            "sections",
            [
                {"heading": "Why zinc", "anchor": "", "body": "Because [1].", "position": "1"},
                {"heading": "Why zinc", "anchor": "", "body": "Again.", "position": "2"},
            ],
        ),
        **inline_rows(
            "cause_comparisons",
            [
                {
                    "cause": "Low zinc",
                    "related_symptoms": "Slow healing",
                    "differentiating_factors": "Diet",
                    "position": "1",
                }
            ],
        ),
        **inline_rows("faqs", [{"question": "Food sources?", "answer": "Oysters, beef.", "position": "1"}]),
        **inline_rows("citations", [{"reference": str(reference.pk), "number": "1"}]),
    )

    response = admin_client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    article = Article.objects.get(slug="zinc-and-wound-healing")
    assert list(article.key_points.values_list("title", flat=True)) == ["Zinc matters"]
    assert list(article.sections.values_list("anchor", flat=True)) == ["why-zinc", "why-zinc-2"]
    assert article.sections.first().body_html == ('<p>Because [<a href="#ref-1" rel="noopener noreferrer">1</a>].</p>')
    assert article.cause_comparisons.get().cause == "Low zinc"
    assert article.faqs.get().answer_html == "<p>Oysters, beef.</p>"
    assert article.citations.get().reference == reference
    assert list(article.authors.all()) == [author]
    assert not Publication.objects.exists()


def test_new_inline_rows_without_position_go_to_the_end(admin_client):
    article = complete_article(children=2)
    rows = [*existing_rows(article.key_points.all(), ["title", "text"]), {"title": "Appended", "text": "Last."}]
    data = article_change_data(article, **inline_rows("key_points", rows, initial=2))

    response = admin_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

    assert response.status_code == 302
    assert list(article.key_points.values_list("title", "position"))[-1] == ("Appended", 3)


def test_dragging_rows_swaps_positions_under_the_unique_constraint(admin_client):
    article = complete_article(children=0)
    first = KeyPointFactory(article=article, title="First", position=1)
    second = KeyPointFactory(article=article, title="Second", position=2)
    third = KeyPointFactory(article=article, title="Third", position=3)
    rows = [
        {"id": str(first.pk), "position": "3", "title": "First", "text": first.text},
        {"id": str(second.pk), "position": "1", "title": "Second", "text": second.text},
        {"id": str(third.pk), "position": "2", "title": "Third", "text": third.text},
    ]

    response = admin_client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        article_form(title=article.title, slug=article.slug, **inline_rows("key_points", rows, initial=3)),
    )

    assert response.status_code == 302
    assert list(article.key_points.values_list("title", flat=True)) == ["Second", "Third", "First"]


def test_deleting_a_row_frees_its_position_for_another(admin_client):
    article = complete_article(children=0)
    first = KeyPointFactory(article=article, title="First", position=1)
    second = KeyPointFactory(article=article, title="Second", position=2)
    rows = [
        {"id": str(first.pk), "position": "1", "title": "First", "text": "x", "DELETE": "on"},
        {"id": str(second.pk), "position": "1", "title": "Second", "text": "y"},
    ]

    response = admin_client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        article_form(title=article.title, slug=article.slug, **inline_rows("key_points", rows, initial=2)),
    )

    assert response.status_code == 302
    assert list(article.key_points.values_list("title", "position")) == [("Second", 1)]


def test_duplicate_positions_are_a_form_error_not_a_crash(admin_client):
    rows = [
        {"title": "One", "text": "a", "position": "1"},
        {"title": "Two", "text": "b", "position": "1"},
    ]

    response = admin_client.post(reverse("admin:articles_article_add"), article_form(**inline_rows("key_points", rows)))

    assert response.status_code == 200
    assert "Please correct the duplicate data for position" in response.content.decode()
    assert not Article.objects.exists()


def test_missing_required_fields_are_named_in_plain_words(admin_client):
    response = admin_client.post(reverse("admin:articles_article_add"), article_form(title="", summary=""))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["title"] == ["This field is required."]
    assert errors["summary"] == ["This field is required."]


def test_publish_action_on_the_changelist_publishes_approved_articles_only(admin_client, api_client, draft_article):
    approved = complete_article(children=1, slug="approved-one", status="approved")

    response = admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [str(draft_article.pk), str(approved.pk)]},
        follow=True,
    )

    assert [item["slug"] for item in api_client.get("/api/v1/articles/").json()["results"]] == ["approved-one"]
    assert "applies only to an article that is approved" in response.content.decode()


def test_reference_admin_rejects_a_malformed_doi_with_a_clear_message(admin_client):
    response = admin_client.post(
        reverse("admin:references_reference_add"),
        {"kind": "journal_article", "title": "A paper", "doi": "doi 1056/abc", "pmid": "12a"},
    )

    errors = response.context["adminform"].form.errors
    assert "is not a DOI" in errors["doi"][0]
    assert "is not a PubMed ID" in errors["pmid"][0]
    assert not Reference.objects.exists()


def test_reference_admin_points_to_the_existing_record_for_a_duplicate_doi(admin_client):
    ReferenceFactory(doi="10.1056/nejmra070553")

    response = admin_client.post(
        reverse("admin:references_reference_add"),
        {"kind": "journal_article", "title": "Same paper", "doi": "https://doi.org/10.1056/NEJMra070553"},
    )

    assert response.status_code == 200
    assert "already has this DOI. Cite that reference instead" in response.content.decode()
    assert Reference.objects.count() == 1


def test_reference_search_by_doi_and_pmid(admin_client):
    ReferenceFactory(title="Vitamin D deficiency", doi="10.1056/nejmra070553", pmid="17634462")
    url = reverse("admin:references_reference_changelist")

    assert admin_client.get(url, {"q": "17634462"}).context["cl"].result_count == 1
    assert admin_client.get(url, {"q": "10.1056/nejmra070553"}).context["cl"].result_count == 1


# The change page of an article with 2 of each part, sessions and permissions included. It does
# not grow with key points, sections, comparison rows or FAQs; each citation row adds one query,
# the autocomplete widget's look-up of its selected reference (Django's AutocompleteSelect).
CHANGE_PAGE_QUERIES = 27


def test_change_page_reads_the_article_parts_once(admin_client, django_assert_max_num_queries):
    article = complete_article(children=2)
    url = reverse("admin:articles_article_change", args=[article.pk])
    admin_client.get(url)

    with django_assert_max_num_queries(CHANGE_PAGE_QUERIES):
        admin_client.get(url)
    for _ in range(8):
        KeyPointFactory(article=article)
        SectionFactory(article=article)
        FAQFactory(article=article)
    with django_assert_max_num_queries(CHANGE_PAGE_QUERIES):
        assert admin_client.get(url).status_code == 200
