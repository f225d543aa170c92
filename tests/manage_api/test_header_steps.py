"""The article page header's steps in the management API: `cancel_schedule` (the admin's "Cancel the scheduled
go-live") and `republish` ("Publish again"), actions of POST …/transitions/ run by the same services, with the same
roles, If-Match and refusals, over HTTP with real tokens; their webhooks delivered (or not) to a real receiver."""

import datetime
import json

import pytest
import time_machine
from django.utils import timezone
from standardwebhooks import Webhook

from articles.lifecycle import TRANSITIONS, steps_chosen
from articles.models import Article, ArticleAction, ArticleStatus, ArticleTransition
from manage_api.serializers.articles import TransitionIn
from publishing.models import Publication
from publishing.services.editorial_steps import HEADER_STEPS, article_transition
from tests.helpers import receiver as receivers
from tests.helpers.manage_api import token_client
from tests.helpers.publishing import approve, approved_article
from tests.helpers.tasks import run_ready_tasks
from webhooks.models import Event, WebhookDelivery
from webhooks.services.endpoints import webhook_endpoint_create

pytestmark = pytest.mark.django_db

URL = "/api/v1/manage/articles/"
PUBLIC = "/api/v1/articles/"
TOMORROW = datetime.timedelta(days=1)


@pytest.fixture
def receiver():
    started = receivers.start()
    yield started
    receivers.stop(started)


def step(client, article: Article, action: str, *, version: int | None = None, **body):
    """POST the step with the If-Match of `version` (default: the stored version, as a fresh read gives it)."""
    version = Article.objects.get(pk=article.pk).version if version is None else version
    return client.post(
        f"{URL}{article.slug}/transitions/", {"action": action, **body}, format="json", HTTP_IF_MATCH=f'"{version}"'
    )


def public_title(api_client, article: Article) -> str | None:
    response = api_client.get(f"{PUBLIC}{article.slug}/")
    return response.json()["title"] if response.status_code == 200 else None


def delivered(receiver, endpoint) -> list[dict]:
    """What the receiver was sent once the task queue ran, each body verified against the endpoint's secret."""
    run_ready_tasks()
    return [Webhook(endpoint.secret).verify(request.body, request.headers) for request in receiver.requests]


def without_updated_at(document: dict) -> dict:
    return {name: value for name, value in document.items() if name != "updated_at"}


def scheduled_replacement(publisher, capture) -> tuple[Article, datetime.datetime]:
    """“Magnesium” live, then the title changed to “Magnesium, revised”, approved and scheduled for tomorrow."""
    article = approved_article(title="Magnesium")
    with capture(execute=True):
        article_transition("publish", article=article, user=publisher)
    article.refresh_from_db()
    Article.objects.filter(pk=article.pk).update(
        title="Magnesium, revised", version=article.version + 1, status=ArticleStatus.DRAFT
    )
    approve(article)
    go_live = timezone.now() + TOMORROW
    with capture(execute=True):
        article_transition("publish", article=article, user=publisher, live_from=go_live)
    article.refresh_from_db()
    return article, go_live


def unpublished(publisher, capture, **fields) -> Article:
    article = approved_article(**fields)
    with capture(execute=True):
        article_transition("publish", article=article, user=publisher)
        article_transition("unpublish", article=Article.objects.get(pk=article.pk), user=publisher)
    return Article.objects.get(pk=article.pk)


def test_the_actions_are_the_tables_buttons_then_its_header_steps_each_with_its_service():
    header = [action for action, transition in TRANSITIONS.items() if transition.header]

    assert header == [ArticleAction.CANCEL_SCHEDULE, ArticleAction.REPUBLISH]
    assert set(HEADER_STEPS) == set(header)
    assert list(TransitionIn().fields["action"].choices) == [action.value for action in steps_chosen()]
    assert [action.value for action in steps_chosen()] == [
        "submit", "withdraw", "request_changes", "approve", "publish", "unpublish", "archive", "unarchive",
        "cancel_schedule", "republish",
    ]  # fmt: skip


