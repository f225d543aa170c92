from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo content for local development: a data file and the command that loads it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "demo"
    verbose_name = _("Demo content")
