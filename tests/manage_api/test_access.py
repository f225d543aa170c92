"""Who may use the management API: tokens (hashed, expiring, revocable), roles, throttles, body size."""

import datetime

import pytest
from django.core.cache import caches
from django.core.management import call_command
from knox.models import AuthToken
from rest_framework.test import APIClient

from articles.models import ArticleStatus
from tests.helpers.factories import UserFactory, complete_article
from tests.helpers.manage_api import token_client, token_for
from tests.helpers.publishing import approve, publish_reviewed

pytestmark = pytest.mark.django_db

URL = "/api/v1/manage/articles/"


@pytest.fixture(autouse=True)
def fresh_throttles():
    caches["throttles"].clear()  # throttle counts live in their own cache
    yield
    caches["throttles"].clear()


def test_without_a_valid_token_everything_is_401(author):
    anonymous = APIClient()
    wrong = APIClient()
    wrong.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    assert anonymous.get(URL).status_code == 401
    assert anonymous.post(URL, {"title": "T", "summary": "S"}, format="json").status_code == 401
    assert wrong.get(URL).status_code == 401
    assert token_client(author).get(URL).status_code == 200  # the control


def test_expired_revoked_and_deactivated_tokens_stop_working(author):
    expired = token_for(author, expiry=datetime.timedelta(seconds=-1))
    revoked = token_for(author)
    AuthToken.objects.filter(user=author).exclude(expiry__lt=datetime.datetime.now(datetime.UTC)).delete()
    working = token_for(author)

    assert token_client(author, expired).get(URL).status_code == 401
    assert token_client(author, revoked).get(URL).status_code == 401
    assert token_client(author, working).get(URL).status_code == 200
    author.is_active = False
    author.save()
    assert token_client(author, working).get(URL).status_code == 401


def test_create_api_token_prints_a_working_token_and_stores_only_its_hash(author, capsys):
    call_command("create_api_token", "author", "--expires-days", "30")
    token = capsys.readouterr().out.strip()

    stored = AuthToken.objects.get(user=author)
    assert token not in (stored.digest, stored.token_key)
    assert stored.expiry.date() == (datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=30)).date()
    assert token_client(author, token).get(URL).status_code == 200


@pytest.mark.parametrize(
    ("role", "state", "action", "status"),
    [
        ("author", "draft", "submit", 200),
        ("author", "in_review", "approve", 403),
        ("author", "approved", "publish", 403),
        ("reviewer", "in_review", "approve", 200),
        ("reviewer", "in_review", "request_changes", 400),  # without the comment it needs
        ("reviewer", "draft", "approve", 409),
        ("reviewer", "approved", "publish", 403),
        ("publisher", "approved", "publish", 200),
        ("publisher", "in_review", "approve", 403),
        ("publisher", "draft", "publish", 409),
        ("publisher", "published", "unpublish", 200),
        ("publisher", "published", "archive", 200),
        ("author", "in_review", "withdraw", 200),
        ("author", "approved", "withdraw", 200),
        ("reviewer", "in_review", "withdraw", 403),
        ("publisher", "archived", "unarchive", 200),
        ("author", "archived", "unarchive", 403),
        ("author", "published", "submit", 200),  # a review again, e.g. when a cited reference changed
        # The article page header's steps (tests/manage_api/test_header_steps.py has their successes).
        ("author", "approved", "cancel_schedule", 403),
        ("publisher", "approved", "cancel_schedule", 409),  # nothing scheduled
        ("publisher", "archived", "cancel_schedule", 409),
        ("reviewer", "draft", "republish", 403),
        ("publisher", "draft", "republish", 409),  # never taken down: use publish
        ("publisher", "published", "republish", 409),
    ],
)
def test_each_role_takes_exactly_the_steps_the_lifecycle_allows(request, role, state, action, status):
    user = request.getfixturevalue(role)
    article = complete_article(children=1)
    if state == "approved":
        approve(article)
    elif state == "published":
        publish_reviewed(article)
    else:
        article.status = state
        article.save()
    article.refresh_from_db()

    client = token_client(user)
    step = {"action": action}
    fingerprint = client.get(f"{URL}{article.slug}/").headers.get("Document-Fingerprint")
    if (
        action == "approve" and fingerprint
    ):  # the document the reviewer read, as the article's read gives it (in review)
        step["document_fingerprint"] = fingerprint
    response = client.post(
        f"{URL}{article.slug}/transitions/", step, format="json", HTTP_IF_MATCH=f'"{article.version}"'
    )

    assert response.status_code == status, response.json()
    article.refresh_from_db()
    if status != 200:
        assert article.status == (ArticleStatus.PUBLISHED if state == "published" else state)


