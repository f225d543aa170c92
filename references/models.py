import reversion
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from references.choices import ReferenceKind
from references.identifiers import normalize_doi, normalize_pmid, validate_doi, validate_pmid, validate_web_address


@reversion.register()
class Reference(models.Model):
    """A bibliographic record, kept once and cited by many articles; every save through the services is stored
    as a revision, so that an editor refused for a stale page can see who changed what."""

    kind = models.CharField(_("kind"), max_length=20, choices=ReferenceKind.choices)
    title = models.CharField(
        _("title"),
        max_length=500,
        help_text=_("In sentence case, as PubMed writes titles: the AMA style capitalises book and report titles."),
    )
    authors = models.CharField(
        _("authors"),
        max_length=1000,
        blank=True,
        help_text=_(
            'Surname and initials, separated by commas: "Holick MF, Binkley NC". An organisation may be the author.'
        ),
    )
    container = models.CharField(
        _("journal, website or publisher"), max_length=300, blank=True, help_text=_("Where it appeared.")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, validators=[MinValueValidator(1800), MaxValueValidator(2100)]
    )
    volume = models.CharField(_("volume"), max_length=20, blank=True)
    issue = models.CharField(_("issue"), max_length=20, blank=True)
    pages = models.CharField(_("pages"), max_length=30, blank=True)
    doi = models.CharField(
        _("DOI"),
        max_length=200,
        blank=True,
        validators=[validate_doi],
        help_text=_("For example 10.1056/NEJMra070553; a doi.org link is accepted and shortened."),
    )
    pmid = models.CharField(_("PubMed ID"), max_length=12, blank=True, validators=[validate_pmid])
    url = models.URLField(_("URL"), max_length=500, blank=True, validators=[validate_web_address])
    accessed_on = models.DateField(_("accessed on"), null=True, blank=True)
    version = models.PositiveIntegerField(
        _("version"), default=1, editable=False, help_text=_("Goes up by one on every save.")
    )

    # Not a column: the Retraction Watch notices about its paper, when `references.serializers.notices_attach` gave
    # them (the public API reads them).
    notices: list["RetractionNotice"]

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("reference")
        verbose_name_plural = _("references")
        constraints = [
            models.UniqueConstraint(
                fields=["doi"],
                condition=~Q(doi=""),
                name="references_reference_unique_doi",
                violation_error_message=_("A reference with this DOI already exists: cite that one instead."),
            ),
            models.UniqueConstraint(
                fields=["pmid"],
                condition=~Q(pmid=""),
                name="references_reference_unique_pmid",
                violation_error_message=_("A reference with this PubMed ID already exists: cite that one instead."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title

    def save(self, **kwargs):
        self.clean()
        super().save(**kwargs)

    def clean(self):
        self.doi = normalize_doi(self.doi)
        self.pmid = normalize_pmid(self.pmid)


class NoticeNature(models.TextChoices):
    RETRACTION = "retraction", _("Retraction")
    CORRECTION = "correction", _("Correction")
    EXPRESSION_OF_CONCERN = "expression_of_concern", _("Expression of concern")
    REINSTATEMENT = "reinstatement", _("Reinstatement")


class RetractionNoticeQuerySet(models.QuerySet):
    def about(self, *, dois, pmids):
        """The notices about papers with any of these DOIs or PubMed IDs (normalised, blanks ignored)."""
        dois, pmids = {doi for doi in dois if doi}, {pmid for pmid in pmids if pmid}
        return self.filter(Q(original_doi__in=dois) | Q(original_pmid__in=pmids))


class RetractionNotice(models.Model):
    """A notice about a published paper from the Retraction Watch database (Crossref's CSV), matched to our
    references by the paper's DOI or PubMed ID (`import_retractions`)."""

    record_id = models.PositiveIntegerField(_("Retraction Watch record"), unique=True)
    nature = models.CharField(_("nature"), max_length=30, choices=NoticeNature.choices)
    notice_date = models.DateField(_("date of the notice"), null=True, blank=True)
    notice_doi = models.CharField(_("DOI of the notice"), max_length=200, blank=True)
    original_doi = models.CharField(_("DOI of the paper"), max_length=200, blank=True, db_index=True)
    original_pmid = models.CharField(_("PubMed ID of the paper"), max_length=12, blank=True, db_index=True)
    original_title = models.CharField(_("title of the paper"), max_length=1000, blank=True)
    reason = models.TextField(_("reasons given"), blank=True)

    objects = RetractionNoticeQuerySet.as_manager()

    class Meta:
        ordering = ["notice_date", "record_id"]
        verbose_name = _("retraction watch notice")
        verbose_name_plural = _("retraction watch notices")

    def __str__(self) -> str:
        return f"{self.get_nature_display()} ({self.notice_date or '?'}): {self.original_doi or self.original_pmid}"

    def as_public(self) -> dict:
        return {
            "nature": self.nature,
            "date": self.notice_date.isoformat() if self.notice_date else None,
            "doi": self.notice_doi,
        }
