from django.apps import AppConfig


class FaqConfig(AppConfig):
    """Retired: FAQ moved to `articles` and PublishedFAQ to `publishing`.

    Only its migrations remain, so that databases created before the move migrate
    without losing a row; the tables keep their names (faq_faq, faq_publishedfaq).
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "faq"
