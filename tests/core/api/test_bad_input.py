"""Every bad input is a 4xx that names what was wrong, never a 500 and never silently ignored."""

import datetime

import pytest
from django.test import override_settings

from tests.helpers.factories import complete_article
from tests.helpers.publishing import publish_reviewed

pytestmark = pytest.mark.django_db


@pytest.fixture
def live(db):
    article = complete_article(children=1, slug="live-one")
    publish_reviewed(article)
    return article


@pytest.mark.parametrize("name", ["published_after", "published_before", "updated_since"])
@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("9999-12-31T23:59:59-12:00", "Out of range"),
        ("0001-01-01T00:00:00+12:00", "Out of range"),
        ("2026-02-30", "Enter a valid date/time"),
    ],
)
def test_dates_out_of_range_are_a_400_naming_the_parameter(api_client, live, name, value, says):
    response = api_client.get("/api/v1/articles/", {name: value})

    assert response.status_code == 400
    assert list(response.json()) == [name]
    assert says in response.json()[name][0]


@pytest.mark.parametrize("offset", ["+16:00", "-23:59", "+23:59", "+05:45"])
def test_any_rfc_3339_offset_is_understood_as_the_instant_it_names(api_client, live, offset):
    """RFC 3339 allows offsets up to ±23:59; PostgreSQL refuses beyond ±15:59, so the server converts to UTC."""
    first = live.publications.get().first_published_at
    just_after = (first + datetime.timedelta(minutes=1)).astimezone(datetime.timezone(parse_offset(offset)))
    just_before = (first - datetime.timedelta(minutes=1)).astimezone(datetime.timezone(parse_offset(offset)))

    after = api_client.get("/api/v1/articles/", {"published_before": just_after.isoformat()})
    before = api_client.get("/api/v1/articles/", {"published_before": just_before.isoformat()})

    assert just_after.isoformat().endswith(offset)
    assert (after.status_code, after.json()["count"]) == (200, 1)
    assert (before.status_code, before.json()["count"]) == (200, 0)


def parse_offset(offset: str) -> datetime.timedelta:
    sign = -1 if offset[0] == "-" else 1
    hours, minutes = offset[1:].split(":")
    return sign * datetime.timedelta(hours=int(hours), minutes=int(minutes))


def test_a_date_at_the_edge_of_the_range_is_fine(api_client, live):
    assert api_client.get("/api/v1/articles/", {"published_before": "9999-12-31T00:00:00+00:00"}).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/articles/a%00b/",
        "/api/v1/articles/a%00b/jsonld/",
        "/api/v1/topics/a%00b/",
        "/api/v1/contributors/a%00b/",
        "/api/v1/preview/a%00b/",
        "/api/v1/articles/?search=a%00b",
    ],
)
def test_a_nul_character_is_a_400(client, live, url):
    response = client.get(url)

    assert response.status_code == 400
    assert response.json() == {"detail": "The address contains a NUL character."}


@pytest.mark.parametrize(
    ("query", "name", "says"),
    [
        ("ordering=title&ordering=-published_at", "ordering", "Give this parameter once"),
        ("topic=a&topic=b", "topic", "Give this parameter once"),
        ("page_size=5&page_size=6", "page_size", "Give this parameter once"),
        ("topic=", "topic", "Give a value"),
        ("updated_since=", "updated_since", "Give a value"),
        ("topic=" + "x" * 201, "topic", "At most 200 characters"),
    ],
)
def test_repeated_empty_and_overlong_parameters_are_a_400(api_client, live, query, name, says):
    response = api_client.get(f"/api/v1/articles/?{query}")

    assert response.status_code == 400
    assert list(response.json()) == [name]
    assert says in response.json()[name][0]


def test_the_same_checks_apply_to_every_list(api_client, live):
    for url in ("/api/v1/faqs/", "/api/v1/references/", "/api/v1/topics/", "/api/v1/contributors/"):
        assert api_client.get(f"{url}?page=1&page=2").status_code == 400, url
        assert api_client.get(f"{url}?page=1").status_code == 200, url  # the control


@override_settings(DEBUG=True)
def test_errors_under_the_api_are_json_in_debug_mode_too(client):
    client.raise_request_exception = False

    unknown = client.get("/api/v1/nothing-here/")
    no_slash = client.post("/api/v1/manage/articles", {"title": "T"}, content_type="application/json")

    assert (unknown.status_code, unknown.json()) == (404, {"detail": "Not found."})
    assert no_slash.status_code == 404
    assert "ends with a slash" in no_slash.json()["detail"]


@override_settings(DEBUG=True)
def test_a_server_error_under_the_api_is_json_in_debug_mode_too(client, monkeypatch):
    from publishing.api import articles

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(articles.ArticleViewSet, "list", broken)
    client.raise_request_exception = False

    response = client.get("/api/v1/articles/")

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json() and "a bug" not in response.content.decode()
    assert client.get("/api/v1/topics/").status_code == 200  # the control: the rest of the API answers


def test_options_on_the_docs_is_not_a_500(client):
    assert client.options("/api/docs/").status_code < 500


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/articles/",
        "/api/v1/articles/live-one/",
        "/api/v1/articles/live-one/jsonld/",
        "/api/v1/topics/",
        "/api/v1/contributors/",
        "/api/v1/faqs/",
        "/api/v1/references/",
    ],
)
def test_head_answers_like_get_with_an_etag_and_a_304(api_client, live, url):
    get = api_client.get(url)
    head = api_client.head(url)
    revalidated = api_client.head(url, HTTP_IF_NONE_MATCH=get["ETag"])

    assert head.status_code == 200 and head["ETag"] == get["ETag"]
    assert revalidated.status_code == 304
    assert api_client.get(url, HTTP_IF_MODIFIED_SINCE=get["Last-Modified"]).status_code == 304
    assert api_client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200  # the control


def test_cors_lets_browser_code_revalidate_and_read_the_etag(client, live, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://www.example.org"]
    origin = {"HTTP_ORIGIN": "https://www.example.org"}

    preflight = client.options(
        "/api/v1/articles/",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match, if-modified-since",
        **origin,
    )
    response = client.get("/api/v1/articles/", **origin)

    assert {"if-none-match", "if-modified-since"} <= set(preflight["Access-Control-Allow-Headers"].split(", "))
    assert {"ETag", "Last-Modified"} <= set(response["Access-Control-Expose-Headers"].split(", "))
    assert response["Access-Control-Allow-Origin"] == "https://www.example.org"
    assert "Access-Control-Allow-Origin" not in client.get("/admin/login/", **origin)  # the API only


@pytest.mark.parametrize("value", ["4\x0b", " 4", "+4", "4_0", "٤", "4.0"])
def test_page_and_page_size_take_ascii_digits_only(api_client, live, value):
    for name in ("page", "page_size"):
        response = api_client.get("/api/v1/articles/", {name: value})

        assert response.status_code == 400, (name, value)
        assert list(response.json()) == [name]
    # Positive control: the same parameters written as digits.
    assert api_client.get("/api/v1/articles/", {"page": "1", "page_size": "4"}).status_code == 200