def test_cancel_schedule_keeps_what_is_live_and_the_scheduled_version_never_goes_live(
    publisher, api_client, receiver, django_capture_on_commit_callbacks
):
    article, go_live = scheduled_replacement(publisher, django_capture_on_commit_callbacks)
    endpoint = webhook_endpoint_create(url=receiver.url, events=list(Event.values))
    assert public_title(api_client, article) == "Magnesium"

    with django_capture_on_commit_callbacks(execute=True):
        response = step(token_client(publisher), article, "cancel_schedule", comment="Wait for the new guideline.")

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "approved"  # its approval stands: it can be scheduled anew
    assert response["ETag"] == f'"{body["version"]}"'
    assert not Publication.objects.pending().filter(article=article).exists()
    history = ArticleTransition.objects.filter(article=article).order_by("-pk").first()
    assert history.action == ArticleAction.CANCEL_SCHEDULE
    assert "was cancelled" in history.comment and history.comment.endswith("Wait for the new guideline.")
    assert public_title(api_client, article) == "Magnesium"
    assert delivered(receiver, endpoint) == []  # nothing readers see changed: no webhook
    assert not WebhookDelivery.objects.exists()
    with time_machine.travel(go_live + datetime.timedelta(minutes=1)):
        run_ready_tasks()  # the go-live task enqueued for that time finds nothing to put live
        assert public_title(api_client, article) == "Magnesium"
    assert delivered(receiver, endpoint) == []


def test_cancel_schedule_is_refused_to_other_roles_to_a_stale_version_and_when_nothing_is_scheduled(
    publisher, author, reviewer, django_capture_on_commit_callbacks
):
    article, _go_live = scheduled_replacement(publisher, django_capture_on_commit_callbacks)
    stale = step(token_client(publisher), article, "cancel_schedule", version=article.version - 1)
    by_author = step(token_client(author), article, "cancel_schedule")
    by_reviewer = step(token_client(reviewer), article, "cancel_schedule")

    assert stale.status_code == 412
    assert stale.json()["current_version"] == article.version
    for refused in (by_author, by_reviewer):
        assert refused.status_code == 403
        assert refused.json() == {"detail": "Only a publisher can cancel the scheduled go-live."}
    assert Publication.objects.pending().filter(article=article).exists()

    done = step(token_client(publisher), article, "cancel_schedule")  # positive control
    again = step(token_client(publisher), article, "cancel_schedule")

    assert done.status_code == 200
    assert again.status_code == 409
    assert again.json() == {"detail": "Nothing of “Magnesium, revised” is scheduled to go live."}
    assert Article.objects.get(pk=article.pk).status == ArticleStatus.APPROVED


def test_cancel_schedule_of_a_first_publication_leaves_nothing_live(publisher, api_client):
    article = approved_article(title="Zinc")
    go_live = timezone.now() + TOMORROW
    client = token_client(publisher)
    scheduled = step(client, article, "publish", published_at=go_live.isoformat())
    assert scheduled.status_code == 200 and scheduled.json()["status"] == "published"

    response = step(client, article, "cancel_schedule")

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "approved"
    with time_machine.travel(go_live + datetime.timedelta(minutes=1)):
        run_ready_tasks()
        assert public_title(api_client, article) is None
    # Positive control: scheduled again over the API, it does go live at its time.
    assert step(client, article, "publish", published_at=go_live.isoformat()).status_code == 200
    with time_machine.travel(go_live + datetime.timedelta(minutes=1)):
        run_ready_tasks()
        assert public_title(api_client, article) == "Zinc"


def test_republish_puts_back_the_document_readers_saw_and_announces_it(
    publisher, api_client, receiver, django_capture_on_commit_callbacks
):
    article = approved_article(title="Iron")
    with django_capture_on_commit_callbacks(execute=True):
        article_transition("publish", article=article, user=publisher)
    was_live = api_client.get(f"{PUBLIC}{article.slug}/")
    assert was_live.status_code == 200
    client = token_client(publisher)
    assert step(client, article, "unpublish").status_code == 200
    assert api_client.get(f"{PUBLIC}{article.slug}/").status_code == 404
    endpoint = webhook_endpoint_create(url=receiver.url, events=list(Event.values))

    with django_capture_on_commit_callbacks(execute=True):
        response = step(client, article, "republish", comment="Taken down by mistake.")

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "published"
    first, again = Publication.objects.filter(article=article).order_by("pk")
    assert again.withdrawn_at is None and again.approval_id == first.approval_id
    assert without_updated_at(again.document) == without_updated_at(first.document)  # stamped when it went live
    live_again = api_client.get(f"{PUBLIC}{article.slug}/")
    assert live_again.status_code == 200
    assert without_updated_at(json.loads(live_again.content)) == without_updated_at(was_live.json())
    assert was_live.json()["title"] == "Iron"
    history = ArticleTransition.objects.filter(article=article).order_by("-pk").first()
    assert (history.action, history.comment) == (ArticleAction.REPUBLISH, "Taken down by mistake.")
    sent = delivered(receiver, endpoint)
    assert [(payload["type"], payload["data"]["slug"]) for payload in sent] == [("article.published", article.slug)]


