from django import template

from articles.models import Article, ArticleStatus
from newsroom.workspace import workspace_queues
from publishing.selectors import live_articles_citing_retracted

register = template.Library()


@register.inclusion_tag("admin/articles/review_dashboard.html")
def review_dashboard():
    """The admin home's count of articles whose medical review is overdue, and the live articles that cite a
    retracted paper (they need a new review)."""
    overdue = Article.objects.review_overdue().exclude(status=ArticleStatus.ARCHIVED).count()
    return {"overdue_count": overdue, "citing_retracted": live_articles_citing_retracted()}


@register.inclusion_tag("admin/articles/workspace.html", takes_context=True)
def workspace(context):
    """The admin home's queues for the logged-in user's roles."""
    return {"queues": workspace_queues(context["request"].user), "request": context["request"]}
