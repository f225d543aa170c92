"""The media library in the editorial roles: authors and managing editors upload, describe and delete images; medical
reviewers and publishers see them (a reviewer reads the alt text and consent of what they approve)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Author": ["view", "add", "change", "delete"],
    "Managing editor": ["view", "add", "change", "delete"],
    "Medical reviewer": ["view"],
    "Publisher": ["view"],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("media")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, actions in ROLES.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        for action in actions:
            group.permissions.add(Permission.objects.get(content_type__app_label="media", codename=f"{action}_image"))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="media"))


class Migration(migrations.Migration):
    dependencies = [
        ("media", "0001_initial"),
        ("articles", "0011_managing_editor_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
