"""On PostgreSQL, the search text's `tsvector` stored in a generated column with its GIN index, in place of the GIN
index on the expression (0005). With the expression, the planner (once the table has statistics) counted
`to_tsvector` as cheap and chose to read every row and compute it again over its whole text: seconds per search
at 10,000 articles. A stored column is read, not computed, and has statistics of its own words, so the planner
sees how many rows a word matches. The models do not declare it: `AllWordsFilter` asks for it by name."""

from django.db import migrations

# (table, the old expression index, the new column's index)
TABLES = [
    ("articles_publication", "publication_search_fts", "publication_search_vector"),
    ("faq_publishedfaq", "published_faq_search_fts", "published_faq_search_vector"),
]
VECTOR = "to_tsvector('simple'::regconfig, COALESCE(search_text, ''))"


def store_search_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, old_index, new_index in TABLES:
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({VECTOR}) STORED"
        )
        schema_editor.execute(f"CREATE INDEX {new_index} ON {table} USING gin (search_vector)")
        schema_editor.execute(f"DROP INDEX IF EXISTS {old_index}")


def compute_search_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, old_index, _new_index in TABLES:
        schema_editor.execute(f"CREATE INDEX {old_index} ON {table} USING gin ({VECTOR})")
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN search_vector")


class Migration(migrations.Migration):
    dependencies = [("publishing", "0015_current_parts")]

    operations = [migrations.RunPython(store_search_vectors, compute_search_vectors, elidable=False)]
