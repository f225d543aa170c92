from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    """The editors' workspace in the admin: the article page, its lifecycle buttons, history and dashboards."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "newsroom"
    verbose_name = _("Newsroom")