def test_a_reviewer_requests_changes_with_the_comment_the_author_reads(reviewer):
    article = complete_article(children=1, status="in_review")
    article.refresh_from_db()

    response = token_client(reviewer).post(
        f"{URL}{article.slug}/transitions/",
        {"action": "request_changes", "comment": "Cite the 2011 guideline for the dose."},
        format="json",
        HTTP_IF_MATCH=f'"{article.version}"',
    )

    assert response.status_code == 200, response.json()
    article.refresh_from_db()
    assert article.status == "draft"
    assert article.transitions.order_by("-pk").first().comment == "Cite the 2011 guideline for the dose."


def test_roles_without_write_permission_cannot_write(reviewer, publisher):
    for user in (reviewer, publisher):
        assert token_client(user).post(URL, {"title": "T", "summary": "S"}, format="json").status_code == 403
    assert token_client(UserFactory(username="nobody")).get(URL).status_code == 403


def test_too_many_requests_are_a_429_with_retry_after(author, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"manage_token": "3/min", "manage_anonymous": "2/min"},
    }
    client = token_client(author)

    statuses = [client.get(URL).status_code for _ in range(4)]
    anonymous = [APIClient().get(URL).status_code for _ in range(2)]
    guessing = APIClient()
    guessing.credentials(HTTP_AUTHORIZATION="Token guessed")
    anonymous.append(guessing.get(URL).status_code)

    assert statuses == [200, 200, 200, 429]
    assert int(client.get(URL)["Retry-After"]) > 0
    assert anonymous == [401, 401, 429]


def test_an_oversize_body_is_a_413(author, settings):
    settings.MANAGE_API_MAX_BODY_BYTES = 1000

    response = token_client(author).post(URL, {"title": "T", "summary": "x" * 2000}, format="json")

    assert response.status_code == 413
    assert "larger than 1000 bytes" in response.json()["detail"]
    assert token_client(author).post(URL, {"title": "T", "summary": "x" * 500}, format="json").status_code == 201


def test_malformed_json_is_a_400(author):
    response = token_client(author).post(URL, "{not json", content_type="application/json")

    assert response.status_code == 400
    assert "not valid JSON" in response.json()["detail"]


