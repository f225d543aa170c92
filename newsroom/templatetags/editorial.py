from django import template

from articles.models import Article, ArticleStatus

register = template.Library()


@register.inclusion_tag("admin/articles/review_dashboard.html")
def review_dashboard():
    """The admin home's count of articles whose medical review is overdue."""
    overdue = Article.objects.review_overdue().exclude(status=ArticleStatus.ARCHIVED).count()
    return {"overdue_count": overdue}
