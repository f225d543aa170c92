from django.conf import settings
from django.db import migrations


def create_row(apps, schema_editor):
    SiteSettings = apps.get_model("core", "SiteSettings")
    SiteSettings.objects.get_or_create(pk=1, defaults={"default_disclaimer": settings.DEFAULT_MEDICAL_DISCLAIMER})


class Migration(migrations.Migration):
    dependencies = [("core", "0001_site_settings")]

    operations = [migrations.RunPython(create_row, migrations.RunPython.noop)]
