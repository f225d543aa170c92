"""/topics/ and /contributors/ show only what a live publication names."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from publishing.services.editorial_steps import article_transition
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


def names(response) -> list[str]:
    assert response.status_code == 200
    return [item["name"] for item in response.json()["results"]]


def test_a_topic_is_shown_as_the_newest_live_publication_naming_it_approved_it_whichever_leaves(api_client, publisher):
    """The current record of a topic moves with the live set: to the newer publication when it goes live (now or
    at its scheduled time), back to the older one when the newer is unpublished."""
    topic = TopicFactory(slug="shared", name="Old name")
    first, second = complete_article(children=1, slug="first"), complete_article(children=1, slug="second")
    first.topics.set([topic])
    second.topics.set([topic])
    publish_reviewed(first)
    topic.name = "New name"
    topic.save()
    assert names(api_client.get("/api/v1/topics/")) == ["Old name"]
    publish_reviewed(second)

    assert names(api_client.get("/api/v1/topics/")) == ["New name"]
    assert api_client.get("/api/v1/topics/shared/").json()["name"] == "New name"

    article_transition("unpublish", article=second, user=publisher)

    assert names(api_client.get("/api/v1/topics/")) == ["Old name"]  # once, as the remaining publication has it
    assert api_client.get("/api/v1/topics/shared/").json()["name"] == "Old name"


def test_a_scheduled_publication_names_its_topic_from_its_go_live_time(api_client):
    start = datetime.datetime.combine(timezone.localdate(), datetime.time(12), tzinfo=datetime.UTC)
    topic = TopicFactory(slug="later", name="Approved name")
    article = complete_article(children=1, slug="scheduled")
    article.topics.set([topic])
    with time_machine.travel(start, tick=False):
        publish_reviewed(complete_article(children=1, slug="now"))
        publish_reviewed(article, live_from=start + datetime.timedelta(minutes=5))
        assert "Approved name" not in names(api_client.get("/api/v1/topics/"))

    with time_machine.travel(start + datetime.timedelta(minutes=5), tick=False):
        assert "Approved name" in names(api_client.get("/api/v1/topics/"))
