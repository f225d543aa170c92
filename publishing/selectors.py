"""Reads about what is public, shared by the admin, the API and the services."""

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from articles.models import Article
from publishing.models import Publication


def has_publication(article: Article) -> bool:
    """Whether something of the article is live or scheduled (the newest publication not withdrawn is one of those)."""
    return Publication.objects.filter(article=article, withdrawn_at__isnull=True).exists()


def articles_with_live_state(articles: QuerySet, now=None) -> QuerySet:
    """Annotate `is_live` (the public API shows a publication of it now) and
    `is_scheduled` (a publication of it is waiting for its go-live time)."""
    now = now or timezone.now()
    live = Publication.objects.live(now).filter(article=OuterRef("pk"))
    scheduled = Publication.objects.pending(now).filter(article=OuterRef("pk"))
    return articles.annotate(is_live=Exists(live), is_scheduled=Exists(scheduled))


def publications_with_live_flag(publications: QuerySet, now=None) -> QuerySet:
    """Annotate `is_live` on each publication: whether it is the one the public sees now."""
    live = Publication.objects.live(now).filter(pk=OuterRef("pk"))
    return publications.annotate(is_live=Exists(live))
