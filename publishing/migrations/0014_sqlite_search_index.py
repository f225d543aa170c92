"""On SQLite, a full-text index (FTS5) of the publications' and published FAQs' search text, as PostgreSQL has its
GIN index (0005): `?search=` finds its rows through it instead of reading every row's text. External content
tables, kept by triggers, so no writer has to know about them."""

from django.db import migrations

# (the table's FTS index, the table): both have an integer primary key `id` and a `search_text` column.
SEARCH_INDEXES = [("publication_search", "articles_publication"), ("publishedfaq_search", "faq_publishedfaq")]


def create_search_index(schema_editor, index: str, table: str) -> None:
    """The FTS5 index of `table`'s search text, filled from its rows, and the triggers that keep it in step."""
    # Diacritics kept, as PostgreSQL's 'simple' configuration keeps them: "café" does not find "cafe".
    schema_editor.execute(
        f"CREATE VIRTUAL TABLE {index} USING fts5(search_text, content='{table}', content_rowid='id', "
        "tokenize='unicode61 remove_diacritics 0')"
    )
    schema_editor.execute(f"INSERT INTO {index}({index}) VALUES ('rebuild')")
    schema_editor.execute(
        f"CREATE TRIGGER {index}_insert AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {index}(rowid, search_text) VALUES (new.id, new.search_text); END"
    )
    schema_editor.execute(
        f"CREATE TRIGGER {index}_delete AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {index}({index}, rowid, search_text) VALUES ('delete', old.id, old.search_text); END"
    )
    schema_editor.execute(
        f"CREATE TRIGGER {index}_update AFTER UPDATE OF search_text ON {table} BEGIN "
        f"INSERT INTO {index}({index}, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
        f"INSERT INTO {index}(rowid, search_text) VALUES (new.id, new.search_text); END"
    )


def create_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for index, table in SEARCH_INDEXES:
        create_search_index(schema_editor, index, table)


def drop_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for index, _table in SEARCH_INDEXES:
        for trigger in ("insert", "delete", "update"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {index}_{trigger}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {index}")


class Migration(migrations.Migration):
    dependencies = [("publishing", "0013_surrogate_key_versions")]

    operations = [migrations.RunPython(create_search_indexes, drop_search_indexes, elidable=False)]
