"""Signed, expiring preview links show one version of a working copy and nothing else; they can be revoked."""

import datetime

import pytest
import reversion
import time_machine
from django.core import signing
from django.urls import reverse
from reversion.models import Version

from articles.edit_plan import ArticleEdit
from articles.models import Article
from articles.services.editing import article_delete, article_update
from articles.services.revisions import article_recover, article_restore_version
from articles.versions import article_versions
from publishing.models import PreviewLinks
from publishing.preview import SALT, preview_links_revoke, preview_token_make
from tests.helpers.factories import UserFactory

pytestmark = pytest.mark.django_db


def preview(client, token):
    return client.get(f"/api/v1/preview/{token}/")


def test_the_admin_preview_links_token_opens_the_draft_in_the_detail_format(admin_client, api_client, draft_article):
    link = admin_client.get(reverse("admin:articles_article_preview", args=[draft_article.pk]))

    assert link.status_code == 302
    token = link.url.removeprefix("http://testserver/preview/").removesuffix("/")  # the page: test_preview_page.py
    response = preview(api_client, token)
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "Secret draft about zinc"
    assert len(body["sections"]) == 2 and len(body["faqs"]) == 2
    assert response["Cache-Control"] == "private, no-store"


def edit_title(article: Article, title: str, user) -> Article:
    """Save the working copy as the admin and the management API do: its version goes up."""
    stored = Article.objects.get(pk=article.pk)
    return article_update(
        article=stored, edit=ArticleEdit(fields={"title": title}), user=user, expected_version=stored.version
    )


def test_preview_shows_the_working_copy_not_the_live_version(api_client, published_article, author):
    edited = edit_title(published_article, "Unpublished new title", author)
    token = preview_token_make(edited)

    assert preview(api_client, token).json()["title"] == "Unpublished new title"
    assert api_client.get(f"/api/v1/articles/{published_article.slug}/").json()["title"] != "Unpublished new title"


def test_a_link_shows_only_the_version_it_was_made_for(api_client, draft_article, author):
    old_link = preview_token_make(Article.objects.get(pk=draft_article.pk))
    assert preview(api_client, old_link).json()["title"] == "Secret draft about zinc"

    edited = edit_title(draft_article, "Zinc, rewritten", author)
    response = preview(api_client, old_link)

    assert response.status_code == 410
    assert response.json() == {
        "detail": f"This preview link is for version {edited.version - 1} of the article, which has been edited "
        f"since (it is at version {edited.version}). Make a new link in the admin to see the latest version.",
        "code": "preview_superseded",
        "version": edited.version - 1,
        "current_version": edited.version,
    }
    assert "rewritten" not in response.content.decode() and "Secret draft" not in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    new_link = preview(api_client, preview_token_make(edited))
    assert new_link.status_code == 200 and new_link.json()["title"] == "Zinc, rewritten"


def test_revoking_refuses_every_link_made_before_and_none_made_after(api_client, draft_article, editor):
    first, second = preview_token_make(draft_article), preview_token_make(draft_article, 7 * 86400)

    links = preview_links_revoke(article=draft_article, user=editor)

    assert (links.generation, links.revoked_by) == (1, editor)
    for token in (first, second):
        response = preview(api_client, token)
        assert response.status_code == 410
        assert response.json() == {
            "detail": "This preview link has been revoked. Ask an editor for a new one.",
            "code": "preview_revoked",
        }
    after = preview_token_make(draft_article)
    assert preview(api_client, after).status_code == 200  # the positive control
    preview_links_revoke(article=draft_article, user=editor)
    assert preview(api_client, after).status_code == 410
    assert PreviewLinks.objects.get(article=draft_article).generation == 2


def test_revoking_one_articles_links_leaves_the_others(api_client, draft_article, published_article, editor):
    other = preview_token_make(published_article)

    preview_links_revoke(article=draft_article, user=editor)

    assert preview(api_client, other).status_code == 200


def test_a_link_made_before_links_named_a_version_counts_as_revoked(api_client, draft_article):
    old_format = signing.dumps({"article": draft_article.pk}, salt=SALT, compress=True)

    response = preview(api_client, old_format)

    assert response.status_code == 410
    assert response.json()["code"] == "preview_revoked"
    assert "zinc" not in response.content.decode()


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        ({"article": True, "version": 1, "generation": 0, "expires": 2**40}, 404, "preview_invalid"),
        ({"article": 1, "version": "1", "generation": 0, "expires": 2**40}, 410, "preview_revoked"),
        ({"article": 1, "version": 1, "generation": 0, "expires": None}, 410, "preview_revoked"),
        (["article", 1], 404, "preview_invalid"),
        ("article", 404, "preview_invalid"),
    ],
    ids=["boolean article", "text version", "no expiry", "a list", "a string"],
)
def test_a_signed_token_of_another_shape_is_refused_cleanly(api_client, draft_article, payload, status, code):
    """No article named: nothing matches. An article without a version and expiry: a link from before links named
    them, which counts as revoked."""
    response = preview(api_client, signing.dumps(payload, salt=SALT, compress=True))

    assert response.status_code in (404, 410)
    assert response.json()["code"] in ("preview_invalid", "preview_revoked")
    assert (response.status_code, response.json()["code"]) == (status, code)


