"""If-Match on every resource of the management API, read by one helper (manage_api.http.if_match_sent) with
RFC 9110 semantics: `*` matches whatever exists, a list matches when one of its tags does (strong comparison:
a weak tag never matches), a malformed header is a 400 naming If-Match, a missing one a 428."""

import pytest
from django.core.cache import caches

from tests.helpers.factories import ContributorFactory, ReferenceFactory, TopicFactory, UserFactory
from tests.helpers.manage_api import token_client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_throttles():
    caches["throttles"].clear()
    yield
    caches["throttles"].clear()


def _article(author):
    client = token_client(author)
    body = {"title": "Iron", "summary": "Iron.", "authors": [ContributorFactory().slug]}  # ready to submit
    slug = client.post("/api/v1/manage/articles/", body, format="json").json()["slug"]
    return client, f"/api/v1/manage/articles/{slug}/", {"summary": "Changed."}, "summary", "Changed."


def _reference(author):
    return (
        token_client(author),
        f"/api/v1/manage/references/{ReferenceFactory().pk}/",
        {"title": "Changed"},
        "title",
        "Changed",
    )


def _topic(editor):
    slug = TopicFactory().slug
    change = {"description": "Changed."}
    return token_client(editor), f"/api/v1/manage/topics/{slug}/", change, "description", "Changed."


def _contributor(editor):
    slug = ContributorFactory().slug
    return token_client(editor), f"/api/v1/manage/contributors/{slug}/", {"name": "Changed"}, "name", "Changed"


def _webhook(editor):
    client = token_client(UserFactory(username="ops", is_superuser=True))
    created = client.post(
        "/api/v1/manage/webhooks/",
        {"url": "https://hooks.example.org/cms", "events": ["article.published"]},
        format="json",
    )
    url = f"/api/v1/manage/webhooks/{created.json()['id']}/"
    return client, url, {"description": "Changed."}, "description", "Changed."


RESOURCES = {  # who may change and delete each (None: a superuser; an author may not delete an article)
    "articles": (_article, None),
    "references": (_reference, "editor"),
    "topics": (_topic, "editor"),
    "contributors": (_contributor, "editor"),
    "webhooks": (_webhook, "editor"),
}


@pytest.fixture(params=list(RESOURCES))
def resource(request):
    make, role = RESOURCES[request.param]
    client, url, change, field, value = make(request.getfixturevalue(role) if role else UserFactory(is_superuser=True))
    read = client.get(url)
    assert read.status_code == 200
    return client, url, change, field, value, read["ETag"]


def test_a_list_with_the_current_etag_among_others_matches(resource):
    client, url, change, field, value, current = resource

    response = client.patch(url, change, format="json", HTTP_IF_MATCH=f'"999", {current}, "x"')

    assert response.status_code == 200, response.json()
    assert client.get(url).json()[field] == value


def test_a_list_without_the_current_etag_is_a_412_and_changes_nothing(resource):
    client, url, change, field, value, current = resource

    response = client.patch(url, change, format="json", HTTP_IF_MATCH='"999", "1000", "x"')

    assert response.status_code == 412
    assert client.get(url)["ETag"] == current
    assert client.get(url).json()[field] != value


def test_star_matches_the_record_that_exists(resource):
    client, url, change, field, value, _current = resource

    response = client.patch(url, change, format="json", HTTP_IF_MATCH="*")

    assert response.status_code == 200, response.json()
    assert client.get(url).json()[field] == value


def test_a_weak_tag_never_matches_if_match(resource):
    """If-Match compares strongly: W/"1" is not "1" (RFC 9110 section 13.1.1)."""
    client, url, change, field, value, current = resource

    weak = client.patch(url, change, format="json", HTTP_IF_MATCH=f"W/{current}")
    weak_in_a_list = client.patch(url, change, format="json", HTTP_IF_MATCH=f'"999", W/{current}')

    assert (weak.status_code, weak_in_a_list.status_code) == (412, 412)
    assert client.get(url).json()[field] != value


def test_without_if_match_a_change_is_a_428(resource):
    client, url, change, field, value, _current = resource

    assert client.patch(url, change, format="json").status_code == 428
    assert client.delete(url).status_code == 428
    assert client.get(url).json()[field] != value


@pytest.mark.parametrize("sent", ["3", 'W/"3', '"3" "4"', '"a b"', '*, "1"', '"' + "9" * 300 + '"'])
def test_a_malformed_if_match_is_a_400_naming_it(resource, sent):
    client, url, change, _field, _value, _current = resource

    response = client.patch(url, change, format="json", HTTP_IF_MATCH=sent)

    assert response.status_code == 400
    assert list(response.json()) == ["If-Match"]


def test_a_delete_matches_a_list_the_same_way(resource):
    client, url, _change, _field, _value, current = resource

    assert client.delete(url, HTTP_IF_MATCH='"999", W/' + current).status_code == 412
    assert client.delete(url, HTTP_IF_MATCH=f'"999", {current}').status_code == 204
    assert client.get(url).status_code == 404


def test_a_number_spelt_otherwise_is_not_the_version(author):
    """Entity tags are opaque: "01" is not "1", even where the ETag is a version number."""
    client, url, change, _field, _value = _article(author)

    assert client.patch(url, change, format="json", HTTP_IF_MATCH='"01"').status_code == 412
    assert client.patch(url, change, format="json", HTTP_IF_MATCH='"01", "1"').status_code == 200


def test_a_transition_takes_a_list_and_star(author):
    client, url, _change, _field, _value = _article(author)
    current = client.get(url)["ETag"]

    stale = client.post(f"{url}transitions/", {"action": "submit"}, format="json", HTTP_IF_MATCH='"7", "8"')
    weak = client.post(f"{url}transitions/", {"action": "submit"}, format="json", HTTP_IF_MATCH=f"W/{current}")
    submitted = client.post(f"{url}transitions/", {"action": "submit"}, format="json", HTTP_IF_MATCH=f'"7", {current}')
    withdrawn = client.post(f"{url}transitions/", {"action": "withdraw"}, format="json", HTTP_IF_MATCH="*")

    assert (stale.status_code, weak.status_code) == (412, 412)
    assert (submitted.status_code, submitted.json()["status"]) == (200, "in_review")
    assert (withdrawn.status_code, withdrawn.json()["status"]) == (200, "draft")
