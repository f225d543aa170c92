"""Putting test articles live through the real services."""

import datetime
import re

from django.urls import reverse

from articles.lifecycle import TRANSITIONS
from articles.models import Article, ArticleAction, ArticleStatus
from articles.services.audit import article_status_record
from publishing.models import Approval, Publication
from publishing.selectors import approval_of_current_version
from publishing.services.editorial_steps import article_import_published, article_transition
from publishing.services.shown import candidate_shown
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
    reviewer = reviewer or reviewer_user("helper-reviewer", "Dr Helper")
    article_transition("approve", article=article, user=reviewer, shown_document=shown(article))
    article.refresh_from_db()
    return approval_of_current_version(article)


def approved_article(**fields) -> Article:
    """A complete article, approved (with its approval) and ready to publish."""
    article = complete_article(children=1, **fields)
    approve(article)
    return article


def shown(article: Article) -> str:
    """The document fingerprint a reviewer's page of `article` carries now (as the admin page and the API give it)."""
    return candidate_shown(article=Article.objects.get(pk=article.pk))


def shown_on_page(client, article: Article) -> str:
    """The document fingerprint the article's admin page carries for Approve, read from the page as a browser would
    ("" on a page that offers no Approve, as a forged post would send)."""
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    found = re.search(r'name="shown_document" value="([0-9a-f]{64})"', page)
    return found.group(1) if found else ""