def test_a_deleted_articles_link_matches_nothing(api_client, draft_article):
    token = preview_token_make(draft_article)
    draft_article.delete()

    response = preview(api_client, token)

    assert response.status_code == 404
    assert response.json() == {"detail": "No preview matches this link.", "code": "preview_invalid"}


def test_an_expired_token_shows_nothing(api_client, draft_article, settings):
    token = preview_token_make(draft_article)

    with time_machine.travel(datetime.timedelta(seconds=settings.PREVIEW_TOKEN_MAX_AGE + 5)):
        response = preview(api_client, token)

    assert response.status_code == 403
    assert response.json() == {
        "detail": "This preview link has expired. Make a new one in the admin.",
        "code": "preview_expired",
    }


def test_a_links_lifetime_is_the_default_setting_unless_its_maker_chooses(api_client, draft_article, settings):
    settings.PREVIEW_TOKEN_DEFAULT_AGE, settings.PREVIEW_TOKEN_MAX_AGE = 60, 86400
    default, a_day = preview_token_make(draft_article), preview_token_make(draft_article, 86400)

    with time_machine.travel(datetime.timedelta(seconds=90)):
        assert preview(api_client, default).status_code == 403
        assert preview(api_client, a_day).status_code == 200
    with time_machine.travel(datetime.timedelta(seconds=86400 + 5)):
        assert preview(api_client, a_day).json()["code"] == "preview_expired"


def test_no_link_outlives_the_maximum_even_one_made_before_it_was_lowered(api_client, draft_article, settings):
    settings.PREVIEW_TOKEN_MAX_AGE = 3600
    capped = preview_token_make(draft_article, 7 * 86400)  # asked for a week: gets the maximum
    settings.PREVIEW_TOKEN_MAX_AGE = 7 * 86400
    week = preview_token_make(draft_article, 7 * 86400)

    with time_machine.travel(datetime.timedelta(seconds=3605)):
        assert preview(api_client, capped).status_code == 403
        assert preview(api_client, week).status_code == 200
        settings.PREVIEW_TOKEN_MAX_AGE = 1800
        assert preview(api_client, week).status_code == 403


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "not-a-token",
        lambda token: signing.dumps({"article": 1}, salt="some.other.salt"),
    ],
    ids=["changed signature", "garbage", "other salt"],
)
def test_a_tampered_token_shows_nothing(api_client, draft_article, tamper):
    response = preview(api_client, tamper(preview_token_make(draft_article)))

    assert response.status_code == 404
    assert response.json() == {"detail": "No preview matches this link.", "code": "preview_invalid"}
    assert "zinc" not in response.content.decode()


def test_the_previewed_draft_stays_out_of_the_public_api(api_client, draft_article):
    assert preview(api_client, preview_token_make(draft_article)).status_code == 200

    assert api_client.get("/api/v1/articles/").json()["count"] == 0
    assert api_client.get(f"/api/v1/articles/{draft_article.slug}/").status_code == 404
    assert api_client.get("/api/v1/faqs/").json()["count"] == 0


def test_admin_link_uses_the_frontend_preview_page_when_configured(admin_client, draft_article, settings):
    settings.PREVIEW_URL_TEMPLATE = "https://www.example.org/preview?token={token}"

    link = admin_client.get(reverse("admin:articles_article_preview", args=[draft_article.pk]))

    assert link.url.startswith("https://www.example.org/preview?token=")
    token = link.url.split("token=")[1]
    assert preview(admin_client, token).status_code == 200


def test_preview_is_documented_in_the_schema_with_each_refusal(client):
    operation = client.get("/api/schema/").json()["paths"]["/api/v1/preview/{token}/"]["get"]

    for status in ("403", "404", "410"):
        schema = operation["responses"][status]["content"]["application/json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/PreviewRefusal"}
    assert "preview_superseded" in operation["description"]


def test_a_revoked_link_stays_refused_when_its_article_is_deleted_and_recovered(
    api_client, draft_article, editor, django_capture_on_commit_callbacks
):
    with reversion.create_revision():  # the version reversion keeps of the article once it is deleted
        Article.objects.get(pk=draft_article.pk).save()
    old_link = preview_token_make(Article.objects.get(pk=draft_article.pk))
    preview_links_revoke(article=draft_article, user=editor)
    chief = UserFactory(username="chief", is_superuser=True)
    article_delete(article=draft_article, user=chief, expected_version=Article.objects.get(pk=draft_article.pk).version)
    assert not PreviewLinks.objects.exists()  # the revocation went with the article

    Version.objects.get_deleted(Article).get().revision.revert()
    with django_capture_on_commit_callbacks(execute=True):
        recovered = article_recover(article=Article.objects.get(pk=draft_article.pk), user=chief)

    response = preview(api_client, old_link)
    assert response.status_code == 410
    assert response.json()["code"] == "preview_revoked"
    assert preview(api_client, preview_token_make(recovered)).status_code == 200  # the positive control


def test_restoring_a_version_refuses_the_links_made_before(api_client, draft_article, author):
    edited = edit_title(draft_article, "Zinc, rewritten", author)
    link = preview_token_make(edited)
    assert preview(api_client, link).status_code == 200

    restored = article_restore_version(
        article=edited, version=article_versions(edited).last(), user=author, expected_version=edited.version
    )

    response = preview(api_client, link)
    assert response.status_code == 410
    assert response.json()["code"] == "preview_superseded"
    assert preview(api_client, preview_token_make(restored)).status_code == 200
