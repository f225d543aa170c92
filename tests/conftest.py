import pytest
from rest_framework.test import APIClient

from articles.services import article_publish
from tests.factories import UserFactory, complete_article


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


@pytest.fixture
def published_article(db):
    article = complete_article(children=2, title="Vitamin D and muscle twitching", slug="vitamin-d-twitching")
    article_publish(article=article)
    article.refresh_from_db()
    return article


@pytest.fixture
def draft_article(db):
    return complete_article(children=2, title="Secret draft about zinc", slug="secret-draft-zinc")
