from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = _("Site")

    def ready(self):
        from core.statement_timeout import guard_sqlite_connection

        connection_created.connect(guard_sqlite_connection, dispatch_uid="core.statement_timeout")
