"""Putting test articles live through the real services."""

import datetime

from articles.lifecycle import TRANSITIONS
from articles.models import Article, ArticleAction, ArticleStatus
from articles.services.audit import article_status_record
from publishing.models import Approval, Publication
from publishing.selectors import approval_of_current_version
from publishing.services.lifecycle import article_import_published, article_transition
from tests.helpers.factories import ReviewerFactory, complete_article
from tests.helpers.people import reviewer_user, user_in_role


def publish_reviewed(article: Article, live_from: datetime.datetime | None = None, user=None) -> Publication:
    """Publish the working copy as it is, as if it had been reviewed (the import step of the lifecycle).

    A published article whose rows a test changed directly is first recorded as edited, as the
    editing service would, so that it can be published again.
    """
    article.refresh_from_db()
    if article.status == ArticleStatus.PUBLISHED:
        article_status_record(
            article=article, transition=TRANSITIONS[ArticleAction.EDIT], user=None, comment="Changed by a test."
        )
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


def approve(article: Article, reviewer=None) -> Approval:
    """Take the article through medical review the real way: submitted by an author, approved by a reviewer."""
    article.refresh_from_db()
    if article.status in (ArticleStatus.DRAFT, ArticleStatus.PUBLISHED):
        article_transition("submit", article=article, user=user_in_role("helper-author", "Author"))
    article_transition("approve", article=article, user=reviewer or reviewer_user("helper-reviewer", "Dr Helper"))
    article.refresh_from_db()
    return approval_of_current_version(article)


def approved_article(**fields) -> Article:
    """A complete article, approved (with its approval) and ready to publish."""
    article = complete_article(children=1, **fields)
    approve(article)
    return article
