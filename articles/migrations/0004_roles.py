"""The editorial roles as groups: Author, Medical reviewer, Publisher.

Roles are permissions: the lifecycle services check `articles.submit_article`,
`articles.review_article` and `articles.publish_article`, and each group
bundles the one its role needs with the model permissions its admin pages need.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT = {
    "articles": ["article", "keypoint", "section", "causecomparison"],
    "faq": ["faq"],
    "references": ["citation", "reference"],
}
LOOKUPS = {"articles": ["topic", "contributor", "publication", "articletransition"]}


def codenames(actions, models_by_app):
    return [(app, f"{action}_{model}") for app, models in models_by_app.items() for model in models for action in actions]


def role_permissions():
    viewing = codenames(["view"], CONTENT) + codenames(["view"], LOOKUPS)
    return {
        "Author": viewing
        + codenames(["add", "change"], CONTENT)
        + codenames(["delete"], {"articles": ["keypoint", "section", "causecomparison"], "faq": ["faq"],
                                 "references": ["citation"]})
        + [("articles", "submit_article")],
        "Medical reviewer": viewing + [("articles", "review_article")],
        "Publisher": viewing + [("articles", "publish_article")],
    }


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in role_permissions().items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in wanted:
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=role_permissions()).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_lifecycle"),
        ("faq", "0001_initial"),
        ("references", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