def test_staff_revoke_a_token_in_the_admin(author, admin_client):
    token = token_for(author)
    stored = AuthToken.objects.get(user=author)
    listing = admin_client.get("/admin/knox/authtoken/").content.decode()
    assert "author" in listing and token not in listing  # listed, never shown again

    response = admin_client.post(f"/admin/knox/authtoken/{stored.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert token_client(author, token).get(URL).status_code == 401


def test_a_malformed_body_is_said_before_a_stale_if_match(author):
    client = token_client(author)
    slug = client.post(URL, {"title": "Iron", "summary": "Iron."}, format="json").json()["slug"]

    malformed = client.patch(f"{URL}{slug}/", "{not json", content_type="application/json", HTTP_IF_MATCH='"9"')
    stale = client.patch(f"{URL}{slug}/", {"summary": "x"}, format="json", HTTP_IF_MATCH='"9"')

    assert malformed.status_code == 400
    assert "not valid JSON" in malformed.json()["detail"]
    assert stale.status_code == 412  # positive control: the same If-Match with a good body


@pytest.mark.parametrize("sent", ["3", 'W/"3', '"3" "4"', '"a b"', '"' + "9" * 300 + '"'])
def test_an_if_match_that_is_not_an_etag_is_a_400_naming_the_header(author, sent):
    client = token_client(author)
    slug = client.post(URL, {"title": "Iron", "summary": "Iron."}, format="json").json()["slug"]

    response = client.patch(f"{URL}{slug}/", {"summary": "x"}, format="json", HTTP_IF_MATCH=sent)

    assert response.status_code == 400
    assert list(response.json()) == ["If-Match"]
    assert client.patch(f"{URL}{slug}/", {"summary": "x"}, format="json", HTTP_IF_MATCH='"1", W/"2"').status_code == 200


def test_what_is_wrong_whatever_the_version_is_said_before_a_stale_version(author):
    """Missing If-Match (428) comes before the fields (400), and the fields before a stale version (412)."""
    client = token_client(author)
    slug = client.post(URL, {"title": "Iron", "summary": "Iron."}, format="json").json()["slug"]
    other = client.post(URL, {"title": "Zinc", "summary": "Zinc."}, format="json").json()["slug"]

    taken_slug_no_if_match = client.patch(f"{URL}{slug}/", {"slug": other}, format="json")
    bad_field_stale = client.patch(f"{URL}{slug}/", {"summary": 5}, format="json", HTTP_IF_MATCH='"9"')
    bad_step_stale = client.post(f"{URL}{slug}/transitions/", {"action": "fly"}, format="json", HTTP_IF_MATCH='"9"')
    good_stale = client.patch(f"{URL}{slug}/", {"summary": "x"}, format="json", HTTP_IF_MATCH='"9"')

    assert taken_slug_no_if_match.status_code == 428
    assert (bad_field_stale.status_code, list(bad_field_stale.json())) == (400, ["summary"])
    assert (bad_step_stale.status_code, list(bad_step_stale.json())) == (400, ["action"])
    assert good_stale.status_code == 412


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_json_nested_too_deep_is_a_400_naming_the_limit(author):
    client = token_client(author)

    deep = client.post(URL, f'{{"title": "T", "summary": {nested(10_000)}}}', content_type="application/json")
    at_the_limit = client.post(URL, f'{{"title": "T", "summary": {nested(99)}}}', content_type="application/json")

    assert deep.status_code == 400
    assert deep.json() == {"detail": "The JSON is nested more than 100 levels deep, the limit."}
    assert at_the_limit.status_code == 400  # positive control: parsed, and the field is refused
    assert "summary" in at_the_limit.json()


def bad_token_statuses(forwarded_for: list[str]) -> list[int]:
    """A guessed token from each X-Forwarded-For in turn, over one connection address (the test client's)."""
    guessing = APIClient()
    guessing.credentials(HTTP_AUTHORIZATION="Token guessed")
    return [guessing.get(URL, HTTP_X_FORWARDED_FOR=sent).status_code for sent in forwarded_for]


@pytest.fixture
def ten_a_minute(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"manage_token": "600/min", "manage_anonymous": "10/min"},
    }
    return settings


def test_rotating_x_forwarded_for_does_not_dodge_the_bad_token_throttle(db, ten_a_minute):
    statuses = bad_token_statuses([f"203.0.113.{index}" for index in range(12)])

    assert statuses == [401] * 10 + [429, 429]


def test_behind_one_proxy_the_client_is_the_last_forwarded_address(db, ten_a_minute):
    ten_a_minute.REST_FRAMEWORK = {**ten_a_minute.REST_FRAMEWORK, "NUM_PROXIES": 1}

    rotating_last = bad_token_statuses([f"198.51.100.7, 203.0.113.{index}" for index in range(12)])
    rotating_first = bad_token_statuses([f"198.51.100.{index}, 203.0.113.99" for index in range(12)])

    assert rotating_last == [401] * 12  # twelve clients, each once
    assert rotating_first == [401] * 10 + [429, 429]  # one client, whatever it wrote before the proxy's address
