"""References, topics and contributors in the management API."""

import pytest
from django.core.cache import caches

from core.versioning import record_versions
from references.models import Reference
from tests.helpers.factories import CitationFactory, ContributorFactory, ReferenceFactory, TopicFactory
from tests.helpers.manage_api import token_client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_throttles():
    caches["throttles"].clear()


HOLICK = {
    "kind": "journal_article",
    "title": "Vitamin D deficiency",
    "authors": "Holick MF",
    "container": "N Engl J Med",
    "year": 2007,
    "volume": "357",
    "issue": "3",
    "pages": "266-281",
    "doi": "https://doi.org/10.1056/NEJMra070553",
    "pmid": "17634462",
}


def test_a_reference_is_created_normalised_and_versioned(author):
    response = token_client(author).post("/api/v1/manage/references/", HOLICK, format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["doi"], body["version"], response["ETag"]) == ("10.1056/nejmra070553", 1, '"1"')
    assert body["citation"].startswith("Holick MF. Vitamin D deficiency. N Engl J Med. 2007;357(3):266-281.")


@pytest.mark.parametrize("identifier", [{"doi": "10.1056/NEJMRA070553"}, {"pmid": "17634462", "doi": ""}])
def test_a_reference_that_exists_is_a_409_naming_it(author, identifier):
    existing = ReferenceFactory(doi="10.1056/nejmra070553", pmid="17634462")

    response = token_client(author).post("/api/v1/manage/references/", {**HOLICK, **identifier}, format="json")

    assert response.status_code == 409
    assert response.json()["id"] == existing.pk
    assert Reference.objects.count() == 1


