"""FAQ moved to `articles`, PublishedFAQ to `publishing` (state only: the tables stay)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("faq", "0001_initial"),
        ("articles", "0005_faq_and_citation_move_in"),
        ("publishing", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="FAQ"), migrations.DeleteModel(name="PublishedFAQ")],
            database_operations=[],
        ),
    ]
