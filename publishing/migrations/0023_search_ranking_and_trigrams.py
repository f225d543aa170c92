"""Ranked and typo-tolerant search of the live articles (`AllWordsFilter`, `publishing.selectors.title_suggestions`).

PostgreSQL: the stored `search_vector` weighs where a word is: the title (A) above the subtitle, summary and key
points (B) above the whole search text (C), so `ts_rank` puts a title match first. `pg_trgm`, and a stored
`search_terms` (the lower-cased title, subtitle and summary) with a trigram GIN index, and one on the lower-cased
title for suggestions: a word that finds nothing falls back to trigram similarity ("magnesum" finds "magnesium").

SQLite: the FTS5 index `publication_search` gets the same three parts as columns, so `bm25()` can weigh them; its
content is a view of the publications that splits them out (an external content table names its columns). A second
FTS5 table, `publication_terms`, holds the same terms as the PostgreSQL column with the `trigram` tokenizer (SQLite
3.34 or later), for the same fallback. Both kept in step by triggers, as before (0014).
"""

import importlib
import sqlite3

from django.db import migrations, transaction
from django.db.utils import DatabaseError

by_language = importlib.import_module("publishing.migrations.0020_search_in_each_language")
fts_0014 = importlib.import_module("publishing.migrations.0014_sqlite_search_index")

TABLE = "articles_publication"
CONFIGURATION = by_language.CONFIGURATION


def _pg_key_points(part: str) -> str:
    return f"COALESCE(jsonb_path_query_array(document, '$.key_points[*].{part}')::text, '')"


PG_SUMMARY = (
    "COALESCE(list_item->>'subtitle', '') || ' ' || COALESCE(list_item->>'summary', '') || ' ' || "
    f"{_pg_key_points('title')} || ' ' || {_pg_key_points('text')}"
)
WEIGHTED_VECTOR = (
    f"setweight(to_tsvector({CONFIGURATION}, COALESCE(title, '')), 'A') || "
    f"setweight(to_tsvector({CONFIGURATION}, {PG_SUMMARY}), 'B') || "
    f"setweight(to_tsvector({CONFIGURATION}, COALESCE(search_text, '')), 'C')"
)
# What a misspelt word is compared with: `core.api.filter_fields` names the column.
PG_TERMS = "lower(title || ' ' || COALESCE(list_item->>'subtitle', '') || ' ' || COALESCE(list_item->>'summary', ''))"
PG_TRGM_REFUSED = (
    "The PostgreSQL extension pg_trgm (typo-tolerant search) could not be created: {error}. It ships with "
    "PostgreSQL (the postgresql-contrib package on some systems) and is trusted from PostgreSQL 13, so the "
    "database's owner may create it; otherwise ask a superuser to run `CREATE EXTENSION pg_trgm;` in this "
    "database, then migrate again (README, Search)."
)


def _pg_vector(schema_editor, expression: str) -> None:
    schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN search_vector")  # and its index
    schema_editor.execute(
        f"ALTER TABLE {TABLE} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({expression}) STORED"
    )
    schema_editor.execute(f"CREATE INDEX publication_search_vector ON {TABLE} USING gin (search_vector)")


def _pg_trgm(schema_editor) -> None:
    try:
        with transaction.atomic(using=schema_editor.connection.alias):  # a savepoint: the migration goes on to say why
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError as error:
        raise RuntimeError(PG_TRGM_REFUSED.format(error=str(error).strip())) from error


def postgresql_forwards(schema_editor) -> None:
    _pg_trgm(schema_editor)
    _pg_vector(schema_editor, WEIGHTED_VECTOR)
    schema_editor.execute(f"ALTER TABLE {TABLE} ADD COLUMN search_terms text GENERATED ALWAYS AS ({PG_TERMS}) STORED")
    schema_editor.execute(f"CREATE INDEX publication_search_terms ON {TABLE} USING gin (search_terms gin_trgm_ops)")
    schema_editor.execute(f"CREATE INDEX publication_title_trigrams ON {TABLE} USING gin (lower(title) gin_trgm_ops)")


def postgresql_backwards(schema_editor) -> None:
    # pg_trgm stays: other databases' objects may use it, and it costs nothing unused.
    schema_editor.execute("DROP INDEX IF EXISTS publication_title_trigrams")
    schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN search_terms")  # and its index
    _pg_vector(schema_editor, by_language.BY_LANGUAGE)


