from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    # Its models are articles, topics and contributors: the breadcrumb reads "Editorial content › Articles".
    verbose_name = _("Editorial content")
