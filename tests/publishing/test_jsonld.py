"""schema.org JSON-LD of published articles, frozen at publish time."""

import json

import pytest
from django.core.management import call_command

from core.models import SiteSettings
from references.models import Reference
from tests.helpers.factories import ContributorFactory, FAQFactory, TopicFactory, complete_article
from tests.helpers.publishing import publish_reviewed

pytestmark = pytest.mark.django_db


def slugs(response) -> list[str]:
    return [item["slug"] for item in response.json()["results"]]


def graph_node(jsonld: dict, node_type: str) -> dict:
    return next(node for node in jsonld["@graph"] if node["@type"] == node_type)


@pytest.fixture
def jsonld_article():
    condition = TopicFactory(name="Hypocalcemia", is_condition=True)
    general = TopicFactory(name="Nutrition", is_condition=False)
    article = complete_article(children=2, slug="low-calcium")
    article.topics.add(condition, general)
    article.authors.set([ContributorFactory(name="Jo Writer", credentials="MS, RD")])
    reference = article.citations.first().reference
    reference.doi, reference.pmid = "10.1056/NEJMra070553", "17634462"
    reference.save()
    publish_reviewed(article)
    return article


def test_jsonld_is_served_as_ld_json_with_a_medical_web_page_and_faq_page(api_client, jsonld_article):
    response = api_client.get("/api/v1/articles/low-calcium/jsonld/", HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    jsonld = json.loads(response.content)
    assert jsonld["@context"] == "https://schema.org"
    assert [node["@type"] for node in jsonld["@graph"]] == ["MedicalWebPage", "FAQPage"]


def test_jsonld_medical_web_page_has_the_required_properties(api_client, jsonld_article):
    jsonld = json.loads(api_client.get("/api/v1/articles/low-calcium/jsonld/").content)
    detail = api_client.get("/api/v1/articles/low-calcium/").json()

    page = graph_node(jsonld, "MedicalWebPage")
    assert page["headline"] == page["name"] == detail["title"]
    assert page["abstract"] == detail["summary"]
    assert page["url"] == "https://www.example.org/articles/low-calcium/"
    assert page["datePublished"] == detail["published_at"]
    assert page["dateModified"] == detail["updated_at"]
    assert detail["last_reviewed_at"] == "2026-03-01T00:00:00Z"
    assert page["lastReviewed"] == "2026-03-01"  # schema.org's lastReviewed is a Date: the day of the review
    assert page["reviewedBy"]["@type"] == "Person"
    assert page["reviewedBy"]["name"] == jsonld_article.medical_reviewer.name
    assert page["reviewedBy"]["honorificSuffix"] == "MD"
    assert page["author"] == [
        {
            "@type": "Person",
            "name": "Jo Writer",
            "honorificSuffix": "MS, RD",
            "hasCredential": [
                {"@type": "EducationalOccupationalCredential", "name": "MS"},
                {"@type": "EducationalOccupationalCredential", "name": "RD"},
            ],
        }
    ]
    assert page["about"] == [{"@type": "MedicalCondition", "name": "Hypocalcemia"}]
    assert page["audience"] == page["medicalAudience"] == {"@type": "Patient"}
    assert page["inLanguage"] == "en"
    assert len(page["citation"]) == 2
    assert all(work["@type"] == "CreativeWork" and work["name"] for work in page["citation"])
    assert page["citation"][0]["sameAs"] == "https://doi.org/10.1056/nejmra070553"
    assert "sameAs" not in page["citation"][1]


@pytest.mark.parametrize(
    ("kind", "volume", "appeared"),
    [
        ("journal_article", "", {"isPartOf": {"@type": "Periodical", "name": "Where"}}),
        ("guideline", "96", {"isPartOf": {"@type": "Periodical", "name": "Where"}}),  # printed in a journal
        ("website", "", {"isPartOf": {"@type": "WebSite", "name": "Where"}}),
        ("book", "", {"publisher": {"@type": "Organization", "name": "Where"}}),
        ("guideline", "", {"publisher": {"@type": "Organization", "name": "Where"}}),  # issued on its own
    ],
)
def test_jsonld_citation_says_where_the_reference_appeared_and_credits_its_authors(api_client, kind, volume, appeared):
    article = complete_article(children=1, slug="cited")
    Reference.objects.filter(citations__article=article).update(
        kind=kind, volume=volume, container="Where", authors="Holick MF, Binkley NC"
    )
    publish_reviewed(article)

    work = graph_node(json.loads(api_client.get("/api/v1/articles/cited/jsonld/").content), "MedicalWebPage")
    (cited,) = work["citation"]
    assert {key: cited[key] for key in ("isPartOf", "publisher") if key in cited} == appeared
    assert cited["creditText"] == "Holick MF, Binkley NC"  # a text: author wants a Person or an Organization
    assert "author" not in cited


def test_jsonld_faq_page_has_questions_with_accepted_answers(api_client, jsonld_article):
    jsonld = json.loads(api_client.get("/api/v1/articles/low-calcium/jsonld/").content)

    faq_page = graph_node(jsonld, "FAQPage")
    questions = faq_page["mainEntity"]
    assert len(questions) == 2
    for question, faq in zip(questions, jsonld_article.faqs.all(), strict=True):
        assert question["@type"] == "Question"
        assert question["name"] == faq.question
        assert question["acceptedAnswer"]["@type"] == "Answer"
        assert question["acceptedAnswer"]["text"] == "An answer in Markdown."


def test_an_answer_s_citation_markers_leave_no_space_before_its_punctuation(api_client):
    article = complete_article(children=2, slug="cited-answer")
    article.faqs.update(answer="Calcium comes from food [1]. Vitamin D [1,2] helps; so does [1] sunlight.")
    publish_reviewed(article)

    jsonld = json.loads(api_client.get("/api/v1/articles/cited-answer/jsonld/").content)

    answer = graph_node(jsonld, "FAQPage")["mainEntity"][0]["acceptedAnswer"]["text"]
    assert answer == "Calcium comes from food. Vitamin D helps; so does sunlight."


def test_jsonld_is_frozen_at_publish_time(api_client, jsonld_article):
    before = api_client.get("/api/v1/articles/low-calcium/jsonld/").content
    jsonld_article.summary = "Changed after publishing."
    jsonld_article.save()

    assert api_client.get("/api/v1/articles/low-calcium/jsonld/").content == before


def test_jsonld_of_a_draft_is_not_found_and_the_error_is_plain_json(api_client, draft_article, jsonld_article):
    response = api_client.get(f"/api/v1/articles/{draft_article.slug}/jsonld/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"  # an error is not JSON-LD
    assert response.json() == {"detail": "No published article has this address."}
    found = api_client.get(f"/api/v1/articles/{jsonld_article.slug}/jsonld/")
    assert found["Content-Type"] == "application/ld+json"  # positive control


def test_jsonld_is_documented_in_the_openapi_schema(client):
    schema = client.get("/api/schema/").json()

    operation = schema["paths"]["/api/v1/articles/{slug}/jsonld/"]["get"]
    assert "application/ld+json" in operation["responses"]["200"]["content"]


def test_demo_articles_pass_the_jsonld_checks(api_client):
    call_command("load_demo_content")
    published = slugs(api_client.get("/api/v1/articles/"))

    assert len(published) == 3  # the loop below checks every demo article, and there are some
    for slug in published:
        jsonld = json.loads(api_client.get(f"/api/v1/articles/{slug}/jsonld/").content)
        page = graph_node(jsonld, "MedicalWebPage")
        for required in (
            "headline",
            "abstract",
            "url",
            "datePublished",
            "dateModified",
            "lastReviewed",
            "reviewedBy",
            "author",
            "about",
            "citation",
            "audience",
            "medicalAudience",
            "inLanguage",
        ):
            assert page[required], (slug, required)
        assert graph_node(jsonld, "FAQPage")["mainEntity"]


def test_jsonld_can_be_embedded_in_a_script_element_as_it_is(api_client):
    SiteSettings.objects.filter(pk=1).update(site_name="Health </script><script>alert(1)</script>")
    article = complete_article(children=0, slug="embedded", title="Calcium < 2 mmol & falling > fast")
    FAQFactory(
        article=article,
        question="Is </script> a problem?",
        answer="&lt;img src=x onerror=alert(1)&gt; no [x](javascript:alert(1))",
    )
    publish_reviewed(article)

    body = api_client.get("/api/v1/articles/embedded/jsonld/").content

    assert b"<" not in body and b">" not in body and b"&" not in body
    jsonld = json.loads(body)  # the \\u escapes read back as the same text
    page = graph_node(jsonld, "MedicalWebPage")
    assert page["headline"] == "Calcium < 2 mmol & falling > fast"
    assert page["publisher"]["name"] == "Health"  # text, not markup: the script is gone
    question = graph_node(jsonld, "FAQPage")["mainEntity"][0]
    assert question["name"] == "Is  a problem?"
    assert "<" not in question["acceptedAnswer"]["text"]  # "&lt;img …&gt;" did not come back as a tag
    assert question["acceptedAnswer"]["text"].endswith("no [x](javascript:alert(1))")  # words, not a link
