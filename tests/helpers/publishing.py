"""Putting test articles live through the real services."""

import datetime

from articles.lifecycle import TRANSITIONS
from articles.models import Article, ArticleAction, ArticleStatus
from articles.services.audit import article_status_record
from publishing.models import Publication
from publishing.services.lifecycle import article_import_published
from tests.helpers.factories import ReviewerFactory


def publish_reviewed(article: Article, live_from: datetime.datetime | None = None, user=None) -> Publication:
    """Publish the working copy as it is, as if it had been reviewed (the import step of the lifecycle).

    A published article whose rows a test changed directly is first recorded as edited, as the
    editing service would, so that it can be published again.
    """
    article.refresh_from_db()
    if article.status == ArticleStatus.PUBLISHED:
        article_status_record(article=article, transition=TRANSITIONS[ArticleAction.EDIT], user=None)
    publication = article_import_published(
        article=article,
        user=user,
        reviewer=article.medical_reviewer or ReviewerFactory(),
        reviewed_at=article.last_reviewed_at or datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC),
        next_review_due=article.next_review_due,
        comment="Published by a test.",
        live_from=live_from,
    )
    article.refresh_from_db()
    return publication
