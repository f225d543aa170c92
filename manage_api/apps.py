from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ManageApiConfig(AppConfig):
    """The management API (/api/v1/manage/): editors' and importers' writes, through the same services."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "manage_api"
    verbose_name = _("Management API")

    def ready(self):
        from manage_api import schema  # noqa: F401  (registers the token security scheme with drf-spectacular)
