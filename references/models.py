from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Max, Q

from references.formatting import format_ama
from references.identifiers import normalize_doi, normalize_pmid, validate_doi, validate_pmid


class ReferenceKind(models.TextChoices):
    JOURNAL_ARTICLE = "journal_article", "Journal article"
    WEBSITE = "website", "Website"
    BOOK = "book", "Book"
    GUIDELINE = "guideline", "Guideline"


class Reference(models.Model):
    """A bibliographic record, kept once and cited by many articles."""

    kind = models.CharField("kind", max_length=20, choices=ReferenceKind.choices)
    title = models.CharField("title", max_length=500)
    authors = models.CharField(
        "authors",
        max_length=1000,
        blank=True,
        help_text='Surname and initials, separated by commas: "Holick MF, Binkley NC". '
        "An organisation may be the author.",
    )
    container = models.CharField(
        "journal, website or publisher", max_length=300, blank=True, help_text="Where it appeared."
    )
    year = models.PositiveSmallIntegerField(
        "year", null=True, blank=True, validators=[MinValueValidator(1800), MaxValueValidator(2100)]
    )
    volume = models.CharField("volume", max_length=20, blank=True)
    issue = models.CharField("issue", max_length=20, blank=True)
    pages = models.CharField("pages", max_length=30, blank=True)
    doi = models.CharField(
        "DOI",
        max_length=200,
        blank=True,
        validators=[validate_doi],
        help_text="For example 10.1056/NEJMra070553; a doi.org link is accepted and shortened.",
    )
    pmid = models.CharField("PubMed ID", max_length=12, blank=True, validators=[validate_pmid])
    url = models.URLField("URL", max_length=500, blank=True)
    accessed_on = models.DateField("accessed on", null=True, blank=True)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = "reference"
        verbose_name_plural = "references"
        constraints = [
            models.UniqueConstraint(
                fields=["doi"],
                condition=~Q(doi=""),
                name="references_reference_unique_doi",
                violation_error_message="A reference with this DOI already exists: cite that one instead.",
            ),
            models.UniqueConstraint(
                fields=["pmid"],
                condition=~Q(pmid=""),
                name="references_reference_unique_pmid",
                violation_error_message=("A reference with this PubMed ID already exists: cite that one instead."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title

    def save(self, *args, **kwargs):
        self.clean()
        super().save(*args, **kwargs)

    def clean(self):
        self.doi = normalize_doi(self.doi)
        self.pmid = normalize_pmid(self.pmid)

    @property
    def citation(self) -> str:
        return format_ama(self)


class Citation(models.Model):
    """A reference cited by an article under a number: [1], [2], …"""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="citations", verbose_name="article"
    )
    reference = models.ForeignKey(
        Reference, on_delete=models.PROTECT, related_name="citations", verbose_name="reference"
    )
    number = models.PositiveIntegerField("number", help_text="Drag rows in the admin to renumber.")

    class Meta:
        ordering = ["number"]
        verbose_name = "citation"
        verbose_name_plural = "citations"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "number"],
                name="references_citation_unique_number",
                violation_error_message="Two citations of this article have the same number.",
            ),
            models.UniqueConstraint(
                fields=["article", "reference"],
                name="references_citation_unique_reference",
                violation_error_message="This article already cites that reference.",
            ),
        ]

    def __str__(self) -> str:
        return f"[{self.number}] {self.reference}"

    def save(self, *args, **kwargs):
        if self.number is None:
            last = Citation.objects.filter(article_id=self.article_id).aggregate(last=Max("number"))["last"]
            self.number = (last or 0) + 1
        super().save(*args, **kwargs)

    @property
    def anchor(self) -> str:
        return f"ref-{self.number}"


class PublishedReferenceQuerySet(models.QuerySet):
    def live(self, now=None):
        from articles.models import Publication

        return self.filter(publication__in=Publication.objects.live(now))


class PublishedReference(models.Model):
    """A reference exactly as one publication cited it."""

    publication = models.ForeignKey(
        "articles.Publication",
        on_delete=models.CASCADE,
        related_name="references",
        verbose_name="publication",
    )
    reference_id = models.PositiveBigIntegerField("reference id", db_index=True)
    number = models.PositiveIntegerField("number")
    title = models.CharField("title", max_length=500)
    doi = models.CharField("DOI", max_length=200, blank=True, db_index=True)
    pmid = models.CharField("PubMed ID", max_length=12, blank=True, db_index=True)
    data = models.JSONField("published record")

    objects = PublishedReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["publication", "number"]
        verbose_name = "published reference"
        verbose_name_plural = "published references"

    def __str__(self) -> str:
        return self.title
