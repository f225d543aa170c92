"""Two people check medical content: by default (site setting `separate_duties`) a medical reviewer may not approve
an article they are an author of, whoever approved a version may not publish it, and authors edit only the articles
they are an author of unless their group may edit every article ("Managing editor"). Each refusal has its positive
control: another person, or the setting off, or an author of the article."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.urls import reverse

from articles.edit_plan import ArticleEdit
from articles.models import Article, ArticleStatus
from articles.services.editing import article_update
from core.exceptions import DutyConflict
from core.models import SiteSettings
from publishing.models import Publication
from publishing.services.editorial_steps import article_transition
from tests.helpers.admin_forms import article_change_data
from tests.helpers.factories import UserFactory, complete_article
from tests.helpers.manage_api import token_client
from tests.helpers.people import reviewer_user, user_in_role
from tests.helpers.publishing import shown, shown_on_page

pytestmark = pytest.mark.django_db

URL = "/api/v1/manage/articles/"


def submitted(article: Article) -> Article:
    article_transition("submit", article=article, user=user_in_role("writer", "Author"))
    return Article.objects.get(pk=article.pk)


def separate_duties(on: bool) -> None:
    SiteSettings.objects.filter(pk=SiteSettings.load().pk).update(separate_duties=on)


@pytest.fixture
def one_person_all_roles():
    """One account in every role (as the superuser of a small site): writes, reviews and publishes."""
    user = reviewer_user("solo", "Dr Solo")
    user.groups.add(Group.objects.get(name="Author"), Group.objects.get(name="Publisher"))
    return type(user).objects.get(pk=user.pk)


def test_a_reviewer_who_is_an_author_of_the_article_cannot_approve_it(one_person_all_roles, client, api_client):
    article = complete_article(children=1, slug="written-by-solo")
    article.authors.add(one_person_all_roles.contributor_profile)
    article = submitted(article)

    with pytest.raises(DutyConflict, match=r"You are an author of “.*”, so another medical reviewer must approve it"):
        article_transition("approve", article=article, user=one_person_all_roles, shown_document=shown(article))
    client.force_login(one_person_all_roles)
    response = client.post(
        reverse("admin:articles_article_transition", args=[article.pk, "approve"]),
        {"shown_version": article.version, "shown_document": shown_on_page(client, article)},
    )
    said = " ".join(str(message) for message in get_messages(response.wsgi_request))
    assert response.status_code == 302 and "another medical reviewer must approve it" in said
    api = token_client(one_person_all_roles)
    read = api.get(f"{URL}{article.slug}/")
    step = {"action": "approve", "document_fingerprint": read.headers["Document-Fingerprint"]}
    refused = api.post(f"{URL}{article.slug}/transitions/", step, format="json", HTTP_IF_MATCH=read.headers["ETag"])
    assert refused.status_code == 403 and "separation of duties" in refused.json()["detail"]
    assert Article.objects.get(pk=article.pk).status == ArticleStatus.IN_REVIEW

    # Positive controls: another reviewer approves; and with the setting off, the author-reviewer would.
    other = reviewer_user("other-reviewer", "Dr Other")
    article_transition("approve", article=article, user=other, shown_document=shown(article))
    assert Article.objects.get(pk=article.pk).status == ArticleStatus.APPROVED
    second = submitted(complete_article(children=1, slug="second-by-solo"))
    second.authors.add(one_person_all_roles.contributor_profile)
    separate_duties(False)
    article_transition("approve", article=second, user=one_person_all_roles, shown_document=shown(second))


def test_whoever_approved_a_version_cannot_also_publish_it(one_person_all_roles, api_client):
    article = submitted(complete_article(children=1, slug="approved-by-solo"))
    article_transition("approve", article=article, user=one_person_all_roles, shown_document=shown(article))

    with pytest.raises(DutyConflict, match=r"You approved this version of “.*” yourself, so another publisher"):
        article_transition("publish", article=article, user=one_person_all_roles)
    assert not Publication.objects.filter(article=article).exists()
    assert api_client.get("/api/v1/articles/approved-by-solo/").status_code == 404

    # Positive controls: with the setting off the same person publishes; on, another publisher does.
    separate_duties(False)
    article_transition("publish", article=article, user=one_person_all_roles)
    assert api_client.get("/api/v1/articles/approved-by-solo/").status_code == 200
    separate_duties(True)
    other = submitted(complete_article(children=1, slug="published-by-another"))
    article_transition("approve", article=other, user=one_person_all_roles, shown_document=shown(other))
    article_transition("publish", article=other, user=user_in_role("another-publisher", "Publisher"))
    detail = api_client.get("/api/v1/articles/published-by-another/").json()
    reviewer = detail["medical_reviewer"]["slug"]
    assert reviewer not in [person["slug"] for person in detail["authors"]]


def _colleagues_article() -> Article:
    return complete_article(children=1, slug="a-colleagues-article")  # its authors are two other people


def test_an_author_edits_only_the_articles_they_are_an_author_of(client):
    outsider = user_in_role("outsider", "Author")
    article = _colleagues_article()

    with pytest.raises(DutyConflict, match="You are not one of the authors of"):
        article_update(
            article=article, edit=ArticleEdit(fields={"summary": "Changed."}), user=outsider, expected_version=None
        )
    client.force_login(outsider)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "You are not one of the authors of this article" in page and 'name="_save"' not in page
    posted = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        article_change_data(article, summary="Typed by an outsider."),
    )
    assert posted.status_code == 200 and "Typed by an outsider." in posted.content.decode()  # kept, not saved
    api = token_client(outsider)
    patched = api.patch(
        f"{URL}{article.slug}/", {"summary": "Changed."}, format="json", HTTP_IF_MATCH=f'"{article.version}"'
    )
    assert patched.status_code == 403 and "not one of the authors" in patched.json()["detail"]
    assert Article.objects.get(pk=article.pk).summary == article.summary

    # Positive controls: once an author of it, the same login edits; a managing editor edits any article.
    outsider = reviewer_user("outsider")  # a contributor profile for the same login (a new request's user)
    article.authors.add(outsider.contributor_profile)
    article_update(
        article=article, edit=ArticleEdit(fields={"summary": "By an author."}), user=outsider, expected_version=None
    )
    managing = UserFactory(username="managing")
    managing.groups.add(Group.objects.get(name="Managing editor"))
    other = complete_article(children=1, slug="anyones-article")
    article_update(
        article=other,
        edit=ArticleEdit(fields={"summary": "By a managing editor."}),
        user=managing,
        expected_version=None,
    )
    assert Article.objects.get(pk=other.pk).summary == "By a managing editor."
