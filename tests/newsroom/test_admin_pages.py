"""Every admin page renders; the list filters and bulk steps."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse

from articles.edit_plan import ArticleEdit
from articles.models import Article, ArticleAction
from articles.services.editing import article_update
from core.models import SiteSettings
from publishing.models import Publication
from publishing.services.editorial_steps import article_transition
from tests.helpers.factories import (
    complete_article,
)
from tests.helpers.publishing import approve, approved_article
from webhooks.models import WebhookDelivery

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda model: model._meta.label)
def test_every_changelist_and_add_page_renders(admin_client, model):
    info = (model._meta.app_label, model._meta.model_name)
    complete_article(children=1)

    assert admin_client.get(reverse("admin:{}_{}_changelist".format(*info)), follow=True).status_code == 200
    add = admin_client.get(reverse("admin:{}_{}_add".format(*info)))
    records = {"axes", "django_tasks_database"}  # lockouts and task results are written by the system only
    read_only = {Publication, SiteSettings, WebhookDelivery} | {
        m for m in admin.site._registry if m._meta.app_label in records
    }
    assert add.status_code == (403 if model in read_only else 200)


def test_article_filters_and_search_work(admin_client):
    article = complete_article(children=1, title="Searchable vitamin article")
    url = reverse("admin:articles_article_changelist")

    assert admin_client.get(url, {"status__exact": "draft"}).status_code == 200
    assert admin_client.get(url, {"q": "Searchable"}).context["cl"].result_count == 1
    assert admin_client.get(url, {"medical_reviewer__id__exact": article.medical_reviewer_id}).status_code == 200


def test_publish_action_on_the_changelist_publishes_approved_articles_only(admin_client, api_client, draft_article):
    approved = approved_article(slug="approved-one")

    chosen = {"action": "publish_selected", "_selected_action": [str(draft_article.pk), str(approved.pk)]}
    confirmation = admin_client.post(reverse("admin:articles_article_changelist"), chosen)

    page = confirmation.content.decode()
    assert "Publish these articles now?" in page and "approved-one" not in page and approved.title in page
    assert api_client.get("/api/v1/articles/").json()["results"] == []  # nothing happens before the yes
    response = admin_client.post(
        reverse("admin:articles_article_changelist"),
        {**chosen, "confirmed": "yes", "shown_versions": shown_versions(confirmation)},
        follow=True,
    )
    assert [item["slug"] for item in api_client.get("/api/v1/articles/").json()["results"]] == ["approved-one"]
    assert "applies only to an article that is approved" in response.content.decode()


def shown_versions(confirmation) -> str:
    found = re.search(r'name="shown_versions" value="([^"]*)"', confirmation.content.decode())
    assert found, "the confirmation page carries the versions it shows"
    return found[1]


def test_a_bulk_publish_leaves_an_article_changed_after_its_confirmation_page(admin_client, api_client, author):
    kept, changed = approved_article(slug="kept-as-shown"), approved_article(slug="changed-meanwhile")
    chosen = {"action": "publish_selected", "_selected_action": [str(kept.pk), str(changed.pk)]}
    confirmation = admin_client.post(reverse("admin:articles_article_changelist"), chosen)
    # Meanwhile it is taken back, its summary changed, and approved again: approved, but not what the page showed.
    article_transition(ArticleAction.WITHDRAW, article=changed, user=author)
    changed.refresh_from_db()
    edit = ArticleEdit(fields={"summary": "A summary the publisher never saw."})
    article_update(article=changed, edit=edit, user=author, expected_version=changed.version)
    approve(changed)

    response = admin_client.post(
        reverse("admin:articles_article_changelist"),
        {**chosen, "confirmed": "yes", "shown_versions": shown_versions(confirmation)},
        follow=True,
    )

    page = response.content.decode()
    assert [item["slug"] for item in api_client.get("/api/v1/articles/").json()["results"]] == ["kept-as-shown"]
    assert f"“{changed.title}” was left as it is: Someone else saved this article since you opened it." in page
    assert "Done for 1 article(s)." in page


def test_a_bulk_step_posted_without_the_confirmation_pages_versions_changes_nothing(admin_client, api_client):
    approved = approved_article(slug="approved-one")
    chosen = {"action": "publish_selected", "_selected_action": [str(approved.pk)], "confirmed": "yes"}

    for forged in ("", f"{approved.pk}:x", f"{approved.pk + 1}:{approved.version}"):
        response = admin_client.post(
            reverse("admin:articles_article_changelist"), {**chosen, "shown_versions": forged}, follow=True
        )
        assert "was left as it is: it was not on the confirmation page" in response.content.decode()
    assert api_client.get("/api/v1/articles/").json()["results"] == []
    admin_client.post(
        reverse("admin:articles_article_changelist"),
        {**chosen, "shown_versions": f"{approved.pk}:{approved.version}"},
    )
    assert len(api_client.get("/api/v1/articles/").json()["results"]) == 1  # control: the version shown publishes


def test_unpublish_and_archive_ask_first_and_only_a_post_acts(admin_client, published_article, api_client):
    url = reverse("admin:articles_article_transition", args=[published_article.pk, "unpublish"])
    page = admin_client.get(reverse("admin:articles_article_change", args=[published_article.pk])).content.decode()
    assert f'href="{url}"' in page  # the button opens the confirmation page

    confirmation = admin_client.get(url)
    assert confirmation.status_code == 200
    assert "Readers stop seeing it at once" in confirmation.content.decode()
    admin_client.post(url, {"shown_version": published_article.version})  # a POST without the yes: the page again
    assert api_client.get(f"/api/v1/articles/{published_article.slug}/").status_code == 200

    admin_client.post(url, {"shown_version": published_article.version, "confirmed": "yes"})
    assert api_client.get(f"/api/v1/articles/{published_article.slug}/").status_code == 404
    archive = admin_client.get(reverse("admin:articles_article_transition", args=[published_article.pk, "archive"]))
    assert "Archive “" in archive.content.decode()
    before = Article.objects.get(pk=published_article.pk).status
    submit = admin_client.get(reverse("admin:articles_article_transition", args=[published_article.pk, "submit"]))
    # Steps that take nothing from readers are buttons, POST only: their address opened leads back to the article.
    assert submit.status_code == 302
    assert submit["Location"] == reverse("admin:articles_article_change", args=[published_article.pk])
    assert Article.objects.get(pk=published_article.pk).status == before


def test_bulk_actions_are_offered_to_publishers_only(client, author, publisher, draft_article):
    client.force_login(author)
    page = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "publish_selected" not in page and "unpublish_selected" not in page
    client.force_login(publisher)
    page = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "publish_selected" in page and "unpublish_selected" in page


def test_a_bulk_step_takes_at_most_500_articles(admin_client, settings):
    from newsroom.admin import bulk as article_admin

    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
    articles = [complete_article(children=0, slug=f"bulk-{index}") for index in range(3)]
    chosen = {"action": "unpublish_selected", "_selected_action": [str(article.pk) for article in articles]}
    original = article_admin.BULK_LIMIT
    article_admin.BULK_LIMIT = 2
    try:
        response = admin_client.post(reverse("admin:articles_article_changelist"), chosen, follow=True)
    finally:
        article_admin.BULK_LIMIT = original
    assert "Choose at most 2 articles for one bulk step." in response.content.decode()
    page = admin_client.post(reverse("admin:articles_article_changelist"), chosen).content.decode()
    assert "Unpublish these articles?" in page  # control: within the limit, the confirmation page
