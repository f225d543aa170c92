from django.db import models
from django.db.models import Max


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
