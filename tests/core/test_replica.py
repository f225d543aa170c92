"""The read replica (core.db): public reads go to it once it has the latest change of the live set, and to
the primary while it lags. The replica here is a real second SQLite database, copied from the primary with
SQLite's backup API, so it lags exactly as far as the last copy."""

import sqlite3

import pytest
from django.core.cache import cache
from django.db import connection, connections

from core.db import REPLICA, PublicReadsRouter, public_reads
from publishing.models import Publication
from tests.helpers.factories import complete_article
from tests.helpers.publishing import publish_reviewed

# Transactional: SQLite cannot copy a database inside an open transaction. Serialized rollback: later tests
# find the content types and the migrations' rows that a flush would remove.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def replica(tmp_path):
    """A `replica` database alias; `copy()` makes it what the primary is now."""
    if connection.vendor != "sqlite":
        pytest.skip("the replica is made with SQLite's backup API")
    path = tmp_path / "replica.sqlite3"

    def copy():
        connection.ensure_connection()
        connections[REPLICA].close()
        with sqlite3.connect(path) as target:
            connection.connection.backup(target)
        # Connected here, not on first use: the test framework only lets the databases it set up connect lazily.
        connections[REPLICA].connect()

    connections.settings[REPLICA] = {**connection.settings_dict, "NAME": str(path), "TEST": {}}
    copy()
    yield copy
    connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]


def titles(response) -> list[str]:
    assert response.status_code == 200
    return [item["title"] for item in response.json()["results"]]


def mark_replica_rows() -> None:
    """Retitle the list entries on the replica only, so a response shows which database it came from."""
    rows = list(Publication.objects.using(REPLICA).values_list("pk", "list_item"))
    assert rows
    for pk, item in rows:
        Publication.objects.using(REPLICA).filter(pk=pk).update(
            list_item={**item, "title": f"{item['title']} (replica)"}
        )


def test_a_replica_that_has_the_latest_publish_serves_the_public_reads(api_client, replica):
    publish_reviewed(complete_article(title="Calcium"))
    replica()
    mark_replica_rows()

    assert titles(api_client.get("/api/v1/articles/")) == ["Calcium (replica)"]


def test_a_replica_behind_the_latest_publish_is_not_read_until_it_catches_up(api_client, replica):
    publish_reviewed(complete_article(title="Calcium"))
    replica()  # the replica has the first publish only
    mark_replica_rows()

    publish_reviewed(complete_article(title="Magnesium"))

    assert titles(api_client.get("/api/v1/articles/")) == ["Magnesium", "Calcium"]

    replica()  # caught up
    mark_replica_rows()
    cache.clear()
    assert titles(api_client.get("/api/v1/articles/")) == ["Magnesium (replica)", "Calcium (replica)"]


def test_only_reads_inside_public_reads_go_to_a_replica_and_writes_never(replica):
    router = PublicReadsRouter()
    assert router.db_for_read(Publication) is None  # the primary, outside the block

    with public_reads("key", state_key_on=lambda alias: "key") as alias:
        assert alias == REPLICA
        assert router.db_for_read(Publication) == REPLICA
        assert router.db_for_write(Publication) is None
    with public_reads("key", state_key_on=lambda alias: "older key") as alias:
        assert alias is None
        assert router.db_for_read(Publication) is None
    assert router.db_for_read(Publication) is None
    assert router.allow_migrate(REPLICA, "publishing") is False
    assert router.allow_migrate("default", "publishing") is True
