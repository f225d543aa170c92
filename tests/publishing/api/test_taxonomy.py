"""/topics/ and /contributors/ show only what a live publication names."""

import pytest

from publishing.services.lifecycle import article_transition
from tests.helpers.factories import ContributorFactory, TopicFactory, complete_article
from tests.helpers.publishing import publish_reviewed

pytestmark = pytest.mark.django_db


def slugs(response) -> set[str]:
    return {item["slug"] for item in response.json()["results"]}


def test_a_topic_or_person_made_for_a_draft_is_not_public(api_client, draft_article):
    draft_article.topics.add(TopicFactory(slug="secret-topic"))
    draft_article.authors.add(ContributorFactory(slug="secret-author"))
    live = complete_article(children=1, slug="live-one")
    live.topics.set([TopicFactory(slug="public-topic")])
    live.authors.set([ContributorFactory(slug="public-author")])
    publish_reviewed(live)

    topics, people = slugs(api_client.get("/api/v1/topics/")), slugs(api_client.get("/api/v1/contributors/"))

    assert topics == {"public-topic"}
    assert people == {"public-author", live.medical_reviewer.slug}  # authors and the reviewer
    assert api_client.get("/api/v1/topics/secret-topic/").status_code == 404
    assert api_client.get("/api/v1/contributors/secret-author/").status_code == 404
    assert api_client.get("/api/v1/topics/public-topic/").status_code == 200


def test_unpublishing_the_last_article_that_names_them_hides_them_again(api_client, published_article, publisher):
    assert slugs(api_client.get("/api/v1/topics/"))  # something was public

    article_transition("unpublish", article=published_article, user=publisher)

    assert slugs(api_client.get("/api/v1/topics/")) == set()
    assert slugs(api_client.get("/api/v1/contributors/")) == set()


def test_authors_added_to_the_working_copy_after_publishing_stay_private(api_client, published_article):
    published_article.authors.add(ContributorFactory(slug="added-later"))

    assert "added-later" not in slugs(api_client.get("/api/v1/contributors/"))
    publish_reviewed(published_article)
    assert "added-later" in slugs(api_client.get("/api/v1/contributors/"))


def test_an_edit_of_a_person_or_topic_is_not_public_until_an_article_naming_them_is_approved_again(
    api_client, published_article
):
    person = published_article.authors.first()
    topic = published_article.topics.first()
    approved_name, approved_credentials = person.name, person.credentials
    person.name, person.credentials = "Renamed", "MD (unreviewed)"
    person.save()
    topic.name = "Renamed topic"
    topic.save()

    listed = {p["slug"]: p for p in api_client.get("/api/v1/contributors/").json()["results"]}
    one = api_client.get(f"/api/v1/contributors/{person.slug}/").json()
    topics = [t["name"] for t in api_client.get("/api/v1/topics/").json()["results"]]

    assert (listed[person.slug]["name"], listed[person.slug]["credentials"]) == (approved_name, approved_credentials)
    assert one["credentials"] == approved_credentials
    assert "Renamed topic" not in topics
    publish_reviewed(published_article)  # a new review and publication
    assert api_client.get(f"/api/v1/contributors/{person.slug}/").json()["credentials"] == "MD (unreviewed)"
