"""On PostgreSQL, each publication's search vector in its language's text-search configuration (stemming and stop
words: "calambres" finds "calambre"), 'simple' for a language PostgreSQL has none for; `AllWordsFilter` builds the
query in the configuration of the language asked for (the list holds that language's rows only). Published FAQs keep
'simple': they are searched across their articles' languages."""

from django.db import migrations

from core.languages import SEARCH_CONFIGURATIONS

CASES = " ".join(f"WHEN '{code}' THEN '{name}'::regconfig" for code, name in sorted(SEARCH_CONFIGURATIONS.items()))
CONFIGURATION = f"CASE lower(split_part(language, '-', 1)) {CASES} ELSE 'simple'::regconfig END"
BY_LANGUAGE = f"to_tsvector({CONFIGURATION}, COALESCE(search_text, ''))"
SIMPLE = "to_tsvector('simple'::regconfig, COALESCE(search_text, ''))"


def _vector(schema_editor, expression: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE articles_publication DROP COLUMN search_vector")  # and its index
    schema_editor.execute(
        f"ALTER TABLE articles_publication ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({expression}) STORED"
    )
    schema_editor.execute("CREATE INDEX publication_search_vector ON articles_publication USING gin (search_vector)")


def by_language(apps, schema_editor):
    _vector(schema_editor, BY_LANGUAGE)


def simple(apps, schema_editor):
    _vector(schema_editor, SIMPLE)


class Migration(migrations.Migration):
    dependencies = [("publishing", "0019_locales")]

    operations = [migrations.RunPython(by_language, simple, elidable=False)]
