import os
import re

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from tests.helpers import contract
from tests.helpers.factories import UserFactory, complete_article
from tests.helpers.people import editing_every_article, reviewer_user, user_in_role
from tests.helpers.publishing import publish_reviewed


def pytest_collection_modifyitems(config, items):
    """Under `make mutation` (mutmut names the mutant in MUTANT_UNDER_TEST and stops at the first failure), run
    the tests of the mutated module first, then those of its package: tests mirror the modules, so a mutant that
    a test kills is found in seconds rather than after hundreds of unrelated tests."""
    module = re.split(r"\.x[_ǁ]", os.environ.get("MUTANT_UNDER_TEST", ""), maxsplit=1)[0]
    if "." not in module:
        return
    *package, name = module.split(".")
    closest = ["/".join(["tests", *package, f"test_{name}.py"]), "/".join(["tests", *package, ""])]
    closest += ["/".join(["tests", *package[: depth + 1], ""]) for depth in reversed(range(len(package) - 1))]

    def distance(item) -> int:
        path = item.nodeid.split("::", 1)[0]
        return next((rank for rank, prefix in enumerate(closest) if path.startswith(prefix)), len(closest))

    items.sort(key=distance)


@pytest.fixture(scope="session", autouse=True)
def contract_schema(django_db_setup, django_db_blocker):
    """The schema is made once, before any test: making it reads the site settings, which a test counting its
    queries would otherwise count when it happens to run first."""
    with django_db_blocker.unblock():
        contract.openapi()


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
    # Edits the factories' articles, whose authors are other people (the authorship rule has its own tests).
    return editing_every_article(user_in_role("author", "Author"))


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