def _sqlite_summary(row: str) -> str:
    """The subtitle, summary and key points of the publication `row` names (a table, `new` or `old`)."""
    key_points = (
        "(SELECT group_concat(COALESCE(json_extract(value, '$.title'), '') || ' ' || "
        f"COALESCE(json_extract(value, '$.text'), ''), ' ') FROM json_each({row}.document, '$.key_points'))"
    )
    return (
        f"COALESCE(json_extract({row}.list_item, '$.subtitle'), '') || ' ' || "
        f"COALESCE(json_extract({row}.list_item, '$.summary'), '') || ' ' || COALESCE({key_points}, '')"
    )


def _sqlite_terms(row: str) -> str:
    return (
        f"lower({row}.title || ' ' || COALESCE(json_extract({row}.list_item, '$.subtitle'), '') || ' ' || "
        f"COALESCE(json_extract({row}.list_item, '$.summary'), ''))"
    )


def _sqlite_drop(schema_editor, index: str) -> None:
    for trigger in ("insert", "delete", "update"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {index}_{trigger}")
    schema_editor.execute(f"DROP TABLE IF EXISTS {index}")


def _sqlite_weighted_index(schema_editor) -> None:
    parts = "publication_search_parts"
    schema_editor.execute(
        f"CREATE VIEW {parts} AS SELECT id, title, {_sqlite_summary(TABLE)} AS summary, search_text FROM {TABLE}"
    )
    schema_editor.execute(
        "CREATE VIRTUAL TABLE publication_search USING fts5(title, summary, search_text, "
        f"content='{parts}', content_rowid='id', tokenize='unicode61 remove_diacritics 0')"
    )
    # Filled from the view by hand: FTS5's 'rebuild' fails on a view whose column is a subquery.
    schema_editor.execute(
        f"INSERT INTO publication_search(rowid, title, summary, search_text) SELECT id, title, summary, search_text "
        f"FROM {parts}"
    )
    new = f"new.id, new.title, {_sqlite_summary('new')}, new.search_text"
    old = f"'delete', old.id, old.title, {_sqlite_summary('old')}, old.search_text"
    columns = "rowid, title, summary, search_text"
    insert = f"INSERT INTO publication_search({columns}) VALUES ({new});"
    delete = f"INSERT INTO publication_search(publication_search, {columns}) VALUES ({old});"
    schema_editor.execute(f"CREATE TRIGGER publication_search_insert AFTER INSERT ON {TABLE} BEGIN {insert} END")
    schema_editor.execute(f"CREATE TRIGGER publication_search_delete AFTER DELETE ON {TABLE} BEGIN {delete} END")
    schema_editor.execute(
        "CREATE TRIGGER publication_search_update AFTER UPDATE OF title, search_text, list_item, document "
        f"ON {TABLE} BEGIN {delete} {insert} END"
    )


def _sqlite_terms_index(schema_editor) -> None:
    schema_editor.execute("CREATE VIRTUAL TABLE publication_terms USING fts5(terms, tokenize='trigram')")
    schema_editor.execute(f"INSERT INTO publication_terms(rowid, terms) SELECT id, {_sqlite_terms(TABLE)} FROM {TABLE}")
    insert = f"INSERT INTO publication_terms(rowid, terms) VALUES (new.id, {_sqlite_terms('new')});"
    delete = "DELETE FROM publication_terms WHERE rowid = old.id;"
    schema_editor.execute(f"CREATE TRIGGER publication_terms_insert AFTER INSERT ON {TABLE} BEGIN {insert} END")
    schema_editor.execute(f"CREATE TRIGGER publication_terms_delete AFTER DELETE ON {TABLE} BEGIN {delete} END")
    schema_editor.execute(
        f"CREATE TRIGGER publication_terms_update AFTER UPDATE OF title, list_item ON {TABLE} BEGIN {delete} {insert} END"
    )


def sqlite_forwards(schema_editor) -> None:
    if sqlite3.sqlite_version_info < (3, 34):
        raise RuntimeError(
            f"Typo-tolerant search needs SQLite 3.34 or later (its FTS5 trigram tokenizer); this Python has "
            f"{sqlite3.sqlite_version}. Use a Python built with a newer SQLite, or PostgreSQL."
        )
    _sqlite_drop(schema_editor, "publication_search")
    _sqlite_weighted_index(schema_editor)
    _sqlite_terms_index(schema_editor)


def sqlite_backwards(schema_editor) -> None:
    _sqlite_drop(schema_editor, "publication_terms")
    _sqlite_drop(schema_editor, "publication_search")
    schema_editor.execute("DROP VIEW IF EXISTS publication_search_parts")
    fts_0014.create_search_index(schema_editor, "publication_search", TABLE)


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        postgresql_forwards(schema_editor)
    elif vendor == "sqlite":
        sqlite_forwards(schema_editor)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        postgresql_backwards(schema_editor)
    elif vendor == "sqlite":
        sqlite_backwards(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("publishing", "0022_approval_images")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
