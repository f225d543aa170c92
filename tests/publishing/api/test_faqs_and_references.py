"""/faqs/ and /references/: what was published, as it was published."""

import pytest

from publishing.services.editorial_steps import article_transition
from tests.helpers.factories import ReferenceFactory, complete_article
from tests.helpers.publishing import publish_reviewed

pytestmark = pytest.mark.django_db


def test_references_are_listed_once_as_their_newest_publication_cited_them(api_client, published_article):
    other = complete_article(children=0, slug="second")
    shared = published_article.citations.first().reference
    other.citations.create(reference=shared, number=1)
    publish_reviewed(other)

    body = api_client.get("/api/v1/references/").json()
    assert body["count"] == 2
    # A reference listed on its own carries no article's citation number or anchor.
    assert not {"number", "anchor"} & set(body["results"][0])
    assert sorted(item["id"] for item in body["results"]) == sorted(
        published_article.citations.values_list("reference_id", flat=True)
    )


def test_reference_filters_by_doi_and_pmid(api_client, published_article):
    reference = published_article.citations.first().reference
    reference.doi = "10.1056/NEJMra070553"
    reference.pmid = "17634462"
    reference.save()
    publish_reviewed(published_article)

    by_doi = api_client.get("/api/v1/references/", {"doi": "https://doi.org/10.1056/NEJMRA070553"}).json()
    by_pmid = api_client.get("/api/v1/references/", {"pmid": "17634462"}).json()

    assert [item["doi"] for item in by_doi["results"]] == ["10.1056/nejmra070553"]
    assert [item["pmid"] for item in by_pmid["results"]] == ["17634462"]


@pytest.mark.parametrize(("params", "named"), [({"doi": "not-a-doi"}, "doi"), ({"pmid": "PMC123"}, "pmid")])
def test_malformed_reference_identifiers_are_a_400(api_client, params, named):
    response = api_client.get("/api/v1/references/", params)

    assert response.status_code == 400
    assert list(response.json()) == [named]


def test_faq_list_entries_name_their_article(api_client, published_article):
    body = api_client.get("/api/v1/faqs/", {"article": published_article.slug}).json()

    entry = body["results"][0]
    assert set(entry) == {"id", "position", "question", "answer_markdown", "answer_html", "article"}
    assert entry["article"] == {
        "slug": published_article.slug,
        "title": published_article.title,
        "url": f"http://testserver/api/v1/articles/{published_article.slug}/",
    }


def test_faq_search_matches_question_and_answer(api_client, published_article):
    faq = published_article.faqs.first()
    faq.question = "Does caffeine cause twitching?"
    faq.answer = "Large amounts of **coffee** can."
    faq.save()
    publish_reviewed(published_article)

    assert api_client.get("/api/v1/faqs/", {"search": "caffeine"}).json()["count"] == 1
    assert api_client.get("/api/v1/faqs/", {"search": "coffee"}).json()["count"] == 1
    assert api_client.get("/api/v1/faqs/", {"search": "zinc"}).json()["count"] == 0
    [entry] = api_client.get("/api/v1/faqs/", {"search": "COFFEE"}).json()["results"]
    assert entry["answer_markdown"] == "Large amounts of **coffee** can."
    assert entry["answer_html"] == "<p>Large amounts of <strong>coffee</strong> can.</p>"


def test_faq_search_ignores_the_case_of_letters_beyond_ascii(api_client, published_article):
    faq = published_article.faqs.first()
    faq.question = "Hilft Eisen bei Müdigkeit?"
    faq.save()
    publish_reviewed(published_article)

    assert api_client.get("/api/v1/faqs/", {"search": "MÜDIGKEIT"}).json()["count"] == 1
    assert api_client.get("/api/v1/faqs/", {"search": "müdigkeit eisen"}).json()["count"] == 1
    assert api_client.get("/api/v1/faqs/", {"search": "müde"}).json()["count"] == 0  # control


def test_the_references_of_one_article_come_in_citation_order_not_by_title(api_client):
    article = complete_article(children=0, slug="ordered")
    for title in ("Zeta study", "Alpha review", "Mu guideline"):
        article.citations.create(reference=ReferenceFactory(title=title))
    publish_reviewed(article)

    results = api_client.get("/api/v1/references/", {"article": "ordered"}).json()["results"]
    everything = api_client.get("/api/v1/references/").json()["results"]

    assert [item["title"] for item in results] == ["Zeta study", "Alpha review", "Mu guideline"]
    # Without ?article= there is no citation number to follow: the whole list is by title.
    assert [item["title"] for item in everything] == ["Alpha review", "Mu guideline", "Zeta study"]


def test_a_reference_is_listed_as_its_newest_live_citation_whichever_leaves(api_client, publisher):
    first, second = complete_article(children=1, slug="first"), complete_article(children=1, slug="second")
    reference = first.citations.get().reference
    second.citations.update(reference=reference)
    publish_reviewed(first)
    approved_title = reference.title
    reference.title = "Edited title"
    reference.save()
    publish_reviewed(second)
    assert [item["title"] for item in api_client.get("/api/v1/references/").json()["results"]] == ["Edited title"]

    article_transition("unpublish", article=second, user=publisher)

    listed = api_client.get("/api/v1/references/").json()["results"]
    assert [item["title"] for item in listed] == [approved_title]  # once, as the remaining publication cited it