def test_a_malformed_doi_is_a_400_naming_the_field(author):
    response = token_client(author).post("/api/v1/manage/references/", {**HOLICK, "doi": "nope"}, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["doi"]


def test_changing_a_reference_needs_the_etag_and_raises_the_version(author):
    client = token_client(author)
    reference = ReferenceFactory()
    url = f"/api/v1/manage/references/{reference.pk}/"

    assert client.patch(url, {"title": "New"}, format="json").status_code == 428
    assert client.patch(url, {"title": "New"}, format="json", HTTP_IF_MATCH='"9"').status_code == 412
    changed = client.patch(url, {"title": "New"}, format="json", HTTP_IF_MATCH='"1"')

    assert changed.status_code == 200
    assert (changed.json()["title"], changed["ETag"]) == ("New", '"2"')


def test_a_cited_reference_cannot_be_deleted(editor):
    client = token_client(editor)
    cited, free = CitationFactory().reference, ReferenceFactory()

    refused = client.delete(f"/api/v1/manage/references/{cited.pk}/", HTTP_IF_MATCH='"1"')
    deleted = client.delete(f"/api/v1/manage/references/{free.pk}/", HTTP_IF_MATCH='"1"')

    assert refused.status_code == 409
    assert "cite this reference" in refused.json()["detail"]
    assert deleted.status_code == 204
    assert list(Reference.objects.values_list("pk", flat=True)) == [cited.pk]


def test_topics_and_contributors_round_trip_with_etags(editor):
    client = token_client(editor)
    created = client.post(
        "/api/v1/manage/topics/", {"slug": "электролиты", "name": "Электролиты", "is_condition": False}, format="json"
    )
    url = "/api/v1/manage/topics/электролиты/"
    read = client.get(url)

    stale = client.patch(url, {"description": "x"}, format="json", HTTP_IF_MATCH='"not-it"')
    changed = client.patch(url, {"description": "Salts."}, format="json", HTTP_IF_MATCH=read["ETag"])

    assert created.status_code == 201
    assert stale.status_code == 412
    assert changed.status_code == 200 and changed.json()["description"] == "Salts."
    assert changed["ETag"] != read["ETag"]
    assert client.delete(url).status_code == 428
    assert client.delete(url, HTTP_IF_MATCH=changed["ETag"]).status_code == 204


@pytest.mark.parametrize("path", ["topics", "contributors"])
def test_a_change_through_the_api_raises_the_version_that_admin_pages_check(editor, path):
    record = TopicFactory(slug="iron") if path == "topics" else ContributorFactory(slug="iron")
    client = token_client(editor)
    url = f"/api/v1/manage/{path}/iron/"

    changed = client.patch(url, {"name": "Changed"}, format="json", HTTP_IF_MATCH=client.get(url)["ETag"])

    assert changed.status_code == 200 and changed.json()["name"] == "Changed"
    record.refresh_from_db()
    assert (record.name, record.version) == ("Changed", 2)
    assert [(v.revision.user, v.field_dict["version"]) for v in record_versions(record)] == [(editor, 2), (None, 1)]


def test_a_contributor_still_used_cannot_be_deleted(editor):
    from tests.helpers.factories import ArticleFactory

    reviewer = ArticleFactory().medical_reviewer
    client = token_client(editor)
    url = f"/api/v1/manage/contributors/{reviewer.slug}/"

    response = client.delete(url, HTTP_IF_MATCH=client.get(url)["ETag"])

    assert response.status_code == 409
    assert "still use this one" in response.json()["detail"]
    free = ContributorFactory()
    other = f"/api/v1/manage/contributors/{free.slug}/"
    assert client.delete(other, HTTP_IF_MATCH=client.get(other)["ETag"]).status_code == 204


def test_authors_may_read_topics_but_not_write_them(author):
    client = token_client(author)
    TopicFactory(slug="minerals")

    assert client.get("/api/v1/manage/topics/").status_code == 200
    assert client.post("/api/v1/manage/topics/", {"slug": "x", "name": "X"}, format="json").status_code == 403


def test_the_schema_documents_the_management_api_and_its_token(client):
    schema = client.get("/api/schema/").json()

    assert schema["components"]["securitySchemes"]["tokenAuth"]["name"] == "Authorization"
    paths = schema["paths"]
    assert "/api/v1/manage/articles/{slug}/transitions/" in paths
    patch = paths["/api/v1/manage/articles/{slug}/"]["patch"]
    assert {"412", "428"} <= set(patch["responses"])
    assert any(parameter["name"] == "If-Match" for parameter in patch["parameters"])
    assert {"tokenAuth": []} in patch["security"]


def test_a_flag_must_be_true_or_false_not_a_number(editor):
    client = token_client(editor)

    response = client.post("/api/v1/manage/topics/", {"slug": "iron", "name": "Iron", "is_condition": 0}, format="json")

    assert response.status_code == 400
    assert response.json() == {"is_condition": ["Must be true or false."]}
    fine = client.post("/api/v1/manage/topics/", {"slug": "iron", "name": "Iron", "is_condition": False}, format="json")
    assert fine.status_code == 201


@pytest.mark.parametrize("path", ["topics", "contributors"])
def test_a_slug_another_record_holds_is_a_409_naming_the_field(editor, path):
    client = token_client(editor)
    existing = TopicFactory(slug="iron") if path == "topics" else ContributorFactory(slug="iron")

    response = client.post(f"/api/v1/manage/{path}/", {"slug": "iron", "name": "Another"}, format="json")

    assert response.status_code == 409
    assert "slug" in response.json()
    assert type(existing).objects.count() == 1
    assert client.post(f"/api/v1/manage/{path}/", {"slug": "zinc", "name": "Zinc"}, format="json").status_code == 201


@pytest.mark.parametrize("url", ["http://192.168.0.1/paper", " https://www.nejm.org/", "ftp://ftp.ncbi.nlm.nih.gov/"])
def test_a_reference_address_the_schema_refuses_is_a_400_naming_url(author, url):
    client = token_client(author)

    response = client.post("/api/v1/manage/references/", {**HOLICK, "url": url}, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["url"]
    assert not Reference.objects.exists()
    # Positive control: the same record with an address a reader can open.
    assert (
        client.post("/api/v1/manage/references/", {**HOLICK, "url": "https://www.nejm.org/"}, format="json").status_code
        == 201
    )


def test_who_saved_a_reference_through_the_api_is_kept_for_the_admins_stale_message(author):
    client = token_client(author)
    created = client.post("/api/v1/manage/references/", HOLICK, format="json").json()

    client.patch(
        f"/api/v1/manage/references/{created['id']}/", {"title": "Changed"}, format="json", HTTP_IF_MATCH='"1"'
    )

    saves = [
        (v.revision.user.get_username(), v.field_dict["version"]) for v in record_versions(Reference.objects.get())
    ]
    assert saves == [(author.get_username(), 2), (author.get_username(), 1)]


def test_topic_and_contributor_translations_are_written_and_read_by_language(editor):
    client = token_client(editor)
    body = {"slug": "vitamins", "name": "Vitamins", "description": "Small nutrients."}
    translations = {"es": {"name": " Vitaminas ", "description": ""}, "fr": {"name": "", "description": ""}}

    created = client.post("/api/v1/manage/topics/", {**body, "translations": translations}, format="json")
    person = client.post(
        "/api/v1/manage/contributors/",
        {"slug": "ana", "name": "Ana", "bio": "Dietitian.", "translations": {"es": {"bio": "Dietista."}}},
        format="json",
    )
    read = client.get("/api/v1/manage/topics/vitamins/")
    replaced = client.patch(
        "/api/v1/manage/topics/vitamins/",
        {"translations": {"pt-BR": {"name": "Vitaminas (Brasil)"}}},
        format="json",
        HTTP_IF_MATCH=read["ETag"],
    )

    assert created.status_code == 201, created.json()
    # Texts trimmed, blank texts and languages without any dropped.
    assert created.json()["translations"] == {"es": {"name": "Vitaminas"}}
    assert person.json()["translations"] == {"es": {"bio": "Dietista."}}
    assert replaced.status_code == 200 and replaced.json()["translations"] == {"pt-BR": {"name": "Vitaminas (Brasil)"}}


@pytest.mark.parametrize(
    ("translations", "named"),
    [
        ({"not a tag": {"name": "x"}}, "not a tag"),
        ({"es": {"bio": "x"}}, "bio"),  # a topic has no biography to translate
        ({"es": {"name": 5}}, "name"),
        ({"es": {"name": "x" * 121}}, "name"),
        ({"ES": {"name": "y"}}, "Write this language as es."),
    ],
)
def test_a_malformed_translation_is_a_400_naming_it_and_changes_nothing(editor, translations, named):
    TopicFactory(slug="vitamins", name="Vitamins")
    client = token_client(editor)
    read = client.get("/api/v1/manage/topics/vitamins/")
    control = client.patch(
        "/api/v1/manage/topics/vitamins/",
        {"translations": {"es": {"name": "Vitaminas"}}},
        format="json",
        HTTP_IF_MATCH=read["ETag"],
    )

    refused = client.patch(
        "/api/v1/manage/topics/vitamins/", {"translations": translations}, format="json", HTTP_IF_MATCH=control["ETag"]
    )

    assert control.status_code == 200  # a well-formed one is taken
    assert refused.status_code == 400
    assert named in str(refused.json()["translations"])
    assert client.get("/api/v1/manage/topics/vitamins/").json()["translations"] == {"es": {"name": "Vitaminas"}}


@pytest.mark.parametrize("path", ["topics", "contributors"])
@pytest.mark.parametrize("slug", ["\tiron", "iron ", " iron"])
def test_a_slug_with_whitespace_around_it_is_refused_not_trimmed(editor, path, slug):
    client = token_client(editor)

    refused = client.post(f"/api/v1/manage/{path}/", {"slug": slug, "name": f"Iron {path}"}, format="json")
    taken = client.post(f"/api/v1/manage/{path}/", {"slug": "iron", "name": f"Iron {path}"}, format="json")

    assert refused.status_code == 400 and list(refused.json()) == ["slug"]
    assert taken.status_code == 201  # control: the same slug as the schema writes it
