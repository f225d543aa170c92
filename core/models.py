import json
from decimal import Decimal

import reversion
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import F, Max
from django.utils.translation import gettext_lazy as _

from core.languages import normalize, parse_list, validate_list, validate_tag
from core.readability import FORMULAS, ReadingTarget, formula_for, primary_subtag


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


def default_reading_targets() -> dict[str, int]:
    """The least ease for patients on each ease scale: where each formula's authors' bands call a text plain (the
    INFLESZ scale for Szigriszt-Pazos: 55 is "normal"; Amstad and Kandel-Moles read like Flesch's ease: 60)."""
    return {"es": 55, "de": 60, "fr": 60}


def validate_reading_targets(value: object) -> None:
    """Each key a language measured on an ease scale, each value a score from 0 to 100: a target no formula can
    be compared with would silently never apply."""
    ease_languages = sorted(code for code, formula in FORMULAS.items() if formula.scale == "ease")
    if not isinstance(value, dict):
        raise ValidationError(_('Write an object such as {"es": 55, "de": 60}.'))
    for code, target in value.items():
        if code == "en":
            raise ValidationError(_("English is measured by grade: set it in “target reading grade for patients”."))
        if code not in ease_languages:
            raise ValidationError(
                _("“%(code)s” is not a language with an ease formula (those are: %(codes)s).")
                % {"code": code, "codes": ", ".join(ease_languages)}
            )
        if isinstance(target, bool) or not isinstance(target, int | float) or not 0 <= target <= 100:
            raise ValidationError(
                _("The target for “%(code)s” must be a number from 0 to 100, not %(target)s.")
                % {"code": code, "target": json.dumps(target)}
            )


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
        help_text=_(
            "The public web page of an article, with {slug} in it, and {language} where the site's languages have "
            "their own paths; used as its canonical URL in JSON-LD."
        ),
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
    # What an article must have before it is sent to a medical reviewer (`publishing.services.completeness`); what
    # is not required here is still listed for the reviewer as missing or weak.
    submit_needs_author = models.BooleanField(
        _("an author before review"),
        default=True,
        help_text=_("On: an article is sent for medical review only once it names who wrote it."),
    )
    submit_needs_findable_references = models.BooleanField(
        _("findable references before review"),
        default=False,
        help_text=_("On: only once every cited reference has a DOI, a PubMed ID or a web address."),
    )
    submit_needs_cited_sections = models.BooleanField(
        _("a citation in every section before review"),
        default=False,
        help_text=_("On: only once every section cites at least one reference."),
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
    reading_targets = models.JSONField(
        _("least reading ease for patients, by language"),
        default=default_reading_targets,
        blank=True,
        validators=[validate_reading_targets],
        help_text=_(
            "For the languages measured on an ease scale (0-100, higher is easier), the least score articles for "
            'patients should reach, e.g. {"es": 55, "de": 60, "fr": 60}: Spanish by Szigriszt-Pazos '
            "(INFLESZ: 55-65 is normal), German by Amstad, French by Kandel-Moles. Below it, the medical reviewer "
            "must give a reason to approve. A language left out has no target; a language with no formula cannot "
            "be measured, so it has none."
        ),
    )

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self) -> str:
        return str(_("Site settings"))

    def save(self, **kwargs):
        self.pk = 1
        self.language = normalize(self.language)
        self.languages = ", ".join(tag for tag in parse_list(self.languages) if tag != self.language)
        super().save(**kwargs)

    @classmethod
    def load(cls) -> "SiteSettings":
        settings_row, _created = cls.objects.get_or_create(
            pk=1, defaults={"default_disclaimer": settings.DEFAULT_MEDICAL_DISCLAIMER}
        )
        return settings_row

    def reading_target(self, audience: str, *, language: str) -> ReadingTarget | None:
        """The level an article for this audience in this language should reach on its language's formula: for
        patients, at most `target_reading_grade` in English, at least the language's ease in `reading_targets`;
        None for health professionals, for a language with no formula, or with no target set. The admin, the live
        checks and the approval check all ask here."""
        formula = formula_for(language=language)
        if audience != "patients" or formula is None:
            return None
        if formula.scale == "grade":
            return ReadingTarget(formula=formula, value=Decimal(self.target_reading_grade).normalize())
        target = (self.reading_targets or {}).get(primary_subtag(language))
        return None if target is None else ReadingTarget(formula=formula, value=Decimal(str(target)).normalize())

    def clean(self):
        """A language articles are written in stays served: dropping it would take them out of the API silently."""
        super().clean()
        try:
            served = self.served_languages()
        except ValidationError:
            return  # the field's own validator names the bad tag
        # By name, not by import: the articles app is built on this one.
        in_use = apps.get_model("articles", "Article").objects.exclude(language__in=served)
        dropped = sorted(set(in_use.values_list("language", flat=True)))
        if dropped:
            raise ValidationError(
                {
                    "languages": _(
                        "Articles are written in %(languages)s: keep serving it (here or as the default language), "
                        "or change those articles' language first."
                    )
                    % {"languages": ", ".join(dropped)}
                }
            )

    def served_languages(self) -> list[str]:
        """Every language the site serves, the default first."""
        default = normalize(self.language)
        return [default, *(tag for tag in parse_list(self.languages) if tag != default)]

    def article_url(self, slug: str, language: str | None = None) -> str:
        """The article's web page: the template with its slug, and its language where the template has {language}
        (the default language's when none is given)."""
        return self.article_url_template.replace("{slug}", slug).replace("{language}", language or self.language)


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


