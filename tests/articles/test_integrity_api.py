"""Readability, review freshness, site settings and JSON-LD, as the API and the admin show them."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from core.models import SiteSettings
from tests.helpers.admin_forms import article_change_data
from tests.helpers.factories import ArticleFactory, ContributorFactory, TopicFactory, complete_article
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

    assert set(readability) == {"flesch_kincaid_grade", "flesch_reading_ease"}
    assert isinstance(readability["flesch_kincaid_grade"], float)


def test_admin_shows_readability_and_warns_above_grade_10(admin_client):
    hard = ArticleFactory(
        summary="Hypovitaminosis D precipitates hypocalcemia, consequently engendering neuromuscular "
        "hyperexcitability manifesting as involuntary fasciculations."
    )

    page = admin_client.get(reverse("admin:articles_article_change", args=[hard.pk])).content.decode()
    response = admin_client.post(reverse("admin:articles_article_change", args=[hard.pk]), article_change_data(hard))

    assert "Flesch-Kincaid grade" in page and "above the grade 10 target" in page
    assert response.status_code == 302
    warnings = [str(message) for message in response.wsgi_request._messages]
    assert any("patient-facing text should be at grade 10 or below" in warning for warning in warnings)


def test_easy_text_gets_no_readability_warning(admin_client):
    easy = ArticleFactory(summary="Eat fish. Get some sun.", intro="Ask your doctor.")

    response = admin_client.post(reverse("admin:articles_article_change", args=[easy.pk]), article_change_data(easy))

    assert not any("grade 10" in str(message) for message in response.wsgi_request._messages)


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


def test_admin_review_filter_and_dashboard_count(admin_client):
    today = timezone.localdate()
    ArticleFactory(title="Stale one", next_review_due=today - datetime.timedelta(days=3))
    ArticleFactory(title="Stale two", next_review_due=today - datetime.timedelta(days=400))
    ArticleFactory(title="Fresh", next_review_due=today + datetime.timedelta(days=300))

    changelist = admin_client.get(reverse("admin:articles_article_changelist"), {"review": "overdue"})
    dashboard = admin_client.get(reverse("admin:index")).content.decode()

    assert changelist.context["cl"].result_count == 2
    assert "<strong>2</strong> articles overdue for medical review" in dashboard
    assert "?review=overdue" in dashboard


def test_site_settings_are_edited_in_the_admin_and_drive_the_default_disclaimer(admin_client, api_client):
    url = reverse("admin:core_sitesettings_change", args=[1])
    response = admin_client.post(
        url,
        {
            "default_disclaimer": "Edited in the admin.",
            "review_interval_months": "6",
            "site_name": "Health Site",
            "article_url_template": "https://health.example.org/a/{slug}/",
            "language": "en-GB",
        },
    )
    article = publish(slug="uses-default")
    own = publish(slug="has-its-own", disclaimer="Ask your pharmacist.")

    assert response.status_code == 302
    assert SiteSettings.load().review_interval_months == 6
    assert api_client.get(f"/api/v1/articles/{article.slug}/").json()["disclaimer"] == "Edited in the admin."
    assert api_client.get(f"/api/v1/articles/{own.slug}/").json()["disclaimer"] == "Ask your pharmacist."


def test_site_settings_reject_an_article_address_without_slug(admin_client):
    response = admin_client.post(
        reverse("admin:core_sitesettings_change", args=[1]),
        {
            "default_disclaimer": "x",
            "review_interval_months": "0",
            "site_name": "S",
            "article_url_template": "https://example.org/articles/",
            "language": "en",
        },
    )

    errors = response.context["adminform"].form.errors
    assert "must contain {slug}" in errors["article_url_template"][0]
    assert "review_interval_months" in errors


def test_there_is_one_site_settings_row(admin_client):
    assert admin_client.get(reverse("admin:core_sitesettings_changelist")).url.endswith("/1/change/")
    assert admin_client.get(reverse("admin:core_sitesettings_add")).status_code == 403
    SiteSettings(default_disclaimer="again").save()
    assert SiteSettings.objects.count() == 1


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
    assert page["lastReviewed"] == detail["last_reviewed_at"]
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
    assert page["audience"] == {"@type": "Patient"}
    assert page["inLanguage"] == "en"
    assert len(page["citation"]) == 2
    assert all(work["@type"] == "CreativeWork" and work["name"] for work in page["citation"])
    assert page["citation"][0]["sameAs"] == "https://doi.org/10.1056/nejmra070553"
    assert "sameAs" not in page["citation"][1]


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


def test_jsonld_is_frozen_at_publish_time(api_client, jsonld_article):
    before = api_client.get("/api/v1/articles/low-calcium/jsonld/").content
    jsonld_article.summary = "Changed after publishing."
    jsonld_article.save()

    assert api_client.get("/api/v1/articles/low-calcium/jsonld/").content == before


def test_jsonld_of_a_draft_is_not_found(api_client, draft_article):
    assert api_client.get(f"/api/v1/articles/{draft_article.slug}/jsonld/").status_code == 404


def test_jsonld_is_documented_in_the_openapi_schema(client):
    schema = client.get("/api/schema/").json()

    operation = schema["paths"]["/api/v1/articles/{slug}/jsonld/"]["get"]
    assert "application/ld+json" in operation["responses"]["200"]["content"]


def test_demo_articles_pass_the_jsonld_checks(api_client):
    call_command("load_demo_content")

    for slug in slugs(api_client.get("/api/v1/articles/")):
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
            "inLanguage",
        ):
            assert page[required], (slug, required)
        assert graph_node(jsonld, "FAQPage")["mainEntity"]
