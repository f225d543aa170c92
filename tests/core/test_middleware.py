"""API request bodies are read whole, whatever their framing, or refused: a chunked body through gunicorn (which
de-chunks it) is read under the size limit, one through a server that does not is a 411, and any body over the
limit is a JSON 413."""

import http.client
import json
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from articles.models import Article
from core.middleware import RequestBodyMiddleware
from tests.helpers.manage_api import token_client
from tests.helpers.servers import GUNICORN, gunicorn, manage, production_environment

URL = "/api/v1/manage/articles/"


def send(base: str, method: str, path: str, body: bytes, headers: dict[str, str], chunked: bool) -> tuple[int, dict]:
    """One request over a fresh connection; a chunked one in pieces of 100 bytes, with no Content-Length."""
    connection = http.client.HTTPConnection(urlsplit(base).netloc, timeout=10)
    pieces = (body[start : start + 100] for start in range(0, len(body), 100))
    connection.request(method, path, body=pieces if chunked else body, headers=headers, encode_chunked=chunked)
    response = connection.getresponse()
    answer = response.status, json.loads(response.read() or b"null")
    connection.close()
    return answer


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, str]]:
    if not GUNICORN.exists():
        pytest.skip("gunicorn is installed with the requirements")
    env = production_environment(tmp_path_factory.mktemp("bodies"), MANAGE_API_MAX_BODY_BYTES="1000")
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "load_demo_content", "--people-only", DJANGO_DEBUG="1")
    token = manage(env, "create_api_token", "author", "--expires-days", "1")
    with gunicorn(env, "--access-logfile", "/dev/null") as base:
        yield base, token


@pytest.mark.slow
def test_a_chunked_patch_through_gunicorn_changes_the_article(server):
    base, token = server
    auth = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
    status, created = send(base, "POST", URL, json.dumps({"title": "Iron", "summary": "Iron."}).encode(), auth, False)
    assert status == 201, created
    path = f"{URL}{created['slug']}/"
    patch = {**auth, "If-Match": f'"{created["version"]}"'}

    status, patched = send(base, "PATCH", path, json.dumps({"summary": "Iron, sent in chunks."}).encode(), patch, True)

    assert status == 200, patched
    assert patched["summary"] == "Iron, sent in chunks."
    assert send(base, "GET", path, b"", auth, False)[1]["summary"] == "Iron, sent in chunks."


@pytest.mark.slow
def test_a_chunked_post_through_gunicorn_creates_and_over_the_limit_is_a_413(server):
    base, token = server
    auth = {"Authorization": f"Token {token}", "Content-Type": "application/json"}

    created = send(base, "POST", URL, json.dumps({"title": "Zinc", "summary": "Zinc."}).encode(), auth, True)
    too_large = send(base, "POST", URL, json.dumps({"title": "Zinc", "summary": "z" * 5000}).encode(), auth, True)

    assert created[0] == 201, created
    assert too_large == (413, {"detail": too_large[1]["detail"]})
    assert "larger than 1000 bytes" in too_large[1]["detail"]


@pytest.mark.slow
def test_through_gunicorn_a_large_body_over_the_limit_is_read_to_its_end_and_answered_413(server):
    """The client is still sending when the refusal is ready: unread bytes at close would reset the connection, and
    the client would see a broken pipe (one run in three of make fuzz-edge), not the 413. Repeated, as the race is."""
    base, token = server
    auth = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
    body = json.dumps({"title": "Zinc", "summary": "z" * 3_000_000}).encode()

    answers = [send(base, "POST", URL, body, auth, False)[0] for _ in range(8)]

    assert answers == [413] * 8


@pytest.mark.parametrize(("drain_bytes", "left_unread"), [(32 * 1024 * 1024, 0), (1000, 3_000_000 - 1000)])
def test_a_refused_body_is_drained_up_to_its_bound(settings, drain_bytes, left_unread):
    settings.REFUSED_BODY_DRAIN_BYTES = drain_bytes
    request = RequestFactory().post(URL, b"x" * 3_000_000, content_type="application/json")

    response = RequestBodyMiddleware(lambda request: HttpResponse("read"))(request)

    assert response.status_code == 413
    assert len(request.META["wsgi.input"]) == left_unread  # the bytes not yet read


@pytest.mark.django_db
def test_a_chunked_body_a_server_has_not_de_chunked_is_a_411(author):
    """Django's test client, like runserver, passes the raw input without `wsgi.input_terminated`."""
    client = token_client(author)
    slug = client.post(URL, {"title": "Iron", "summary": "Iron."}, format="json").json()["slug"]
    body = json.dumps({"summary": "Changed."})

    chunked = client.patch(
        f"{URL}{slug}/",
        body,
        content_type="application/json",
        HTTP_IF_MATCH='"1"',
        HTTP_TRANSFER_ENCODING="chunked",
        CONTENT_LENGTH="",
    )
    assert chunked.status_code == 411
    assert "Content-Length" in chunked.json()["detail"]
    assert Article.objects.get(slug=slug).summary == "Iron."

    sized = client.patch(f"{URL}{slug}/", body, content_type="application/json", HTTP_IF_MATCH='"1"')
    assert sized.status_code == 200  # positive control: the same body with its length
    assert Article.objects.get(slug=slug).summary == "Changed."


@pytest.mark.django_db
def test_a_body_over_django_s_own_limit_is_the_api_s_json_413(author):
    body = json.dumps({"title": "T", "summary": "x" * 3_000_000})  # over DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MiB) too

    response = token_client(author).post(URL, body, content_type="application/json")

    assert response.status_code == 413
    assert response.json() == {
        "detail": "The request body is larger than 2097152 bytes. Send fewer articles or parts at a time."
    }
    assert response.headers["X-Content-Type-Options"] == "nosniff"  # the refusal carries the security headers


@pytest.mark.django_db
def test_a_content_length_that_is_not_a_number_is_a_400(author):
    client = token_client(author)
    body = json.dumps({"title": "T", "summary": "S"})

    response = client.post(URL, body, content_type="application/json", CONTENT_LENGTH="twelve")

    assert response.status_code == 400
    assert response.json() == {"detail": "The Content-Length header is not a number."}
    assert client.post(URL, body, content_type="application/json").status_code == 201  # positive control


def get_raw(base: str, target: str) -> tuple[int, str, bytes]:
    connection = http.client.HTTPConnection(urlsplit(base).netloc, timeout=10)
    connection.request("GET", target)
    response = connection.getresponse()
    answer = response.status, response.getheader("Content-Type", ""), response.read()
    connection.close()
    return answer


@pytest.mark.slow
def test_through_gunicorn_an_over_long_api_address_is_the_api_s_json_414(server):
    """gunicorn.conf.py raises gunicorn's request-line limit (4094 by default, an HTML 414) to 8190 bytes, above
    the app's MAX_ADDRESS_BYTES (4096): an address between the two reaches the app and gets its JSON."""
    base, _token = server

    status, content_type, body = get_raw(base, "/api/v1/articles/?search=" + "a" * 6000)
    beyond_gunicorn = get_raw(base, "/api/v1/articles/?search=" + "a" * 9000)

    assert (status, content_type) == (414, "application/json"), body[:200]
    assert "longer than 4096 bytes: send fewer or shorter query parameters" in json.loads(body)["detail"]
    assert beyond_gunicorn[0] == 414  # past gunicorn's own limit, its page: no client gets there through the API
    assert get_raw(base, "/api/v1/articles/?search=" + "a" * 200)[0] == 200  # control
