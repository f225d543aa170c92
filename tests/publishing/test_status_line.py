"""The one status line: every combination of the working copy's state and what readers see, each made through the
real services and named, with its words."""

import datetime

import pytest
from django.utils import timezone

from articles.lifecycle import TRANSITIONS
from articles.models import Article, ArticleAction, ArticleStatus
from articles.services.audit import article_status_record
from core.moments import moment_text
from publishing.selectors import Standing, article_status_line, articles_with_live_state
from publishing.services.editorial_steps import article_transition
from tests.helpers.factories import complete_article
from tests.helpers.people import user_in_role
from tests.helpers.publishing import approve

pytestmark = pytest.mark.django_db

GO_LIVE = datetime.timedelta(days=2)


def edited(article: Article) -> Article:
    """A save of the working copy, as the editing service records one: a new version, a draft again."""
    article.refresh_from_db()
    Article.objects.filter(pk=article.pk).update(version=article.version + 1)
    article.refresh_from_db()
    if article.status == ArticleStatus.PUBLISHED:
        article_status_record(article=article, transition=TRANSITIONS[ArticleAction.EDIT], user=None, comment="")
    return article


def publish(article: Article, publisher, live_from=None) -> Article:
    approve(article)
    article_transition("publish", article=article, user=publisher, live_from=live_from)
    return article


def _draft(publisher, author):
    return complete_article(children=1)


def _draft_live(publisher, author):
    return edited(publish(complete_article(children=1), publisher))


def _in_review(publisher, author):
    article = complete_article(children=1)
    article_transition("submit", article=article, user=author)
    return article


def _in_review_live(publisher, author):
    article = _draft_live(publisher, author)
    article_transition("submit", article=article, user=author)
    return article


def _approved(publisher, author):
    article = complete_article(children=1)
    approve(article)
    return article


def _approved_live(publisher, author):
    article = _draft_live(publisher, author)
    approve(article)
    return article


def _scheduled_first(publisher, author):
    return publish(complete_article(children=1), publisher, live_from=timezone.now() + GO_LIVE)


def _scheduled_replacement(publisher, author):
    return publish(_draft_live(publisher, author), publisher, live_from=timezone.now() + GO_LIVE)


def _published(publisher, author):
    return publish(complete_article(children=1), publisher)


def _unpublished(publisher, author):
    article = _published(publisher, author)
    article_transition("unpublish", article=article, user=publisher)
    return article


def _archived(publisher, author):
    article = _published(publisher, author)
    article_transition("archive", article=article, user=publisher)
    return article


# Each state by name: how it is made, its standing, its headline, and its sentence (%(…)s: the article's moments).
STATES = {
    "draft never published": (_draft, Standing.DRAFT, "Draft", "Never published: nothing of it is live."),
    "draft while version 1 is live": (
        _draft_live, Standing.DRAFT_LIVE, "Draft", "Version 1 is live since {live_since}; this draft is not."
    ),
    "in review, never published": (
        _in_review, Standing.IN_REVIEW, "In medical review", "Never published: nothing of it is live."
    ),
    "in review while version 1 is live": (
        _in_review_live, Standing.IN_REVIEW_LIVE, "In medical review",
        "Version 1 is live since {live_since}; the version in review is not.",
    ),
    "approved, not yet published": (
        _approved, Standing.APPROVED, "Approved", "Not published yet: nothing of it is live."
    ),
    "approved while version 1 is live": (
        _approved_live, Standing.APPROVED_LIVE, "Approved",
        "Version 1 is live since {live_since}; this approved version is not published yet.",
    ),
    "scheduled first publication": (
        _scheduled_first, Standing.SCHEDULED_FIRST, "Scheduled",
        "Nothing of it is live yet; version 1 goes live at {scheduled_at}.",
    ),
    "scheduled replacement": (
        _scheduled_replacement, Standing.SCHEDULED_REPLACEMENT, "Scheduled",
        "Version 1 is live since {live_since}; version 2 replaces it at {scheduled_at}.",
    ),
    "published": (
        _published, Standing.PUBLISHED, "Published", "Live since {live_since}; the working copy is the live version."
    ),
    "unpublished": (
        _unpublished, Standing.UNPUBLISHED, "Unpublished",
        "Taken down on {unpublished_at}: nothing of it is live now. The working copy is a draft.",
    ),
    "archived": (_archived, Standing.ARCHIVED, "Archived", "Nothing of it is live; return it to draft to work on it."),
}  # fmt: skip


def test_every_standing_has_a_named_state_here():
    assert {standing for _make, standing, _headline, _sentence in STATES.values()} == set(Standing)


@pytest.mark.parametrize("state", STATES)
def test_the_status_line_says_each_state_in_its_own_words(state, publisher):
    make, standing, headline, sentence = STATES[state]
    article = make(publisher, user_in_role("an-author", "Author"))
    annotated = articles_with_live_state(Article.objects.filter(pk=article.pk)).get()
    line = article_status_line(annotated)
    moments = {name: moment_text(getattr(annotated, name)) for name in ("live_since", "scheduled_at", "unpublished_at")}
    assert (line.standing, line.headline, line.text) == (standing, headline, sentence.format(**moments))
    assert str(line) == f"{headline} — {line.text}"


def test_a_scheduled_version_edited_since_says_where_the_working_copy_is(publisher):
    article = edited(_scheduled_first(publisher, None))
    line = article_status_line(articles_with_live_state(Article.objects.filter(pk=article.pk)).get())
    assert line.standing == Standing.SCHEDULED_FIRST
    assert line.text.endswith(
        "goes live at " + moment_text(line.values["scheduled_at"]) + ". The working copy is a draft."
    )


def test_times_are_in_the_sites_localized_format_and_zone(settings):
    settings.TIME_ZONE = "Europe/Berlin"
    moment = datetime.datetime(2026, 12, 7, 5, 30, tzinfo=datetime.UTC)
    with timezone.override("Europe/Berlin"):
        assert moment_text(moment) == "Dec. 7, 2026, 6:30 a.m. (Europe/Berlin)"
