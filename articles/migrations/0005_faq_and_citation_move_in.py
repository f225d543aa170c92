"""FAQ (from the `faq` app) and Citation (from `references`) now belong to `articles`.

State only: the tables keep their names (faq_faq, references_citation) and their rows. The content
types are renamed, so permissions and stored versions (django-reversion) follow the models, and the
model label inside stored versions is rewritten so old versions still compare and restore.
"""

import django.db.models.deletion
from django.db import migrations, models

MOVED = [("faq", "faq"), ("references", "citation")]


def move_content_types(apps, schema_editor, moves, to_app):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Version = apps.get_model("reversion", "Version")
    for from_app, model in moves:
        old = ContentType.objects.filter(app_label=from_app, model=model).first()
        if old is None:
            continue
        new = ContentType.objects.filter(app_label=to_app, model=model).first()
        if new is not None:  # created by an earlier run of post_migrate: keep the old one, with its permissions
            Permission.objects.filter(content_type=new).delete()
            new.delete()
        old.app_label = to_app
        old.save(update_fields=["app_label"])
        for version in Version.objects.filter(content_type=old).iterator():
            version.serialized_data = version.serialized_data.replace(
                f'"model": "{from_app}.{model}"', f'"model": "{to_app}.{model}"'
            )
            version.save(update_fields=["serialized_data"])


def forwards(apps, schema_editor):
    move_content_types(apps, schema_editor, MOVED, "articles")


def backwards(apps, schema_editor):
    for from_app, model in MOVED:
        move_content_types(apps, schema_editor, [("articles", model)], from_app)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_roles"),
        ("faq", "0001_initial"),
        ("references", "0001_initial"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="FAQ",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("position", models.PositiveIntegerField(help_text="Order within the article; drag rows in the admin to change it.", verbose_name="position")),
                        ("question", models.CharField(max_length=300, verbose_name="question")),
                        ("answer", models.TextField(help_text="Markdown. Cite sources with their number, e.g. [3].", verbose_name="answer")),
                        ("answer_html", models.TextField(blank=True, editable=False, verbose_name="answer (HTML)")),
                        ("article", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="faqs", to="articles.article", verbose_name="article")),
                    ],
                    options={
                        "verbose_name": "FAQ",
                        "verbose_name_plural": "FAQs",
                        "db_table": "faq_faq",
                        "ordering": ["position"],
                        "abstract": False,
                        "constraints": [models.UniqueConstraint(fields=("article", "position"), name="faq_faq_unique_position", violation_error_message="Two items of this article have the same position.")],
                    },
                ),
                migrations.CreateModel(
                    name="Citation",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("number", models.PositiveIntegerField(help_text="Drag rows in the admin to renumber.", verbose_name="number")),
                        ("article", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="citations", to="articles.article", verbose_name="article")),
                        ("reference", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="citations", to="references.reference", verbose_name="reference")),
                    ],
                    options={
                        "verbose_name": "citation",
                        "verbose_name_plural": "citations",
                        "db_table": "references_citation",
                        "ordering": ["number"],
                        "constraints": [
                            models.UniqueConstraint(fields=("article", "number"), name="references_citation_unique_number", violation_error_message="Two citations of this article have the same number."),
                            models.UniqueConstraint(fields=("article", "reference"), name="references_citation_unique_reference", violation_error_message="This article already cites that reference."),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
