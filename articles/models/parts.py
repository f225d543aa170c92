"""The ordered parts of an article: key points, sections, comparison rows, FAQs and numbered citations."""

from django.db import models
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from core.markdown import render_markdown
from core.text import validate_slug_characters
from references.models import Reference

ARTICLE = "articles.Article"


class ArticleChild(models.Model):
    """An ordered part of an article: key point, section, comparison row, FAQ.

    `position` is what the admin's drag-and-drop writes; a child saved without
    one goes to the end. Subclasses declare their own `article` foreign key so
    that each gets a readable related name.
    """

    position = models.PositiveIntegerField(
        _("position"), help_text=_("Order within the article; drag rows in the admin to change it.")
    )

    class Meta:
        abstract = True
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "position"],
                name="%(app_label)s_%(class)s_unique_position",
                violation_error_message=_("Two items of this article have the same position."),
            )
        ]

    def save(self, **kwargs):
        if self.position is None:
            last = type(self).objects.filter(article_id=self.article_id).aggregate(last=Max("position"))["last"]
            self.position = (last or 0) + 1
        super().save(**kwargs)


class KeyPoint(ArticleChild):
    article = models.ForeignKey(ARTICLE, on_delete=models.CASCADE, related_name="key_points", verbose_name=_("article"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))

    class Meta(ArticleChild.Meta):
        verbose_name = _("key point")
        verbose_name_plural = _("key points")

    def __str__(self) -> str:
        return self.title


class Section(ArticleChild):
    article = models.ForeignKey(ARTICLE, on_delete=models.CASCADE, related_name="sections", verbose_name=_("article"))
    heading = models.CharField(_("heading"), max_length=200)
    anchor = models.SlugField(
        _("anchor"),
        max_length=220,
        blank=True,
        allow_unicode=True,
        validators=[validate_slug_characters],
        help_text=_("The #link to this section; filled in from the heading when left blank."),
    )
    body = models.TextField(_("body"), help_text=_("Markdown. Cite sources with their number, e.g. [3]."))
    body_html = models.TextField(_("body (HTML)"), blank=True, editable=False)

    class Meta(ArticleChild.Meta):
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            *ArticleChild.Meta.constraints,
            models.UniqueConstraint(
                fields=["article", "anchor"],
                name="articles_section_unique_anchor",
                violation_error_message=_("Two sections of this article have the same anchor."),
            ),
        ]

    def __str__(self) -> str:
        return self.heading

    def save(self, **kwargs):
        self.body_html = render_markdown(self.body)
        super().save(**kwargs)


class CauseComparison(ArticleChild):
    article = models.ForeignKey(
        ARTICLE, on_delete=models.CASCADE, related_name="cause_comparisons", verbose_name=_("article")
    )
    cause = models.CharField(_("cause"), max_length=200)
    related_symptoms = models.TextField(_("related symptoms"))
    differentiating_factors = models.TextField(_("key differentiating factors"))

    class Meta(ArticleChild.Meta):
        verbose_name = _("comparison row")
        verbose_name_plural = _("comparison table")

    def __str__(self) -> str:
        return self.cause


class FAQ(ArticleChild):
    article = models.ForeignKey(ARTICLE, on_delete=models.CASCADE, related_name="faqs", verbose_name=_("article"))
    question = models.CharField(_("question"), max_length=300)
    answer = models.TextField(_("answer"), help_text=_("Markdown. Cite sources with their number, e.g. [3]."))
    answer_html = models.TextField(_("answer (HTML)"), blank=True, editable=False)

    class Meta(ArticleChild.Meta):
        # The table and constraint keep the names they had in the former `faq` app.
        db_table = "faq_faq"
        verbose_name = _("FAQ")
        verbose_name_plural = _("FAQs")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "position"],
                name="faq_faq_unique_position",
                violation_error_message=_("Two items of this article have the same position."),
            )
        ]

    def __str__(self) -> str:
        return self.question

    def save(self, **kwargs):
        self.answer_html = render_markdown(self.answer)
        super().save(**kwargs)


class Citation(models.Model):
    """A reference cited by an article under a number: [1], [2], …"""

    article = models.ForeignKey(ARTICLE, on_delete=models.CASCADE, related_name="citations", verbose_name=_("article"))
    reference = models.ForeignKey(
        Reference, on_delete=models.PROTECT, related_name="citations", verbose_name=_("reference")
    )
    number = models.PositiveIntegerField(_("number"), help_text=_("Drag rows in the admin to renumber."))

    class Meta:
        # The table keeps the name it had in the `references` app.
        db_table = "references_citation"
        ordering = ["number"]
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "number"],
                name="references_citation_unique_number",
                violation_error_message=_("Two citations of this article have the same number."),
            ),
            models.UniqueConstraint(
                fields=["article", "reference"],
                name="references_citation_unique_reference",
                violation_error_message=_("This article already cites that reference."),
            ),
        ]

    def __str__(self) -> str:
        return f"[{self.number}] {self.reference}"

    def save(self, **kwargs):
        if self.number is None:
            last = Citation.objects.filter(article_id=self.article_id).aggregate(last=Max("number"))["last"]
            self.number = (last or 0) + 1
        super().save(**kwargs)

    @property
    def anchor(self) -> str:
        return f"ref-{self.number}"
