"""CDN purge after publish and unpublish, the surrogate keys public responses carry, and the task queue's
state on /healthz."""

import datetime

import pytest
import time_machine
from django.test import override_settings

from publishing.services.editorial_steps import article_transition
from tests.helpers import receiver as receivers
from tests.helpers.factories import TopicFactory, complete_article
from tests.helpers.publishing import approve, approved_article
from tests.helpers.tasks import run_ready_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver():
    started = receivers.start()
    yield started
    receivers.stop(started)


def test_a_publish_purges_the_article_its_topics_lists_and_the_other_lists_by_surrogate_key(
    publisher, receiver, settings, django_capture_on_commit_callbacks
):
    settings.CDN_PURGE_URL_TEMPLATE = receiver.url + "/{key}"
    settings.CDN_PURGE_HEADERS = {"Fastly-Key": "test-key"}
    article = complete_article(children=1, slug="purged")
    topic = TopicFactory()
    article.topics.set([topic])
    approve(article)  # with the topic: the publication has it
    TopicFactory()  # another topic's lists are not purged
    with django_capture_on_commit_callbacks(execute=True):
        article_transition("publish", article=article, user=publisher)
    run_ready_tasks()

    requests = receiver.wait_for(3)
    assert sorted(request.path for request in requests) == [
        f"/hooks/article-{article.pk}",
        "/hooks/article-lists",
        f"/hooks/topic-{topic.pk}-articles",
    ]
    assert {request.method for request in requests} == {"POST"}
    assert all(request.headers["Fastly-Key"] == "test-key" for request in requests)


def test_an_unpublish_purges_each_public_path_with_the_configured_method(
    publisher, receiver, settings, django_capture_on_commit_callbacks
):
    article = approved_article(slug="going")
    with django_capture_on_commit_callbacks(execute=True):
        article_transition("publish", article=article, user=publisher)
    run_ready_tasks()
    assert receiver.requests == []  # control: no template, no purge

    host, port = receiver.server.server_address[:2]
    settings.CDN_PURGE_URL_TEMPLATE = f"http://{host}:{port}{{path}}"
    settings.CDN_PURGE_METHOD = "PURGE"
    with django_capture_on_commit_callbacks(execute=True):
        article_transition("unpublish", article=article, user=publisher)
    run_ready_tasks()

    paths = {request.path for request in receiver.wait_for(7)}
    assert {"/api/v1/articles/going/", "/api/v1/articles/going/jsonld/", "/api/v1/articles/", "/api/v1/faqs/"} <= paths
    assert {request.method for request in receiver.requests} == {"PURGE"}


def test_public_responses_carry_surrogate_keys(client, published_article):
    detail = client.get(f"/api/v1/articles/{published_article.slug}/")
    assert detail["Surrogate-Key"] == detail["Cache-Tag"] == f"article-{published_article.pk}"
    cached = client.get(f"/api/v1/articles/{published_article.slug}/")
    assert (cached["X-Cache"], cached["Surrogate-Key"]) == ("hit", f"article-{published_article.pk}")
    jsonld = client.get(f"/api/v1/articles/{published_article.slug}/jsonld/")
    assert jsonld["Surrogate-Key"] == f"article-{published_article.pk}"
    for path in ("/api/v1/articles/", "/api/v1/faqs/", "/api/v1/topics/"):
        assert client.get(path)["Surrogate-Key"] == "article-lists"


@override_settings(WEBHOOK_RETRY_DELAYS=[60])
def test_healthz_shows_how_many_tasks_wait_and_for_how_long(client):
    from publishing.tasks import publications_go_live

    start = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        assert client.get("/healthz").json()["tasks"] == {
            "waiting": 0,
            "oldest_waiting_seconds": 0,
            "failed_last_day": 0,
        }
        publications_go_live.enqueue()
        publications_go_live.using(run_after=start + datetime.timedelta(hours=1)).enqueue()  # not due: not waiting
        traveller.shift(datetime.timedelta(seconds=90))
        tasks = client.get("/healthz").json()["tasks"]
        assert tasks == {"waiting": 1, "oldest_waiting_seconds": 90.0, "failed_last_day": 0}
        traveller.shift(datetime.timedelta(hours=1))
        assert client.get("/healthz").json()["tasks"]["waiting"] == 2


def test_a_translation_is_purged_at_its_language_and_its_group_by_key(
    publisher, receiver, settings, django_capture_on_commit_callbacks
):
    from articles.models import Article
    from core.models import SiteSettings
    from tests.publishing.test_translations import live_english, translate_and_publish

    SiteSettings.objects.filter(pk=SiteSettings.load().pk).update(language="en", languages="es")
    source = live_english()
    spanish = translate_and_publish(source)
    host, port = receiver.server.server_address[:2]
    settings.CDN_PURGE_URL_TEMPLATE = f"http://{host}:{port}{{path}}"
    with django_capture_on_commit_callbacks(execute=True):
        article_transition("unpublish", article=Article.objects.get(pk=spanish.pk), user=publisher)
    run_ready_tasks()

    paths = {request.path for request in receiver.wait_for(7)}
    assert {"/api/v1/articles/vitamina-d/?language=es", "/api/v1/articles/?language=es"} <= paths
    assert "/api/v1/articles/vitamina-d/" not in paths  # no such English address

    settings.CDN_PURGE_URL_TEMPLATE = receiver.url + "/{key}"
    receiver.requests.clear()
    with django_capture_on_commit_callbacks(execute=True):
        article_transition("unpublish", article=Article.objects.get(pk=source.pk), user=publisher)
    run_ready_tasks()
    keys = {request.path for request in receiver.wait_for(3)}
    assert {f"/hooks/article-{source.pk}", f"/hooks/article-{spanish.pk}"} <= keys  # the group's details list it


def test_a_change_of_the_search_synonyms_purges_every_article_list_by_key(admin_client, receiver, settings):
    settings.CDN_PURGE_URL_TEMPLATE = receiver.url + "/{key}"
    topic = TopicFactory()
    form = {"language": "en", "source": "editor", "mesh_ui": "", "terms-INITIAL_FORMS": "0", "terms-TOTAL_FORMS": "2"}
    form |= {"terms-MIN_NUM_FORMS": "0", "terms-MAX_NUM_FORMS": "1000"}
    form |= {"terms-0-text": "twitching", "terms-1-text": "fasciculation"}

    assert admin_client.post("/admin/core/synonymgroup/add/", form).status_code == 302
    run_ready_tasks()

    requests = receiver.wait_for(2)
    assert sorted(request.path for request in requests) == ["/hooks/article-lists", f"/hooks/topic-{topic.pk}-articles"]
