from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from core.citation_markers import MARKER
from core.markdown import plain_text, render_markdown
from core.models import ArticleChild
from core.readability import Readability, measure
from core.text import unique_slug, word_count
from references.models import Citation

# Adults read non-fiction at roughly 240 words a minute; health content is
# read more carefully, so we assume 200 to avoid promising too short a read.
WORDS_PER_MINUTE = 200


class Topic(models.Model):
    name = models.CharField("name", max_length=120, unique=True)
    slug = models.SlugField("slug", max_length=140, unique=True)
    description = models.TextField("description", blank=True)
    is_condition = models.BooleanField(
        "names a medical condition",
        default=False,
        help_text="Articles with this topic are marked as being about this condition in structured data.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "topic"
        verbose_name_plural = "topics"

    def __str__(self) -> str:
        return self.name


class Contributor(models.Model):
    name = models.CharField("name", max_length=150)
    slug = models.SlugField("slug", max_length=160, unique=True)
    credentials = models.CharField("credentials", max_length=100, blank=True, help_text='For example "MD, RD".')
    is_author = models.BooleanField("writes articles", default=True)
    is_medical_reviewer = models.BooleanField("medical reviewer", default=False)
    bio = models.TextField("biography", blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributor_profile",
        verbose_name="admin user",
        help_text="The admin login of this person, if they edit content themselves.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "contributor"
        verbose_name_plural = "contributors"

    def __str__(self) -> str:
        return f"{self.name}, {self.credentials}" if self.credentials else self.name

    @property
    def roles(self) -> list[str]:
        roles = []
        if self.is_author:
            roles.append("author")
        if self.is_medical_reviewer:
            roles.append("medical_reviewer")
        return roles


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In medical review"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


def content_prefetches() -> list:
    """The children a detail rendering of an article reads (see `ArticleQuerySet.with_content`)."""
    return [
        "topics",
        "authors",
        "key_points",
        "sections",
        "cause_comparisons",
        "faqs",
        Prefetch("citations", queryset=Citation.objects.select_related("reference")),
    ]


class ReviewDueQuerySet(models.QuerySet):
    """Articles and publications carry `next_review_due`; both are filtered on it the same way."""

    def review_overdue(self, overdue: bool = True):
        """Rows whose next medical review date has passed (or, with overdue=False, has not)."""
        today = timezone.localdate()
        if overdue:
            return self.filter(next_review_due__lt=today)
        return self.filter(Q(next_review_due__gte=today) | Q(next_review_due__isnull=True))


class ArticleQuerySet(ReviewDueQuerySet):
    def with_content(self):
        """The working copy with every part a detail rendering reads, in a fixed number of queries."""
        return self.select_related("medical_reviewer").prefetch_related(*content_prefetches())

    def with_live_state(self, now=None):
        """Annotate `is_live` (the public API shows a publication of it now) and
        `is_scheduled` (a publication of it is waiting for its go-live time)."""
        now = now or timezone.now()
        live = Publication.objects.live(now).filter(article=OuterRef("pk"))
        scheduled = Publication.objects.filter(article=OuterRef("pk"), withdrawn_at__isnull=True, live_from__gt=now)
        return self.annotate(is_live=Exists(live), is_scheduled=Exists(scheduled))


class Article(models.Model):
    title = models.CharField("title", max_length=200)
    subtitle = models.CharField("subtitle", max_length=300, blank=True)
    slug = models.SlugField(
        "slug",
        max_length=200,
        unique=True,
        help_text="The article's address in the API and on the website; filled in from the title.",
    )
    summary = models.TextField("quick summary", help_text="Two or three sentences for readers in a hurry.")
    intro = models.TextField("introduction", blank=True, help_text="Markdown.")
    intro_html = models.TextField("introduction (HTML)", blank=True, editable=False)
    comparison_intro = models.TextField(
        "comparison introduction", blank=True, help_text="The sentence shown above the comparison table."
    )
    status = models.CharField("status", max_length=20, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT)
    published_at = models.DateTimeField(
        "first published", null=True, blank=True, help_text="Set when the article is first published."
    )
    created_at = models.DateTimeField("created", auto_now_add=True)
    updated_at = models.DateTimeField("last edited", auto_now=True)
    last_reviewed_at = models.DateTimeField("last medically reviewed", null=True, blank=True)
    next_review_due = models.DateField("next review due", null=True, blank=True)
    authors = models.ManyToManyField(Contributor, related_name="authored_articles", blank=True, verbose_name="authors")
    medical_reviewer = models.ForeignKey(
        Contributor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviewed_articles",
        limit_choices_to={"is_medical_reviewer": True},
        verbose_name="medical reviewer",
    )
    topics = models.ManyToManyField(Topic, related_name="articles", blank=True, verbose_name="topics")
    disclaimer = models.TextField(
        "medical disclaimer", blank=True, help_text="Leave blank to use the site's default disclaimer."
    )
    reading_time_override = models.PositiveSmallIntegerField(
        "reading time override (minutes)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text="Leave blank to compute the reading time from the article's words.",
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = "article"
        verbose_name_plural = "articles"
        permissions = [
            ("submit_article", "Can submit articles for medical review"),
            ("review_article", "Can approve articles or send them back (medical review)"),
            ("publish_article", "Can publish, unpublish, archive and roll back articles"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            taken = set(Article.objects.exclude(pk=self.pk).values_list("slug", flat=True))
            self.slug = unique_slug(self.title, taken, fallback="article")
        self.intro_html = render_markdown(self.intro)
        super().save(*args, **kwargs)

    def prose_word_count(self) -> int:
        """Words a reader reads, from the prefetched children (see `with_content`)."""
        return word_count(
            self.title,
            self.subtitle,
            self.summary,
            plain_text(self.intro),
            self.comparison_intro,
            *(f"{point.title} {point.text}" for point in self.key_points.all()),
            *(f"{section.heading} {plain_text(section.body)}" for section in self.sections.all()),
            *(
                f"{row.cause} {row.related_symptoms} {row.differentiating_factors}"
                for row in self.cause_comparisons.all()
            ),
            *(f"{faq.question} {plain_text(faq.answer)}" for faq in self.faqs.all()),
        )

    def prose_text(self) -> str:
        """The sentences a patient reads, without citation markers (see `with_content`)."""
        paragraphs = [
            self.summary,
            plain_text(self.intro),
            *(point.text for point in self.key_points.all()),
            *(plain_text(section.body) for section in self.sections.all()),
            *(f"{faq.question}\n\n{plain_text(faq.answer)}" for faq in self.faqs.all()),
        ]
        return MARKER.sub("", "\n\n".join(paragraph for paragraph in paragraphs if paragraph))

    @property
    def readability(self) -> Readability | None:
        return measure(self.prose_text())

    def cited_texts(self) -> list[tuple[str, str]]:
        """(where, Markdown) of every text that may carry citation markers (see `with_content`)."""
        return [
            ("Introduction", self.intro),
            *((f"Section “{section.heading}”", section.body) for section in self.sections.all()),
            *((f"FAQ “{faq.question}”", faq.answer) for faq in self.faqs.all()),
        ]

    @property
    def reading_time_minutes(self) -> int:
        if self.reading_time_override:
            return self.reading_time_override
        return max(1, round(self.prose_word_count() / WORDS_PER_MINUTE))


class KeyPoint(ArticleChild):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="key_points", verbose_name="article")
    title = models.CharField("title", max_length=200)
    text = models.TextField("text")

    class Meta(ArticleChild.Meta):
        verbose_name = "key point"
        verbose_name_plural = "key points"

    def __str__(self) -> str:
        return self.title


class Section(ArticleChild):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sections", verbose_name="article")
    heading = models.CharField("heading", max_length=200)
    anchor = models.SlugField(
        "anchor",
        max_length=220,
        blank=True,
        help_text="The #link to this section; filled in from the heading when left blank.",
    )
    body = models.TextField("body", help_text="Markdown. Cite sources with their number, e.g. [3].")
    body_html = models.TextField("body (HTML)", blank=True, editable=False)

    class Meta(ArticleChild.Meta):
        verbose_name = "section"
        verbose_name_plural = "sections"
        constraints = [
            *ArticleChild.Meta.constraints,
            models.UniqueConstraint(
                fields=["article", "anchor"],
                name="articles_section_unique_anchor",
                violation_error_message="Two sections of this article have the same anchor.",
            ),
        ]

    def __str__(self) -> str:
        return self.heading

    def save(self, *args, **kwargs):
        if not self.anchor:
            taken = set(
                Section.objects.filter(article_id=self.article_id).exclude(pk=self.pk).values_list("anchor", flat=True)
            )
            self.anchor = unique_slug(self.heading, taken, fallback="section")
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)


class CauseComparison(ArticleChild):
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="cause_comparisons", verbose_name="article"
    )
    cause = models.CharField("cause", max_length=200)
    related_symptoms = models.TextField("related symptoms")
    differentiating_factors = models.TextField("key differentiating factors")

    class Meta(ArticleChild.Meta):
        verbose_name = "comparison row"
        verbose_name_plural = "comparison table"

    def __str__(self) -> str:
        return self.cause


class PublicationQuerySet(ReviewDueQuerySet):
    def live(self, now=None):
        """The one publication per article that the public sees at `now`.

        That is the newest publication that has not been withdrawn and whose
        go-live time has passed; a scheduled newer one takes over by itself
        when its time comes, with no job needing to run.
        """
        now = now or timezone.now()
        visible = Q(withdrawn_at__isnull=True, live_from__lte=now)
        newer = Publication.objects.filter(
            visible,
            Q(live_from__gt=OuterRef("live_from")) | Q(live_from=OuterRef("live_from"), pk__gt=OuterRef("pk")),
            article=OuterRef("article"),
        )
        return self.filter(visible).exclude(Exists(newer))

    def last_change(self, now=None):
        """When the set of live publications last changed, for lists' Last-Modified."""
        now = now or timezone.now()
        times = self.aggregate(
            created=models.Max("created_at"),
            withdrawn=models.Max("withdrawn_at"),
            went_live=models.Max("live_from", filter=Q(live_from__lte=now)),
        )
        return max((time for time in times.values() if time), default=None)


class Publication(models.Model):
    """A frozen, public rendering of an article, as the API serves it.

    The working copy can change freely; the public sees only these documents.
    Earlier publications are kept so that a bad publish can be rolled back.
    """

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="publications", verbose_name="article")
    slug = models.SlugField("slug", max_length=200)
    title = models.CharField("title", max_length=200)
    search_text = models.TextField("search text", help_text="Lower-cased words that ?search= matches.")
    topics = models.ManyToManyField(Topic, related_name="publications", blank=True, verbose_name="topics")
    reviewer = models.ForeignKey(
        Contributor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="medical reviewer",
    )
    first_published_at = models.DateTimeField("first published")
    live_from = models.DateTimeField("live from", help_text="When this version replaces the previous one.")
    withdrawn_at = models.DateTimeField("withdrawn", null=True, blank=True)
    went_live_at = models.DateTimeField(
        "went live", null=True, blank=True, help_text="Set when the publication was first seen live."
    )
    next_review_due = models.DateField("next review due", null=True, blank=True)
    document = models.JSONField("detail document")
    list_item = models.JSONField("list entry")
    jsonld = models.JSONField("JSON-LD", default=dict)
    etag = models.CharField("ETag", max_length=64)
    created_at = models.DateTimeField("created", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="published by",
    )

    objects = PublicationQuerySet.as_manager()

    class Meta:
        ordering = ["-live_from", "-pk"]
        verbose_name = "publication"
        verbose_name_plural = "publications"
        indexes = [
            models.Index(fields=["slug", "live_from"], name="publication_slug_live"),
            models.Index(fields=["article", "live_from"], name="publication_article_live"),
            models.Index(fields=["first_published_at"], name="publication_first_published"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (live from {self.live_from:%Y-%m-%d %H:%M})"

    @property
    def last_modified(self):
        return max(self.created_at, self.live_from)


class ArticleTransition(models.Model):
    """The audit trail of the editorial lifecycle: who moved an article from which state to which, and why."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="transitions", verbose_name="article")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="by",
    )
    action = models.CharField("action", max_length=40)
    from_status = models.CharField("from", max_length=20, choices=ArticleStatus.choices)
    to_status = models.CharField("to", max_length=20, choices=ArticleStatus.choices)
    comment = models.TextField("comment", blank=True)
    created_at = models.DateTimeField("when", default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "review history entry"
        verbose_name_plural = "review history"

    def __str__(self) -> str:
        return f"{self.action}: {self.from_status} → {self.to_status}"
