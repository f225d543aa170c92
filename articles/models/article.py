import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models.parts import Citation
from articles.models.people import Contributor, Topic
from articles.models.states import ArticleStatus
from core.languages import validate_tag
from core.markdown import render_markdown
from core.text import validate_slug_characters
from media.models import Image


class ReviewDueQuerySet(models.QuerySet):
    """Articles and publications carry `next_review_due`; both are filtered on it the same way."""

    def review_overdue(self, overdue: bool = True):
        """Rows whose next medical review date has passed (or, with overdue=False, has not)."""
        today = timezone.localdate()
        if overdue:
            return self.filter(next_review_due__lt=today)
        return self.filter(Q(next_review_due__gte=today) | Q(next_review_due__isnull=True))


def content_prefetches() -> list:
    """The parts a rendering of an article reads: for `with_content()` or `prefetch_related_objects`."""
    return [
        "topics",
        "authors",
        "key_points",
        "sections",
        "cause_comparisons",
        "faqs",
        Prefetch("citations", queryset=Citation.objects.select_related("reference")),
    ]


class ArticleQuerySet(ReviewDueQuerySet):
    def with_content(self):
        """The working copy with every part a rendering reads, in a fixed number of queries.

        The functions of `articles.prose` and the public serializers read these prefetched parts only.
        """
        return self.select_related("medical_reviewer", "translation_of").prefetch_related(*content_prefetches())


class Audience(models.TextChoices):
    PATIENTS = "patients", _("Patients and the public")
    PROFESSIONALS = "professionals", _("Health professionals")


class Article(models.Model):
    title = models.CharField(_("title"), max_length=200)
    subtitle = models.CharField(_("subtitle"), max_length=300, blank=True)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        allow_unicode=True,
        validators=[validate_slug_characters],
        help_text=_(
            "The article's address in the API and on the website, unique among the articles in its language; filled "
            "in from the title."
        ),
    )
    language = models.CharField(
        _("language"),
        max_length=20,
        default="en",
        validators=[validate_tag],
        help_text=_("The language the article is written in (BCP 47, one of the languages the site serves)."),
    )
    translation_key = models.UUIDField(
        _("translation group"),
        default=uuid.uuid4,
        editable=False,
        db_index=True,
        help_text=_("Shared by an article and its translations."),
    )
    translation_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="translations",
        verbose_name=_("translation of"),
        help_text=_("The article this one was translated from."),
    )
    source_version = models.PositiveIntegerField(
        _("source version"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "The version of the source, as it was live, that this translation was made from or last brought up to "
            "date with."
        ),
    )
    summary = models.TextField(_("quick summary"), help_text=_("Two or three sentences for readers in a hurry."))
    hero_image = models.ForeignKey(
        Image,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hero_of",
        verbose_name=_("hero image"),
        help_text=_("The image at the top of the article, from the media library."),
    )
    intro = models.TextField(_("introduction"), blank=True, help_text=_("Markdown."))
    intro_html = models.TextField(_("introduction (HTML)"), blank=True, editable=False)
    comparison_intro = models.TextField(
        _("comparison introduction"), blank=True, help_text=_("The sentence shown above the comparison table.")
    )
    status = models.CharField(_("status"), max_length=20, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT)
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Goes up by one on every save of the article or of any of its parts."),
    )
    published_at = models.DateTimeField(
        _("first published"), null=True, blank=True, help_text=_("Set when the article is first published.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last edited"), auto_now=True)
    last_reviewed_at = models.DateTimeField(_("last medically reviewed"), null=True, blank=True)
    next_review_due = models.DateField(_("next review due"), null=True, blank=True)
    authors = models.ManyToManyField(
        Contributor, related_name="authored_articles", blank=True, verbose_name=_("authors")
    )
    medical_reviewer = models.ForeignKey(
        Contributor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviewed_articles",
        limit_choices_to={"is_medical_reviewer": True},
        verbose_name=_("medical reviewer"),
    )
    topics = models.ManyToManyField(Topic, related_name="articles", blank=True, verbose_name=_("topics"))
    disclaimer = models.TextField(
        _("medical disclaimer"), blank=True, help_text=_("Leave blank to use the site's default disclaimer.")
    )
    audience = models.CharField(
        _("audience"),
        max_length=20,
        choices=Audience.choices,
        default=Audience.PATIENTS,
        help_text=_("Articles for patients must read at or below the site's target grade, or carry a reason."),
    )
    funding = models.TextField(
        _("funding and sponsorship"),
        blank=True,
        help_text=_("Who paid for the article, if anyone. Required for a sponsored article."),
    )
    conflicts_of_interest = models.TextField(
        _("conflicts of interest"), blank=True, help_text=_("The authors' and reviewer's relevant interests, or none.")
    )
    sponsored = models.BooleanField(
        _("sponsored"), default=False, help_text=_("Paid for by a company or organisation with an interest in it.")
    )
    reading_time_override = models.PositiveSmallIntegerField(
        _("reading time override (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text=_("Leave blank to compute the reading time from the article's words."),
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "language"],
                name="article_slug_per_language",
                violation_error_message=_("Another article in this language has this slug."),
            ),
        ]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [
            ("submit_article", "Can submit articles for medical review"),
            ("review_article", "Can approve articles or send them back (medical review)"),
            ("publish_article", "Can publish, unpublish, archive and roll back articles"),
            ("edit_any_article", "Can edit articles of which they are not an author (managing editors)"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, **kwargs):
        self.intro_html = render_markdown(self.intro)
        super().save(**kwargs)
