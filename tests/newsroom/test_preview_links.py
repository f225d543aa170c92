"""The article page's preview links: the Preview button's link shows the version saved when it was made; the
Preview links page makes one for a chosen lifetime and revokes every link made so far."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Article
from publishing.models import PreviewLinks
from tests.helpers.admin_forms import article_change_data
from tests.helpers.factories import UserFactory, complete_article
from tests.helpers.people import user_in_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return complete_article(children=2, title="Iron and fatigue", slug="iron-and-fatigue")


def links_page(article) -> str:
    return reverse("admin:articles_article_preview_links", args=[article.pk])


def preview_button(client, article) -> str:
    """The Preview button's link (this server's page), as the browser follows it."""
    response = client.get(reverse("admin:articles_article_preview", args=[article.pk]))
    assert response.status_code == 302
    return response.url


def token_of(url: str) -> str:
    return re.fullmatch(r"http://testserver/preview/([^/]+)/", url)[1]


def json_preview(client, url: str):
    return client.get(f"/api/v1/preview/{token_of(url)}/")


def test_the_article_page_links_the_preview_links_page(admin_client, article):
    response = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))

    assertContains(response, f'<a href="{links_page(article)}" id="preview-links-link">Preview links…</a>', html=True)


def test_a_link_made_before_an_edit_in_the_admin_says_so_and_a_new_one_shows_the_edit(admin_client, client, article):
    before = preview_button(admin_client, article)
    assert json_preview(client, before).json()["title"] == "Iron and fatigue"

    saved = admin_client.post(
        reverse("admin:articles_article_change", args=[article.pk]), article_change_data(article, title="Iron, revised")
    )
    assert saved.status_code == 302

    stale = json_preview(client, before)
    assert stale.status_code == 410
    assert stale.json()["code"] == "preview_superseded"
    assertContains(client.get(before), "This preview link is for an earlier version", status_code=410)
    after = preview_button(admin_client, article)
    assert json_preview(client, after).json()["title"] == "Iron, revised"


def test_the_page_offers_lifetimes_up_to_the_maximum_with_the_default_chosen(admin_client, article, settings):
    settings.PREVIEW_TOKEN_MAX_AGE, settings.PREVIEW_TOKEN_DEFAULT_AGE = 2 * 86400, 3600

    response = admin_client.get(links_page(article))

    assert response.status_code == 200
    options = re.findall(r'<option value="(\d+)"( selected)?>([^<]+)</option>', response.content.decode())
    assert options == [("3600", " selected", "1 hour"), ("86400", "", "1 day"), ("172800", "", "2 days")]
    assertContains(response, f"now version {article.version}")


def test_a_link_made_for_a_day_opens_for_a_day(admin_client, client, article):
    response = admin_client.post(links_page(article), {"lifetime": "86400"})

    assert response.status_code == 200
    assertContains(response, "A new link, valid for 1 day")
    url = re.search(r'id="id_preview_link" readonly size="80" value="([^"]+)"', response.content.decode())[1]
    with time_machine.travel(datetime.timedelta(hours=23)):
        assert json_preview(client, url).status_code == 200
    with time_machine.travel(datetime.timedelta(hours=25)):
        assert json_preview(client, url).json()["code"] == "preview_expired"


@pytest.mark.parametrize("lifetime", ["", "5", "999999999", "one day"])
def test_a_lifetime_not_offered_makes_no_link(admin_client, article, lifetime):
    response = admin_client.post(links_page(article), {"lifetime": lifetime}, follow=True)

    assertContains(response, "Choose how long the link should last.")
    assertNotContains(response, "A new link")


def test_revoking_refuses_every_earlier_link_and_says_so(admin_client, client, article, editor):
    earlier = [preview_button(admin_client, article), preview_button(admin_client, article)]

    response = admin_client.post(links_page(article), {"revoke": "Revoke"}, follow=True)

    assert response.redirect_chain == [(reverse("admin:articles_article_change", args=[article.pk]), 302)]
    assertContains(response, "Every preview link of “Iron and fatigue” made until now is revoked")
    for url in earlier:
        assert json_preview(client, url).json()["code"] == "preview_revoked"
        assertContains(client.get(url), "This preview link has been revoked", status_code=410)
    later = preview_button(admin_client, article)
    assert json_preview(client, later).status_code == 200  # the positive control
    links = PreviewLinks.objects.get(article=article)
    assert (links.generation, links.revoked_by) == (1, editor)
    assertContains(admin_client.get(links_page(article)), "Last revoked on")


def test_reading_the_page_revokes_nothing(admin_client, client, article):
    url = preview_button(admin_client, article)

    admin_client.get(links_page(article))

    assert json_preview(client, url).status_code == 200
    assert not PreviewLinks.objects.exists()


@pytest.mark.parametrize("role", ["Author", "Medical reviewer", "Publisher"])
def test_every_editorial_role_may_revoke(client, article, role):
    client.force_login(user_in_role("someone", role))

    response = client.post(links_page(article), {"revoke": "Revoke"})

    assert response.status_code == 302
    assert PreviewLinks.objects.get(article=article).generation == 1


def test_an_account_that_only_reads_articles_may_make_links_but_not_revoke_them(client, article):
    reader = UserFactory(username="reader")
    reader.user_permissions.add(Permission.objects.get(content_type__app_label="articles", codename="view_article"))
    client.force_login(reader)

    page = client.get(links_page(article))
    assertContains(page, "Authors, medical reviewers and publishers can revoke")
    assertNotContains(page, 'name="revoke"')
    assert client.post(links_page(article), {"revoke": "Revoke"}).status_code == 403
    assert not PreviewLinks.objects.exists()
    assert client.post(links_page(article), {"lifetime": "3600"}).status_code == 200


def test_someone_who_may_not_see_the_article_gets_no_page(client, article):
    client.force_login(UserFactory(username="outsider"))

    assert client.get(links_page(article)).status_code == 404  # as every page under an article it may not see
    assert client.post(links_page(article), {"revoke": "Revoke"}).status_code == 404
    assert not PreviewLinks.objects.exists()
    assert Article.objects.filter(pk=article.pk).exists()


def test_the_page_costs_a_fixed_number_of_queries(admin_client, article, django_assert_num_queries):
    admin_client.post(links_page(article), {"revoke": "Revoke"})

    # The session and its user, the article, the generation the new link names, the last revocation with who
    # revoked (one query).
    with django_assert_num_queries(5):
        assert admin_client.post(links_page(article), {"lifetime": "3600"}).status_code == 200
