import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from articles.models import Article, ArticleStatus
from articles.services import publication_create
from tests.factories import ReviewerFactory, UserFactory, complete_article


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", is_superuser=True)


@pytest.fixture
def admin_client(client, editor):
    client.force_login(editor)
    return client


def user_in_role(username: str, group: str):
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def author(db):
    return user_in_role("author", "Author")


@pytest.fixture
def reviewer(db):
    user = user_in_role("reviewer", "Medical reviewer")
    ReviewerFactory(user=user, name="Dr Review", credentials="MD")
    return user


@pytest.fixture
def publisher(db):
    return user_in_role("publisher", "Publisher")


def publish_reviewed(article: Article, **kwargs):
    """Freeze an article as published, as if it had gone through review (for read-side tests)."""
    publication = publication_create(article=article, **kwargs)
    Article.objects.filter(pk=article.pk).update(status=ArticleStatus.PUBLISHED)
    article.refresh_from_db()
    return publication


@pytest.fixture
def published_article(db):
    article = complete_article(children=2, title="Vitamin D and muscle twitching", slug="vitamin-d-twitching")
    publish_reviewed(article)
    return article


@pytest.fixture
def draft_article(db):
    return complete_article(children=2, title="Secret draft about zinc", slug="secret-draft-zinc")
