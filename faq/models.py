from django.db import models

from core.markdown import render_markdown
from core.models import ArticleChild


class FAQ(ArticleChild):
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="faqs", verbose_name="article"
    )
    question = models.CharField("question", max_length=300)
    answer = models.TextField("answer", help_text="Markdown. Cite sources with their number, e.g. [3].")
    answer_html = models.TextField("answer (HTML)", blank=True, editable=False)

    class Meta(ArticleChild.Meta):
        verbose_name = "FAQ"
        verbose_name_plural = "FAQs"

    def __str__(self) -> str:
        return self.question

    def save(self, *args, **kwargs):
        self.answer_html = render_markdown(self.answer)
        super().save(*args, **kwargs)


class PublishedFAQQuerySet(models.QuerySet):
    def live(self, now=None):
        from articles.models import Publication

        return self.filter(publication__in=Publication.objects.live(now))


class PublishedFAQ(models.Model):
    """An FAQ exactly as it was published, so /faqs/ never shows the working copy."""

    publication = models.ForeignKey(
        "articles.Publication", on_delete=models.CASCADE, related_name="faqs", verbose_name="publication"
    )
    faq_id = models.PositiveBigIntegerField("FAQ id")
    position = models.PositiveIntegerField("position")
    question = models.CharField("question", max_length=300)
    answer_markdown = models.TextField("answer (Markdown)")
    answer_html = models.TextField("answer (HTML)")
    search_text = models.TextField("search text")

    objects = PublishedFAQQuerySet.as_manager()

    class Meta:
        ordering = ["publication", "position"]
        verbose_name = "published FAQ"
        verbose_name_plural = "published FAQs"

    def __str__(self) -> str:
        return self.question
