"""The table the management API's throttles count in when there is no Redis (the "throttles" cache alias, Django's
database cache): made here, so that every deployment has it after `migrate`, whatever its cache settings."""

from django.core.management import call_command
from django.db import migrations

TABLE = "throttle_counts"


def create_table(apps, schema_editor):
    call_command("createcachetable", TABLE, database=schema_editor.connection.alias, verbosity=0)


def drop_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("core", "0007_worker_heartbeat")]

    operations = [migrations.RunPython(create_table, drop_table)]
