from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import F, Max


def park_above_used(rows: models.QuerySet, field: str, pks=None) -> None:
    """Move `rows` (or those of them in `pks`) above every value `field` holds among `rows`.

    Rows are renumbered one UPDATE at a time, and (parent, position) is unique: parking the
    moving rows first means no intermediate state ever has two rows on one number.
    """
    top = rows.aggregate(top=Max(field))["top"] or 0
    moving = rows if pks is None else rows.filter(pk__in=pks)
    moving.update(**{field: F(field) + top + 1})


class ArticleChild(models.Model):
    """An ordered part of an article: key point, section, comparison row, FAQ.

    `position` is what the admin's drag-and-drop writes; a child saved without
    one (from code, or a new inline row) goes to the end. Subclasses declare
    their own `article` foreign key so that each gets a readable related name.
    """

    position = models.PositiveIntegerField(
        "position", help_text="Order within the article; drag rows in the admin to change it."
    )

    class Meta:
        abstract = True
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "position"],
                name="%(app_label)s_%(class)s_unique_position",
                violation_error_message="Two items of this article have the same position.",
            )
        ]

    def save(self, *args, **kwargs):
        if self.position is None:
            last = type(self).objects.filter(article_id=self.article_id).aggregate(last=Max("position"))["last"]
            self.position = (last or 0) + 1
        super().save(*args, **kwargs)


def validate_article_url_template(value: str) -> None:
    if "{slug}" not in value:
        raise ValidationError("The address must contain {slug}, where the article's slug goes.")
    URLValidator(schemes=["http", "https"])(value.replace("{slug}", "example"))


class SiteSettings(models.Model):
    """Editorial settings that editors change in the admin. There is exactly one row."""

    default_disclaimer = models.TextField(
        "default medical disclaimer", help_text="Shown under every article that has no disclaimer of its own."
    )
    review_interval_months = models.PositiveSmallIntegerField(
        "medical review interval (months)",
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="When a reviewer approves an article, its next review falls due this many months later.",
    )
    article_url_template = models.CharField(
        "article page address",
        max_length=300,
        default="https://www.example.org/articles/{slug}/",
        validators=[validate_article_url_template],
        help_text="The public web page of an article, with {slug} in it; used as its canonical URL in JSON-LD.",
    )
    site_name = models.CharField("site name", max_length=150, default="Medical articles")
    language = models.CharField(
        "content language", max_length=20, default="en", help_text="A BCP 47 language tag, e.g. en or en-US."
    )

    class Meta:
        verbose_name = "site settings"
        verbose_name_plural = "site settings"

    def __str__(self) -> str:
        return "Site settings"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> "SiteSettings":
        settings_row, _ = cls.objects.get_or_create(
            pk=1, defaults={"default_disclaimer": settings.DEFAULT_MEDICAL_DISCLAIMER}
        )
        return settings_row

    def article_url(self, slug: str) -> str:
        return self.article_url_template.replace("{slug}", slug)
