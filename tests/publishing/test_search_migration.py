"""Migration 0023 where PostgreSQL refuses pg_trgm: it stops with what to do, not with the server's error alone."""

import importlib

import pytest
from django.db import connection
from django.db.utils import ProgrammingError

migration = importlib.import_module("publishing.migrations.0023_search_ranking_and_trigrams")

pytestmark = pytest.mark.django_db


class RefusingSchemaEditor:
    connection = connection

    def execute(self, sql: str) -> None:
        raise ProgrammingError('permission denied to create extension "pg_trgm"')


def test_a_refused_pg_trgm_stops_the_migration_saying_what_to_do():
    with pytest.raises(RuntimeError) as refused:
        migration._pg_trgm(RefusingSchemaEditor())

    message = str(refused.value)
    assert 'permission denied to create extension "pg_trgm"' in message
    assert "CREATE EXTENSION pg_trgm;" in message and "migrate again" in message
