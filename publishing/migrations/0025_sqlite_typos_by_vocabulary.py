"""SQLite: a misspelt word is looked for among the full-text index's own words (`SQLiteIndex.similar`).

The index's vocabulary is an `fts5vocab` table over `publication_search`: it reads the index itself, so it needs no
trigger and is never out of step. It replaces the trigram table `publication_terms` of migration 0023, whose
triggers every publish paid for and whose candidates, at 100,000 articles, were every row holding a common trigram.
PostgreSQL keeps `pg_trgm` (nothing changes there).
"""

import importlib

from django.db import migrations

ranking_and_trigrams = importlib.import_module("publishing.migrations.0023_search_ranking_and_trigrams")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    ranking_and_trigrams._sqlite_drop(schema_editor, "publication_terms")
    schema_editor.execute("CREATE VIRTUAL TABLE publication_search_words USING fts5vocab(publication_search, 'col')")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute("DROP TABLE IF EXISTS publication_search_words")
    ranking_and_trigrams._sqlite_terms_index(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("publishing", "0024_live_indexes_hold_language")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
