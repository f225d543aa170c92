"""The working copy of articles: what editors change. Publishing freezes it (see the `publishing` app)."""

import reversion

from articles.models.article import Article, ArticleQuerySet, Audience, ReviewDueQuerySet, content_prefetches
from articles.models.history import ArticleTransition, ReviewReminder
from articles.models.parts import FAQ, ArticleChild, CauseComparison, Citation, KeyPoint, Section
from articles.models.people import Contributor, Topic
from articles.models.states import ArticleAction, ArticleStatus

# Registered with the models rather than by the admin, so that every save through the editing services
# keeps a version, and so that a version holds the content parts only: not the review history or the
# publications, which restoring a version must never touch.
VERSIONED_PARTS = ["key_points", "sections", "cause_comparisons", "faqs", "citations"]
for _model in (KeyPoint, Section, CauseComparison, FAQ, Citation):
    reversion.register(_model)
reversion.register(Article, follow=VERSIONED_PARTS)
# Kept so that an editor refused for a stale page can see who changed what (`core.versioning`).
reversion.register(Topic)
reversion.register(Contributor)

__all__ = [
    "FAQ",
    "Article",
    "ArticleAction",
    "ArticleChild",
    "ArticleQuerySet",
    "ArticleStatus",
    "ArticleTransition",
    "Audience",
    "CauseComparison",
    "Citation",
    "Contributor",
    "KeyPoint",
    "ReviewDueQuerySet",
    "ReviewReminder",
    "Section",
    "Topic",
    "content_prefetches",
]
