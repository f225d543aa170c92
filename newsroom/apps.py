from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    """The editors' workspace in the admin: the article page, its lifecycle buttons, history and dashboards."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "newsroom"
    verbose_name = _("Newsroom")

    def ready(self):
        from django.contrib import admin

        # The admin is the editors' workspace, not "Django administration": its name on every page and tab.
        admin.site.site_header = _("Medical articles: editorial workspace")
        admin.site.site_title = _("Medical articles")
        admin.site.index_title = _("Your work")
