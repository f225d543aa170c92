from decimal import Decimal

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import F, Max
from django.utils.translation import gettext_lazy as _

from core.languages import normalize, parse_list, validate_list, validate_tag


def park_above_used(rows: models.QuerySet, field: str, pks=None) -> None:
    """Move `rows` (or those of them in `pks`) above every value `field` holds among `rows`.

    Rows are renumbered one UPDATE at a time, and (parent, position) is unique: parking the
    moving rows first means no intermediate state ever has two rows on one number.
    """
    top = rows.aggregate(top=Max(field))["top"] or 0
    moving = rows if pks is None else rows.filter(pk__in=pks)
    moving.update(**{field: F(field) + top + 1})


def validate_article_url_template(value: str) -> None:
    if "{slug}" not in value:
        raise ValidationError(_("The address must contain {slug}, where the article's slug goes."))
    URLValidator(schemes=["http", "https"])(value.replace("{slug}", "example"))


class Versioned(models.Model):
    """A record editors change at once: the version a page or a client read is checked, under a lock, on each
    save, so that nobody overwrites a change they never saw (`core.versioning`)."""

    version = models.PositiveIntegerField(
        _("version"), default=1, editable=False, help_text=_("Goes up by one on every save.")
    )

    class Meta:
        abstract = True


class CitationStyle(models.TextChoices):
    """The reference styles a site may choose; each is rendered from its Citation Style Language file."""

    AMA = "ama", _("AMA (AMA Manual of Style, 11th edition)")
    VANCOUVER = "vancouver", _("Vancouver (NLM Citing Medicine, 2nd edition)")


@reversion.register()
class SiteSettings(Versioned):
    """Editorial settings that editors change in the admin. There is exactly one row."""

    version_subject = _("the site settings")

    default_disclaimer = models.TextField(
        _("default medical disclaimer"), help_text=_("Shown under every article that has no disclaimer of its own.")
    )
    review_interval_months = models.PositiveSmallIntegerField(
        _("medical review interval (months)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("When a reviewer approves an article, its next review falls due this many months later."),
    )
    article_url_template = models.CharField(
        _("article page address"),
        max_length=300,
        default="https://www.example.org/articles/{slug}/",
        validators=[validate_article_url_template],
        help_text=_("The public web page of an article, with {slug} in it; used as its canonical URL in JSON-LD."),
    )
    site_name = models.CharField(_("site name"), max_length=150, default="Medical articles")
    separate_duties = models.BooleanField(
        _("separation of duties"),
        default=True,
        help_text=_(
            "On: a medical reviewer may not approve an article they are an author of, and whoever approved a "
            "version may not also publish it: medical content goes live only when two people have checked it."
        ),
    )
    language = models.CharField(
        _("default language"),
        max_length=20,
        default="en",
        validators=[validate_tag],
        help_text=_(
            "A BCP 47 language tag, e.g. en or en-US: the language of articles written here first, and of the API's "
            "answers to requests that name no language."
        ),
    )
    languages = models.CharField(
        _("languages served"),
        max_length=200,
        blank=True,
        validators=[validate_list],
        help_text=_(
            "The other languages articles are translated into, as BCP 47 tags separated by commas (e.g. es, fr). "
            "The API answers ?language= with these and the default language only."
        ),
    )
    citation_style = models.CharField(
        _("citation style"),
        max_length=20,
        choices=CitationStyle.choices,
        default=CitationStyle.AMA,
        help_text=_(
            "How references are written. Applies to articles approved from now on: a published article keeps the "
            "style it was approved in until it is approved again."
        ),
    )
    target_reading_grade = models.DecimalField(
        _("target reading grade for patients"),
        max_digits=3,
        decimal_places=1,
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(16)],
        help_text=_(
            "Flesch-Kincaid grade that articles for patients should not exceed (NIH: 8, AMA: 6). Above it, the "
            "medical reviewer must give a reason to approve."
        ),
    )

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self) -> str:
        return str(_("Site settings"))

    def save(self, **kwargs):
        self.pk = 1
        super().save(**kwargs)

    @classmethod
    def load(cls) -> "SiteSettings":
        settings_row, _created = cls.objects.get_or_create(
            pk=1, defaults={"default_disclaimer": settings.DEFAULT_MEDICAL_DISCLAIMER}
        )
        return settings_row

    def reading_target(self, audience: str) -> Decimal | None:
        """The grade an article for this audience should not exceed: the target for patients; None for
        health professionals (no target). The admin, the live checks and the approval check all ask here."""
        return Decimal(self.target_reading_grade).normalize() if audience == "patients" else None

    def served_languages(self) -> list[str]:
        """Every language the site serves, the default first."""
        default = normalize(self.language)
        return [default, *(tag for tag in parse_list(self.languages) if tag != default)]

    def article_url(self, slug: str) -> str:
        return self.article_url_template.replace("{slug}", slug)


class WorkerHeartbeat(models.Model):
    """A task worker (`manage.py run_worker`) says here, on every poll, that it is alive: `/healthz` reads the
    newest row, and a task left running by a worker whose row has gone quiet is handed to another
    (core/services/workers.py). A row in the database rather than the cache, because the web processes and the
    workers share the database whatever the cache is."""

    worker_id = models.CharField(_("worker id"), max_length=64, primary_key=True)
    hostname = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started at"))
    last_seen_at = models.DateTimeField(_("last poll"), db_index=True)

    class Meta:
        verbose_name = _("task worker heartbeat")
        verbose_name_plural = _("task worker heartbeats")

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.hostname}, pid {self.pid})"
