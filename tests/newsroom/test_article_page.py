"""The article page: saving the article with all its parts, dragging rows, errors in plain words."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from articles.models import Article
from publishing.models import Publication
from tests.helpers.admin_forms import INLINE_PREFIXES, article_change_data, article_form, existing_rows, inline_rows
from tests.helpers.factories import (
    CitationFactory,
    ContributorFactory,
    FAQFactory,
    KeyPointFactory,
    ReferenceFactory,
    ReviewerFactory,
    SectionFactory,
    TopicFactory,
    complete_article,
)
from tests.helpers.people import reviewer_user

pytestmark = pytest.mark.django_db


def test_article_change_page_renders_with_all_inlines(admin_client):
    article = complete_article(children=2)

    response = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))

    assert response.status_code == 200
    for prefix in INLINE_PREFIXES:
        assert f'name="{prefix}-TOTAL_FORMS"' in response.content.decode()
    assert b"Editorial lifecycle" in response.content
    assert b"Submit for medical review" in response.content


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


# The change page of an article with 2 of each part, sessions and permissions included. It does
# not grow with key points, sections, comparison rows, FAQs or citations (the autocomplete is told each
# row's reference, which the inline fetched with it, instead of looking it up again). The cited
# references' Retraction Watch notices are read once (one more when a cited paper has a DOI or PMID); the
# state banner reads the latest review step (its status line is annotations of the article's own query; an
# unpublished article's page reads two rows more, for "Publish again", and stays within the same number). The
# languages: the site settings once (the form's languages and the Languages panel) and the translation group.
CHANGE_PAGE_QUERIES = 32


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


def test_change_page_queries_stay_flat_from_2_to_30_citations(admin_client, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    article = complete_article(children=2)
    url = reverse("admin:articles_article_change", args=[article.pk])
    admin_client.get(url)
    with CaptureQueriesContext(connection) as two:
        first = admin_client.get(url).content.decode()
    for _ in range(28):
        CitationFactory(article=article)
    with django_assert_num_queries(len(two.captured_queries)):
        page = admin_client.get(url).content.decode()
    assert 'name="citations-29-reference"' in page and 'name="citations-30-reference"' not in page
    assert 'name="citations-1-reference"' in first and 'name="citations-2-reference"' not in first
    chosen = article.citations.order_by("number").last().reference
    assert f'<option value="{chosen.pk}" selected>{chosen}</option>' in page  # the widget still shows it


# The same page for an author who is not an editor of every article: whether they may edit it (its authors and
# their profile) is read once per page, not once per inline permission (it was 80 queries for a colleague's article).
AUTHOR_CHANGE_PAGE_QUERIES = 34  # and the languages: the site settings once, the translation group


@pytest.mark.parametrize("theirs", [True, False], ids=["an author of it", "a colleague's"])
def test_change_page_reads_whether_an_author_may_edit_once(client, django_assert_max_num_queries, theirs):
    user = reviewer_user("writer", "Dr Writer")  # a login with a contributor profile
    user.groups.add(Group.objects.get(name="Author"))
    article = complete_article(children=2)
    if theirs:
        article.authors.add(user.contributor_profile)
    client.force_login(user)
    url = reverse("admin:articles_article_change", args=[article.pk])
    client.get(url)

    with django_assert_max_num_queries(AUTHOR_CHANGE_PAGE_QUERIES):
        page = client.get(url).content.decode()
    for _ in range(8):
        KeyPointFactory(article=article)
        SectionFactory(article=article)
    with django_assert_max_num_queries(AUTHOR_CHANGE_PAGE_QUERIES):
        assert client.get(url).status_code == 200
    assert ("You are not one of the authors of this article" in page) is not theirs


def test_the_table_rows_inputs_are_named_by_their_column_and_each_delete_box_by_its_row(admin_client):
    """A table's cells have no <label>: the comparison and citation rows take their column's header (the empty form
    that "Add another" copies too), and each Delete checkbox names its row."""
    import re

    article = complete_article(children=1)
    comparison, citation = article.cause_comparisons.get(), article.citations.get()

    page = admin_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()

    def attrs(element_id: str) -> str:
        return re.search(rf'<[^>]* id="{re.escape(element_id)}"[^>]*>', page).group(0)

    assert 'aria-label="Cause"' in attrs("id_cause_comparisons-0-cause")
    assert 'aria-label="Cause"' in attrs("id_cause_comparisons-__prefix__-cause")
    assert f'aria-label="Delete “{comparison.cause}”"' in attrs("id_cause_comparisons-0-DELETE")
    assert 'aria-label="Reference"' in attrs("id_citations-0-reference")
    assert f'aria-label="Delete “[1] {citation.reference}”"' in attrs("id_citations-0-DELETE")
    # The stacked inlines keep their visible labels.
    assert "aria-label" not in attrs("id_sections-0-heading")


def test_the_add_page_says_its_checks_follow_the_typing(admin_client):
    page = admin_client.get(reverse("admin:articles_article_add")).content.decode()

    assert "Nothing to measure yet: shown as you type." in page
    assert "Checked as you type." in page
    assert "Shown after saving." not in page and "Checked after saving." not in page
