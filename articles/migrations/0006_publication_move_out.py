"""Publication moved to `publishing` (state only: the table articles_publication stays).

The content types of Publication, PublishedFAQ and PublishedReference are renamed to `publishing`.
"""

from django.db import migrations

MOVED = [("articles", "publication"), ("faq", "publishedfaq"), ("references", "publishedreference")]


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
    for from_app, model in MOVED:
        move_content_types(apps, schema_editor, [(from_app, model)], "publishing")


def backwards(apps, schema_editor):
    for from_app, model in MOVED:
        move_content_types(apps, schema_editor, [("publishing", model)], from_app)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_faq_and_citation_move_in"),
        ("publishing", "0001_initial"),
        ("faq", "0002_models_moved_out"),
        ("references", "0002_models_moved_out"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Publication")],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