# A search compares phrases of at most this many words with the terms (each query looks up every run of words up to
# this length): a longer term could never be found.
SYNONYM_TERM_MAX_WORDS = 8


def term_normalize(*, text: str) -> str:
    """A term as a search compares it: lower case (as the search lowers what is typed), words one space apart."""
    return " ".join(text.lower().split())


def term_validate(*, text: str) -> None:
    """A term is found by its words: it needs a letter or digit (the full-text indexes see nothing else), and at
    most `SYNONYM_TERM_MAX_WORDS` words."""
    if not any(character.isalnum() for character in text):
        raise ValidationError(_("A term needs at least one letter or digit."), code="no_word")
    if len(text.split()) > SYNONYM_TERM_MAX_WORDS:
        raise ValidationError(
            _("A term has at most %(count)d words: a search never compares a longer phrase.")
            % {"count": SYNONYM_TERM_MAX_WORDS},
            code="too_many_words",
        )


class SynonymSource(models.TextChoices):
    EDITOR = "editor", _("Editor")
    MESH = "mesh", _("MeSH (U.S. National Library of Medicine)")


@reversion.register(follow=["terms"])
class SynonymGroup(Versioned):
    """Terms a reader may type for one concept ("twitching", "fasciculation"): a search for one of them finds the
    articles that use any of them (`core.synonyms`). Per language, because the terms are words of one language and
    are searched in that language's text-search configuration. Versioned with its terms: a change of either raises
    the version, so that two editors, or an editor and a MeSH import, never overwrite each other unseen."""

    language = models.CharField(
        _("language"),
        max_length=35,
        default="en",
        validators=[validate_tag],
        help_text=_(
            "The language of the terms, a BCP 47 tag: they apply to searches of the articles in it (“en” to every "
            "English article, “en-GB” to those in en-GB only)."
        ),
    )
    source = models.CharField(_("source"), max_length=10, choices=SynonymSource.choices, default=SynonymSource.EDITOR)
    mesh_ui = models.CharField(
        _("MeSH descriptor"),
        max_length=10,
        blank=True,
        help_text=_("The MeSH descriptor the terms came from (e.g. D005207). Importing MeSH again replaces its terms."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("synonym group")
        verbose_name_plural = _("synonym groups")
        constraints = [
            models.UniqueConstraint(
                fields=["language", "mesh_ui"], condition=~models.Q(mesh_ui=""), name="synonym_group_one_per_descriptor"
            )
        ]

    def __str__(self) -> str:
        return " ↔ ".join(term.text for term in self.terms.all()) or str(_("(no terms)"))

    def save(self, *args, **kwargs):
        self.language = normalize(self.language)
        super().save(*args, **kwargs)


@reversion.register()
class SynonymTerm(models.Model):
    """One term of a group, one or more words, as an editor typed it (`text`) and as searches compare it
    (`normalized`: lower case, single spaces)."""

    group = models.ForeignKey(SynonymGroup, on_delete=models.CASCADE, related_name="terms", verbose_name=_("group"))
    text = models.CharField(_("term"), max_length=200)
    normalized = models.CharField(_("normalized term"), max_length=200, editable=False, db_index=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("synonym")
        verbose_name_plural = _("synonyms")
        constraints = [models.UniqueConstraint(fields=["group", "normalized"], name="synonym_term_once_per_group")]

    def __str__(self) -> str:
        return self.text

    def save(self, *args, **kwargs):
        self.normalized = term_normalize(text=self.text)
        super().save(*args, **kwargs)

    def clean(self):
        try:
            term_validate(text=self.text)
        except ValidationError as error:
            raise ValidationError({"text": error.error_list}) from error
