import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from tests.helpers import contract
from tests.helpers.factories import UserFactory, complete_article
from tests.helpers.people import reviewer_user, user_in_role
from tests.helpers.publishing import publish_reviewed


@pytest.fixture(autouse=True)
def responses_keep_the_contract(monkeypatch):
    """The OpenAPI schema is the contract: every API response a test sees must match it."""
    contract.install(monkeypatch)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with no cached response: a rolled-back test's state key may come back."""
    cache.clear()


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
def author(db):
    return user_in_role("author", "Author")


@pytest.fixture
def reviewer(db):
    return reviewer_user()


@pytest.fixture
def publisher(db):
    return user_in_role("publisher", "Publisher")


@pytest.fixture
def published_article(db):
    article = complete_article(children=2, title="Vitamin D and muscle twitching", slug="vitamin-d-twitching")
    publish_reviewed(article)
    return article


@pytest.fixture
def draft_article(db):
    return complete_article(children=2, title="Secret draft about zinc", slug="secret-draft-zinc")
