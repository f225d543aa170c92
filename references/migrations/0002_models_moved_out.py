"""Citation moved to `articles`, PublishedReference to `publishing` (state only: the tables stay)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("references", "0001_initial"),
        ("articles", "0005_faq_and_citation_move_in"),
        ("publishing", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Citation"),
                migrations.DeleteModel(name="PublishedReference"),
            ],
            database_operations=[],
        ),
    ]