def test_republish_is_refused_to_other_roles_and_to_a_stale_version(
    publisher, author, reviewer, django_capture_on_commit_callbacks
):
    article = unpublished(publisher, django_capture_on_commit_callbacks, title="Iron")
    stale = step(token_client(publisher), article, "republish", version=article.version - 1)
    by_author = step(token_client(author), article, "republish")
    by_reviewer = step(token_client(reviewer), article, "republish")

    assert stale.status_code == 412
    for refused in (by_author, by_reviewer):
        assert refused.status_code == 403
        assert refused.json() == {"detail": "Only a publisher can publish again."}
    assert not Publication.objects.live().filter(article=article).exists()
    done = step(token_client(publisher), article, "republish")  # positive control
    assert done.status_code == 200
    assert Publication.objects.live().filter(article=article).exists()


def test_republish_is_refused_once_the_working_copy_changed_since_the_unpublish(
    publisher, author, django_capture_on_commit_callbacks
):
    edited = unpublished(publisher, django_capture_on_commit_callbacks, title="Iron", slug="iron")
    untouched = unpublished(publisher, django_capture_on_commit_callbacks, title="Zinc", slug="zinc")
    patched = token_client(author).patch(
        f"{URL}iron/", {"summary": "An unreviewed claim."}, format="json", HTTP_IF_MATCH=f'"{edited.version}"'
    )
    assert patched.status_code == 200, patched.json()

    refused = step(token_client(publisher), edited, "republish")
    control = step(token_client(publisher), untouched, "republish")

    assert refused.status_code == 409
    assert refused.json() == {
        "detail": "Not offered to publish again: the text was edited since it was taken down, so it needs a new "
        "medical review before it goes live."
    }
    assert not Publication.objects.live().filter(article=edited).exists()
    assert Article.objects.get(pk=edited.pk).status == ArticleStatus.DRAFT
    assert control.status_code == 200
    assert Publication.objects.live().filter(article=untouched).exists()


def test_republish_is_a_409_for_what_was_never_taken_down(publisher):
    never = approved_article(title="Copper")
    Article.objects.filter(pk=never.pk).update(status=ArticleStatus.DRAFT)

    response = step(token_client(publisher), never, "republish")

    assert response.status_code == 409
    assert response.json() == {
        "detail": "“Copper” is not a draft taken down with nothing live or scheduled: use Publish."
    }


def test_a_header_step_needs_if_match_like_every_step(publisher, django_capture_on_commit_callbacks):
    article = unpublished(publisher, django_capture_on_commit_callbacks)

    missing = token_client(publisher).post(f"{URL}{article.slug}/transitions/", {"action": "republish"}, format="json")

    assert missing.status_code == 428
    assert not Publication.objects.live().filter(article=article).exists()


def test_the_schema_offers_both_steps_with_every_status_they_answer():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    operation = schema["paths"]["/api/v1/manage/articles/{slug}/transitions/"]["post"]

    assert schema["components"]["schemas"]["ActionEnum"]["enum"][-2:] == ["cancel_schedule", "republish"]
    assert {"200", "400", "401", "403", "404", "409", "412", "428"} <= set(operation["responses"])
    assert "cancel_schedule: nothing scheduled" in operation["responses"]["409"]["description"]
    assert "`republish`" in operation["description"] and "`cancel_schedule`" in operation["description"]
    assert [parameter["name"] for parameter in operation["parameters"] if parameter["in"] == "header"] == ["If-Match"]
