"""Calling off a scheduled go-live without taking down what is live, and publishing an unpublished article again
as readers last saw it."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article, ArticleAction, ArticleStatus, ArticleTransition
from core.exceptions import RoleError, StaleVersion, StateConflict
from publishing.models import Publication
from publishing.services.editorial_steps import article_publish_again, article_schedule_cancel, article_transition
from publishing.tasks import publications_go_live
from tests.helpers.factories import complete_article
from tests.helpers.people import user_in_role
from tests.helpers.publishing import approve, approved_article
from tests.helpers.tasks import run_ready_tasks
from webhooks.models import Event, WebhookDelivery
from webhooks.services.endpoints import webhook_endpoint_create

pytestmark = pytest.mark.django_db

TOMORROW = datetime.timedelta(days=1)


@pytest.fixture
def endpoint(settings):
    return webhook_endpoint_create(url="https://hooks.example.org/cms", events=list(Event.values))


def events() -> list[str]:
    return list(WebhookDelivery.objects.order_by("created_at").values_list("event", flat=True))


def live_publication(article: Article) -> Publication | None:
    return Publication.objects.live().filter(article=article).first()


def scheduled_replacement(publisher, capture) -> tuple[Article, Publication, datetime.datetime]:
    """Version 1 live, version 2 approved and scheduled for tomorrow."""
    article = approved_article(title="Magnesium and leg cramps")
    with capture(execute=True):
        article_transition("publish", article=article, user=publisher)
    live = live_publication(article)
    article.refresh_from_db()
    Article.objects.filter(pk=article.pk).update(version=article.version + 1, status=ArticleStatus.DRAFT)
    approve(article)
    go_live = timezone.now() + TOMORROW
    with capture(execute=True):
        article_transition("publish", article=article, user=publisher, live_from=go_live)
    article.refresh_from_db()
    return article, live, go_live


def test_cancelling_keeps_the_live_version_and_the_scheduled_one_never_goes_live(
    publisher, endpoint, django_capture_on_commit_callbacks
):
    article, live, go_live = scheduled_replacement(publisher, django_capture_on_commit_callbacks)
    assert article.status == ArticleStatus.PUBLISHED
    assert events() == ["article.published"]

    with django_capture_on_commit_callbacks(execute=True):
        article = article_schedule_cancel(article=article, user=publisher, expected_version=article.version)

    assert article.status == ArticleStatus.APPROVED  # its approval stands: it can be scheduled anew
    assert live_publication(article).pk == live.pk
    assert Publication.objects.pending().filter(article=article).count() == 0
    step = ArticleTransition.objects.filter(article=article).first()
    assert step.action == ArticleAction.CANCEL_SCHEDULE and "was cancelled" in step.comment
    assert events() == ["article.published"]  # nothing changed for readers: no webhook
    with time_machine.travel(go_live + datetime.timedelta(minutes=1)):
        run_ready_tasks()  # the go-live task enqueued for that time
        assert publications_go_live.call() == []
        assert live_publication(article).pk == live.pk
    assert events() == ["article.published"]


def test_cancelling_a_first_publication_leaves_nothing_live(publisher, django_capture_on_commit_callbacks):
    article = approved_article()
    go_live = timezone.now() + TOMORROW
    article_transition("publish", article=article, user=publisher, live_from=go_live)
    article = article_schedule_cancel(article=Article.objects.get(pk=article.pk), user=publisher)
    assert article.status == ArticleStatus.APPROVED
    with time_machine.travel(go_live + datetime.timedelta(minutes=1)):
        assert publications_go_live.call() == []
        assert live_publication(article) is None
    # Positive control: scheduled again, it does go live at its time.
    article_transition("publish", article=article, user=publisher, live_from=go_live)
    with time_machine.travel(go_live + datetime.timedelta(minutes=1)):
        assert publications_go_live.call() == [article.slug]


def test_cancelling_is_refused_to_others_and_when_nothing_is_scheduled(publisher):
    article = approved_article()
    article_transition("publish", article=article, user=publisher, live_from=timezone.now() + TOMORROW)
    article.refresh_from_db()
    for role in ("Author", "Medical reviewer"):
        with pytest.raises(RoleError):
            article_schedule_cancel(article=article, user=user_in_role(f"a-{role}", role))
    with pytest.raises(StaleVersion):
        article_schedule_cancel(article=article, user=publisher, expected_version=article.version - 1)
    assert Publication.objects.pending().filter(article=article).exists()
    article_schedule_cancel(article=article, user=publisher)  # positive control
    with pytest.raises(StateConflict):
        article_schedule_cancel(article=Article.objects.get(pk=article.pk), user=publisher)


def test_publishing_again_puts_back_what_was_live(publisher, endpoint, django_capture_on_commit_callbacks):
    article = approved_article()
    with django_capture_on_commit_callbacks(execute=True):
        article_transition("publish", article=article, user=publisher)
        article_transition("unpublish", article=article, user=publisher)
    before = live_publication(article)
    assert before is None
    with django_capture_on_commit_callbacks(execute=True):
        article = article_publish_again(article=Article.objects.get(pk=article.pk), user=publisher)
    assert article.status == ArticleStatus.PUBLISHED
    again = live_publication(article)
    first = Publication.objects.filter(article=article).order_by("pk").first()
    assert again.approval_id == first.approval_id and again.document["title"] == first.document["title"]
    assert ArticleTransition.objects.filter(article=article).first().action == ArticleAction.REPUBLISH
    assert events() == ["article.published", "article.unpublished", "article.published"]


def test_publishing_again_is_refused_after_an_edit_or_to_another_role(publisher):
    article = approved_article()
    article_transition("publish", article=article, user=publisher)
    article_transition("unpublish", article=article, user=publisher)
    article.refresh_from_db()
    with pytest.raises(RoleError):
        article_publish_again(article=article, user=user_in_role("an-author", "Author"))
    Article.objects.filter(pk=article.pk).update(version=article.version + 1)  # edited since
    with pytest.raises(StateConflict, match="edited since it was taken down"):
        article_publish_again(article=Article.objects.get(pk=article.pk), user=publisher)
    assert live_publication(article) is None


def test_publishing_again_is_refused_once_the_draft_went_through_review_again(publisher):
    article = approved_article()
    article_transition("publish", article=article, user=publisher)
    article_transition("unpublish", article=article, user=publisher)
    author = user_in_role("an-author", "Author")
    article_transition("submit", article=Article.objects.get(pk=article.pk), user=author)
    article_transition("withdraw", article=Article.objects.get(pk=article.pk), user=author)
    with pytest.raises(StateConflict, match="went back to review"):
        article_publish_again(article=Article.objects.get(pk=article.pk), user=publisher)


def test_publishing_again_is_not_for_an_article_never_published(publisher):
    article = complete_article(children=1)
    with pytest.raises(StateConflict):
        article_publish_again(article=article, user=publisher)
