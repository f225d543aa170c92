"""The actions the status line says apply, in the article page's header, each behind its confirmation page:
"Cancel the scheduled go-live" and "Publish again"; and the lifecycle form's wording for who may do what."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from articles.lifecycle import TRANSITIONS
from articles.models import Article, ArticleAction, ArticleStatus
from articles.services.audit import article_status_record
from publishing.models import Publication
from publishing.services.editorial_steps import article_transition
from tests.helpers.factories import ContributorFactory, complete_article
from tests.helpers.people import user_in_role
from tests.helpers.publishing import approve, approved_article
from tests.newsroom.test_article_page import CHANGE_PAGE_QUERIES

pytestmark = pytest.mark.django_db


def page_of(client, article) -> str:
    return client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()


def said(response) -> str:
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


@pytest.fixture
def scheduled(publisher):
    article = approved_article(title="Magnesium and leg cramps")
    article_transition(
        "publish", article=article, user=publisher, live_from=timezone.now() + datetime.timedelta(days=1)
    )
    article.refresh_from_db()
    return article


@pytest.fixture
def unpublished(publisher):
    article = approved_article(title="Magnesium and leg cramps")
    article_transition("publish", article=article, user=publisher)
    article_transition("unpublish", article=article, user=publisher)
    article.refresh_from_db()
    return article


def test_a_publisher_cancels_a_scheduled_go_live_from_the_header_after_a_confirmation(client, publisher, scheduled):
    client.force_login(publisher)
    page = page_of(client, scheduled)
    url = reverse("admin:articles_article_schedule_cancel", args=[scheduled.pk])
    assert f'<a href="{url}" id="schedule-cancel-link">Cancel the scheduled go-live…</a>' in page

    confirmation = client.get(url).content.decode()
    assert "Cancel the scheduled go-live of “Magnesium and leg cramps”?" in confirmation
    assert "will not go live" in confirmation and "no webhook is sent" in confirmation
    assert Publication.objects.pending().filter(article=scheduled).exists()  # a GET changes nothing

    response = client.post(url, {"confirmed": "yes", "shown_version": scheduled.version})
    assert response.status_code == 302
    assert "Scheduled go-live cancelled." in said(response)
    assert not Publication.objects.pending().filter(article=scheduled).exists()
    assert Article.objects.get(pk=scheduled.pk).status == ArticleStatus.APPROVED
    after = page_of(client, scheduled)
    assert '<strong id="banner-status">Approved</strong>' in after and "schedule-cancel-link" not in after


def test_a_scheduled_article_never_live_offers_cancel_not_unpublish(client, publisher, scheduled):
    """Nothing of it is live: Unpublish would be a second way to call the go-live off (and lose the approval)."""
    client.force_login(publisher)
    unpublish = reverse("admin:articles_article_transition", args=[scheduled.pk, "unpublish"])

    page = page_of(client, scheduled)

    assert "schedule-cancel-link" in page and unpublish not in page
    article_transition("publish", article=approved_article(title="Zinc"), user=publisher)  # the control: live
    live = Article.objects.get(title="Zinc")
    assert reverse("admin:articles_article_transition", args=[live.pk, "unpublish"]) in page_of(client, live)


def test_a_live_article_with_a_newer_version_scheduled_offers_both_unpublish_and_the_cancel(client, publisher):
    """Readers see the live version: Unpublish takes it down; the cancel calls off only the version to come."""
    article = approved_article(title="Zinc and taste")
    article_transition("publish", article=article, user=publisher)
    # A newer version, written, reviewed and approved while the first stays live.
    Article.objects.filter(pk=article.pk).update(summary="Zinc and taste, revised.", version=F("version") + 1)
    article.refresh_from_db()
    article_status_record(article=article, transition=TRANSITIONS[ArticleAction.EDIT], user=None, comment="Revised.")
    approve(article)
    later = timezone.now() + datetime.timedelta(days=1)
    article_transition("publish", article=article, user=publisher, live_from=later)
    client.force_login(publisher)

    page = page_of(client, article)

    assert Publication.objects.filter(article=article, withdrawn_at=None).count() == 2  # live, and one to come
    assert "schedule-cancel-link" in page
    assert reverse("admin:articles_article_transition", args=[article.pk, "unpublish"]) in page


def test_bulk_unpublish_takes_the_live_one_down_and_refuses_one_only_scheduled_naming_the_cancel(
    client, publisher, scheduled, api_client
):
    live = approved_article(title="Zinc and taste")
    article_transition("publish", article=live, user=publisher)
    live.refresh_from_db()
    client.force_login(publisher)
    chosen = {
        "action": "unpublish_selected",
        "_selected_action": [str(live.pk), str(scheduled.pk)],
        "shown_versions": f"{live.pk}:{live.version} {scheduled.pk}:{scheduled.version}",
        "confirmed": "yes",
    }

    response = client.post(reverse("admin:articles_article_changelist"), chosen)

    messages = said(response)
    assert "Done for 1 article(s)." in messages
    assert (
        "“Magnesium and leg cramps” is not live: there is nothing to take down. A go-live still to come is called off "
        "with “Cancel the scheduled go-live”." in messages
    )
    assert api_client.get(f"/api/v1/articles/{live.slug}/").status_code == 404
    assert Publication.objects.get(article=scheduled).withdrawn_at is None  # still scheduled, approval kept
    assert Article.objects.get(pk=scheduled.pk).status == ArticleStatus.PUBLISHED


def test_cancelling_a_scheduled_go_live_is_refused_to_authors_and_reviewers(client, publisher, scheduled):
    url = reverse("admin:articles_article_schedule_cancel", args=[scheduled.pk])
    for username, role in (("an-author", "Author"), ("a-reviewer", "Medical reviewer")):
        client.force_login(user_in_role(username, role))
        assert "schedule-cancel-link" not in page_of(client, scheduled)
        assert client.get(url).status_code == 403
        assert client.post(url, {"confirmed": "yes", "shown_version": scheduled.version}).status_code == 403
    assert Publication.objects.pending().filter(article=scheduled).exists()
    client.force_login(publisher)  # positive control
    client.post(url, {"confirmed": "yes", "shown_version": scheduled.version})
    assert not Publication.objects.pending().filter(article=scheduled).exists()


def test_a_stale_page_cancels_nothing(client, publisher, scheduled):
    client.force_login(publisher)
    url = reverse("admin:articles_article_schedule_cancel", args=[scheduled.pk])
    response = client.post(url, {"confirmed": "yes", "shown_version": scheduled.version - 1})
    assert response.status_code == 302 and Publication.objects.pending().filter(article=scheduled).exists()


def test_publish_again_is_in_the_header_after_an_unpublish_and_puts_back_what_was_live(
    client, publisher, unpublished, api_client
):
    client.force_login(publisher)
    page = page_of(client, unpublished)
    url = reverse("admin:articles_article_publish_again", args=[unpublished.pk])
    assert '<strong id="banner-status">Unpublished</strong>' in page
    assert f'<a href="{url}" id="publish-again-link">Publish again…</a>' in page
    assert "Publish “Magnesium and leg cramps” again?" in client.get(url).content.decode()
    assert api_client.get(f"/api/v1/articles/{unpublished.slug}/").status_code == 404

    response = client.post(url, {"confirmed": "yes", "shown_version": unpublished.version})
    assert "Published again." in said(response)
    assert api_client.get(f"/api/v1/articles/{unpublished.slug}/").status_code == 200
    assert '<strong id="banner-status">Published</strong>' in page_of(client, unpublished)


def test_publish_again_is_not_offered_after_an_edit_and_the_line_says_why(client, publisher, unpublished):
    Article.objects.filter(pk=unpublished.pk).update(version=unpublished.version + 1)  # saved since
    client.force_login(publisher)
    page = page_of(client, unpublished)
    assert "publish-again-link" not in page
    assert "Not offered to publish again: the text was edited since it was taken down" in page
    response = client.post(
        reverse("admin:articles_article_publish_again", args=[unpublished.pk]),
        {"confirmed": "yes", "shown_version": unpublished.version + 1},
    )
    assert "the text was edited since it was taken down" in said(response)
    assert not Publication.objects.live().filter(article=unpublished).exists()


def test_publish_again_is_refused_to_authors(client, publisher, unpublished):
    url = reverse("admin:articles_article_publish_again", args=[unpublished.pk])
    client.force_login(user_in_role("an-author", "Author"))
    assert "publish-again-link" not in page_of(client, unpublished)
    assert client.get(url).status_code == 403
    assert client.post(url, {"confirmed": "yes", "shown_version": unpublished.version}).status_code == 403
    assert not Publication.objects.live().filter(article=unpublished).exists()


def test_the_lifecycle_wording_follows_the_page_and_the_role(client, reviewer):
    article = complete_article(children=1)
    article_transition("submit", article=article, user=user_in_role("an-author", "Author"))
    client.force_login(reviewer)
    reviewing = page_of(client, article)  # in review: read-only, and the reviewer may request changes
    assert 'placeholder="Required when requesting changes"' in reviewing
    assert "act on the article as it is saved" not in reviewing
    assert "The steps at the top of the page send the comment above with them." in reviewing
    client.force_login(user_in_role("a-publisher", "Publisher"))
    assert "Required when requesting changes" not in page_of(client, approved_article())
    author = user_in_role("another-author", "Author")
    client.force_login(author)
    draft = complete_article(children=1)
    draft.authors.add(ContributorFactory(user=author, name="An Author"))
    editable = page_of(client, draft)
    assert "The steps at the top of the page act on the article as it is saved" in editable
    assert "Required when requesting changes" not in editable


@pytest.mark.parametrize("state", ["scheduled", "unpublished"])
def test_the_status_line_and_its_actions_keep_the_change_page_within_its_queries(
    client, publisher, state, request, django_assert_max_num_queries
):
    """The status line reads the article's own query's annotations; "Publish again" reads three rows, only on an
    unpublished article's page: within the change page's budget either way."""
    article = request.getfixturevalue(state)
    client.force_login(publisher)
    url = reverse("admin:articles_article_change", args=[article.pk])
    client.get(url)
    with django_assert_max_num_queries(CHANGE_PAGE_QUERIES):
        assert client.get(url).status_code == 200
