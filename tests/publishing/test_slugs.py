"""A slug belongs to one article at every moment; an article that moves to a new slug leaves a redirect."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.edit_plan import ArticleEdit
from articles.models import Article
from articles.services.editing import article_update
from publishing.models import Publication
from publishing.services.editorial_steps import article_schedule_cancel, article_transition
from tests.helpers.factories import complete_article
from tests.helpers.publishing import approve, approved_article, publish_reviewed

pytestmark = pytest.mark.django_db


def rename(article: Article, slug: str, user) -> None:
    article.refresh_from_db()
    article_update(
        article=article, edit=ArticleEdit(fields={"slug": slug}), user=user, expected_version=article.version
    )


def test_a_slug_held_by_a_scheduled_publication_cannot_be_taken_by_another_article(api_client, author, publisher):
    first = approved_article(slug="vitamin-d", title="First")
    go_live = timezone.now() + datetime.timedelta(days=1)
    article_transition("publish", article=first, user=publisher, live_from=go_live)
    rename(first, "vitamin-d-renamed", author)  # the working copy moves on; the schedule keeps "vitamin-d"
    second = approved_article(slug="vitamin-d", title="Second")

    with pytest.raises(ValidationError, match="“vitamin-d” belongs to “First”, which is live or scheduled"):
        article_transition("publish", article=second, user=publisher)

    assert not Publication.objects.filter(article=second).exists()
    with time_machine.travel(go_live + datetime.timedelta(minutes=1)):
        assert api_client.get("/api/v1/articles/vitamin-d/").json()["title"] == "First"
        assert api_client.get("/api/v1/articles/vitamin-d/jsonld/").status_code == 200
        assert [item["slug"] for item in api_client.get("/api/v1/articles/").json()["results"]] == ["vitamin-d"]


def test_the_slug_is_free_again_once_the_schedule_is_withdrawn(publisher):
    first = approved_article(slug="zinc", title="First")
    article_transition("publish", article=first, user=publisher, live_from=timezone.now() + datetime.timedelta(days=1))
    article_schedule_cancel(article=first, user=publisher)
    Article.objects.filter(pk=first.pk).update(slug="zinc-old")
    second = approved_article(slug="zinc", title="Second")

    article_transition("publish", article=second, user=publisher)

    assert Publication.objects.live().get().article_id == second.pk


def test_the_old_slug_of_a_renamed_article_redirects_to_the_new_one(api_client, author, publisher):
    article = complete_article(children=1, slug="old-address")
    publish_reviewed(article)
    rename(article, "new-address", author)
    approve(article)
    article_transition("publish", article=article, user=publisher)

    detail = api_client.get("/api/v1/articles/old-address/")
    jsonld = api_client.get("/api/v1/articles/old-address/jsonld/")

    assert detail.status_code == 301
    assert detail["Location"] == "http://testserver/api/v1/articles/new-address/"
    assert jsonld["Location"] == "http://testserver/api/v1/articles/new-address/jsonld/"
    assert api_client.get("/api/v1/articles/new-address/").status_code == 200
    assert api_client.get("/api/v1/articles/never-existed/").status_code == 404


def test_a_read_never_answers_500_even_if_two_live_publications_share_a_slug(api_client):
    first, second = complete_article(children=1, slug="one"), complete_article(children=1, slug="two")
    publish_reviewed(first)
    publish_reviewed(second)
    Publication.objects.update(slug="same")  # cannot happen through the services; the read must not crash anyway

    assert api_client.get("/api/v1/articles/same/").status_code == 200
    assert api_client.get("/api/v1/articles/same/jsonld/").status_code == 200
