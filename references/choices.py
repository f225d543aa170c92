from django.db import models
from django.utils.translation import gettext_lazy as _


class ReferenceKind(models.TextChoices):
    JOURNAL_ARTICLE = "journal_article", _("Journal article")
    WEBSITE = "website", _("Website")
    BOOK = "book", _("Book")
    GUIDELINE = "guideline", _("Guideline")
