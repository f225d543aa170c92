"""PostgreSQL: a search ranks its matches by where the words are in the title, subtitle, summary and key points
(`search_head_vector`, weights A and B, with its GIN index), not by the whole text's vector.

`ts_rank` over `search_vector` read every match's whole stored vector (about 11 kB, out of line): 0.7 s for a word a
quarter of 100,000 articles hold. The head's vector is a few hundred bytes, kept in the row, and only the articles
holding a word there are scored (1,400 of those 26,800); the matches in the rest of the text rank after them, newest
first, as `RANKED_MATCHES` already ordered matches past the best. SQLite's bm25 is unchanged.

A misspelt word's look-alikes (one edit away) are looked up in the same index, so `search_terms` and its trigram
index go: pg_trgm's similarity over them fetched and rechecked every row holding the word's commoner trigrams.
"""

import importlib

from django.db import migrations

ranking_and_trigrams = importlib.import_module("publishing.migrations.0023_search_ranking_and_trigrams")

TABLE = ranking_and_trigrams.TABLE
CONFIGURATION = ranking_and_trigrams.CONFIGURATION
HEAD_VECTOR = (
    f"setweight(to_tsvector({CONFIGURATION}, COALESCE(title, '')), 'A') || "
    f"setweight(to_tsvector({CONFIGURATION}, {ranking_and_trigrams.PG_SUMMARY}), 'B')"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE {TABLE} ADD COLUMN search_head_vector tsvector GENERATED ALWAYS AS ({HEAD_VECTOR}) STORED"
    )
    schema_editor.execute(f"CREATE INDEX publication_search_head ON {TABLE} USING gin (search_head_vector)")
    schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN search_terms")  # and its index


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN search_head_vector")  # and its index
    schema_editor.execute(
        f"ALTER TABLE {TABLE} ADD COLUMN search_terms text GENERATED ALWAYS AS ({ranking_and_trigrams.PG_TERMS}) STORED"
    )
    schema_editor.execute(f"CREATE INDEX publication_search_terms ON {TABLE} USING gin (search_terms gin_trgm_ops)")


class Migration(migrations.Migration):
    dependencies = [("publishing", "0025_sqlite_typos_by_vocabulary")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
