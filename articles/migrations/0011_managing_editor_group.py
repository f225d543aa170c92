"""A "Managing editor" group: an author who may edit every article, not only those they are an author of
(`articles.edit_any_article`). Authors keep to their own articles."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Managing editor"


def create_group(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    author = Group.objects.filter(name="Author").first()
    group, _ = Group.objects.get_or_create(name=GROUP)
    if author is not None:
        group.permissions.add(*author.permissions.all())
    group.permissions.add(Permission.objects.get(content_type__app_label="articles", codename="edit_any_article"))


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0010_edit_any_article")]

    operations = [migrations.RunPython(create_group, remove_group)]
