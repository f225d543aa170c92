from django import template
from django.utils import timezone

from articles.models import Article, ArticleStatus

register = template.Library()


@register.inclusion_tag("admin/articles/review_dashboard.html")
def review_dashboard():
    """The admin home's count of articles whose medical review is overdue."""
    overdue = (
        Article.objects.filter(next_review_due__lt=timezone.localdate()).exclude(status=ArticleStatus.ARCHIVED).count()
    )
    return {"overdue_count": overdue}
