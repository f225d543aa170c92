"""Webhook endpoints: the address guard, in the services, the management API and the admin."""

import socket

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from standardwebhooks import Webhook

from tests.helpers import receiver as receivers
from tests.helpers.admin_forms import version_on_page
from tests.helpers.factories import UserFactory
from tests.helpers.manage_api import token_client
from webhooks import transport
from webhooks.models import Event, WebhookDelivery, WebhookEndpoint
from webhooks.services.endpoints import webhook_endpoint_create

pytestmark = pytest.mark.django_db

EVENTS = ["article.published"]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hooks",
        "http://localhost/hooks",
        "http://10.0.0.5/hooks",
        "http://192.168.1.20/hooks",
        "http://169.254.169.254/latest/meta-data/",  # a cloud's metadata service
        "http://[::1]/hooks",
        "http://[::ffff:10.0.0.1]/hooks",
        "http://0.0.0.0/",
    ],
)
@override_settings(WEBHOOK_ALLOW_PRIVATE_ADDRESSES=False)
def test_private_and_loopback_addresses_are_refused(url):
    with pytest.raises(ValidationError) as refused:
        webhook_endpoint_create(url=url, events=EVENTS)
    assert "url" in refused.value.message_dict
    assert not WebhookEndpoint.objects.exists()


@override_settings(WEBHOOK_ALLOW_PRIVATE_ADDRESSES=False)
def test_a_public_address_is_taken():
    endpoint = webhook_endpoint_create(url="https://hooks.example.org/cms", events=EVENTS)  # positive control
    assert endpoint.secret.startswith("whsec_")
    Webhook(endpoint.secret)  # a secret the library reads


@pytest.mark.parametrize(
    "url, message",
    [
        ("ftp://example.org/x", "Only http and https"),
        ("file:///etc/passwd", "Only http and https"),
        ("https://user:pw@example.org/", "no user name or password"),
    ],
)
def test_other_schemes_and_credentials_in_the_url_are_refused(url, message):
    with pytest.raises(ValidationError, match=message):
        webhook_endpoint_create(url=url, events=EVENTS)


def test_events_must_be_known_and_at_least_one():
    with pytest.raises(ValidationError, match="Choose at least one"):
        webhook_endpoint_create(url="https://example.org/", events=[])
    with pytest.raises(ValidationError, match=r"Unknown events: article\.deleted"):
        webhook_endpoint_create(url="https://example.org/", events=["article.deleted"])


@override_settings(WEBHOOK_ALLOW_PRIVATE_ADDRESSES=False)
def test_a_name_that_resolves_to_a_private_address_is_refused_when_the_connection_is_made():
    """A host name passes when saved (it may resolve elsewhere later); the connection checks the address."""
    receiver = receivers.start()
    try:
        name = socket.gethostname()  # resolves to a loopback or private address on this machine
        addresses = {info[4][0] for info in socket.getaddrinfo(name, None)}
        assert addresses and not any(transport._public(address) for address in addresses)
        port = receiver.server.server_address[1]
        outcome = transport.post(f"http://{name}:{port}/hooks", b"{}", {})
        assert outcome.status_code is None
        assert "resolves to a private, loopback or reserved address" in outcome.error
        assert receiver.requests == []
        with override_settings(WEBHOOK_ALLOW_PRIVATE_ADDRESSES=True):  # control: allowed, it arrives
            assert transport.post(receiver.url, b"{}", {}).status_code == 200
        assert len(receiver.requests) == 1
    finally:
        receivers.stop(receiver)


def test_the_management_api_shows_the_secret_once_and_needs_the_etag_to_change(django_user_model):
    admin = UserFactory(username="ops", is_superuser=True)
    client = token_client(admin)

    created = client.post(
        "/api/v1/manage/webhooks/", {"url": "https://hooks.example.org/cms", "events": EVENTS}, format="json"
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["secret"].startswith("whsec_")
    assert body["events"] == EVENTS and body["active"] is True

    read = client.get(f"/api/v1/manage/webhooks/{body['id']}/")
    assert read.status_code == 200
    assert "secret" not in read.json()
    assert read["ETag"] == created["ETag"]
    assert "secret" not in client.get("/api/v1/manage/webhooks/").json()["results"][0]

    without = client.patch(f"/api/v1/manage/webhooks/{body['id']}/", {"active": False}, format="json")
    assert without.status_code == 428
    changed = client.patch(
        f"/api/v1/manage/webhooks/{body['id']}/", {"active": False}, format="json", HTTP_IF_MATCH=read["ETag"]
    )
    assert changed.status_code == 200, changed.json()
    assert WebhookEndpoint.objects.get().active is False


@pytest.mark.parametrize(
    "data, field",
    [
        ({"url": "https://hooks.example.org/", "events": ["article.deleted"]}, "events"),
        ({"url": "https://hooks.example.org/", "events": []}, "events"),
        ({"url": "gopher://hooks.example.org/", "events": EVENTS}, "url"),
        ({"url": "https://hooks.example.org/", "events": EVENTS, "secret": "mine"}, "secret"),
    ],
)
def test_the_management_api_refuses_bad_endpoints_naming_the_field(data, field):
    client = token_client(UserFactory(username="ops", is_superuser=True))
    response = client.post("/api/v1/manage/webhooks/", data, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not WebhookEndpoint.objects.exists()


@override_settings(WEBHOOK_ALLOW_PRIVATE_ADDRESSES=False)
def test_the_management_api_refuses_a_private_address():
    client = token_client(UserFactory(username="ops", is_superuser=True))
    response = client.post("/api/v1/manage/webhooks/", {"url": "http://10.1.2.3/", "events": EVENTS}, format="json")
    assert response.status_code == 400
    assert "private" in response.json()["url"][0]


def test_editors_without_the_permission_cannot_see_webhooks(author):
    response = token_client(author).get("/api/v1/manage/webhooks/")
    assert response.status_code == 403


def test_the_admin_makes_an_endpoint_and_shows_its_secret_once(admin_client):
    response = admin_client.post(
        "/admin/webhooks/webhookendpoint/add/",
        {"url": "https://hooks.example.org/cms", "description": "Site rebuild", "events": [Event.PUBLISHED]},
        follow=True,
    )
    assert response.status_code == 200
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.secret in response.content.decode()
    assert endpoint.created_by.username == "editor"
    page = admin_client.get(f"/admin/webhooks/webhookendpoint/{endpoint.pk}/change/").content.decode()
    assert endpoint.secret not in page
    assert "Shown once" in page


@override_settings(WEBHOOK_ALLOW_PRIVATE_ADDRESSES=False)
def test_the_admin_refuses_a_private_address_with_a_message_and_keeps_what_was_typed(admin_client):
    response = admin_client.post(
        "/admin/webhooks/webhookendpoint/add/",
        {"url": "http://192.168.0.10/hook", "description": "Typed text", "events": [Event.PUBLISHED]},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "private, loopback or reserved" in page
    assert "Typed text" in page
    assert not WebhookEndpoint.objects.exists()


def test_the_admin_lists_failure_rates_and_a_disabled_endpoint_in_fixed_queries(
    admin_client, django_assert_max_num_queries
):
    from webhooks.models import DeliveryStatus, WebhookAttempt

    def endpoint_with(attempts: list[int | None], **fields):
        endpoint = webhook_endpoint_create(url=f"https://hooks.example.org/{len(attempts)}", events=EVENTS)
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(**fields)
        delivery = WebhookDelivery.objects.create(
            endpoint=endpoint, event=Event.PUBLISHED, payload={}, created_at=endpoint.created_at
        )
        for number, status in enumerate(attempts, 1):
            WebhookAttempt.objects.create(
                delivery=delivery, number=number, started_at=endpoint.created_at, duration_ms=5, status_code=status
            )
        return endpoint

    endpoint_with([500, 200])
    endpoint_with([410], active=False, disabled_reason="It answered 410 Gone.")
    with django_assert_max_num_queries(8):
        page = admin_client.get("/admin/webhooks/webhookendpoint/").content.decode()
    assert "50 %" in page and "100 %" in page
    assert "Disabled:" in page and "It answered 410 Gone." in page
    for extra in range(3):
        endpoint_with([500] * (extra + 3))
    with django_assert_max_num_queries(8):
        admin_client.get("/admin/webhooks/webhookendpoint/")

    delivery = WebhookDelivery.objects.first()
    page = admin_client.get(f"/admin/webhooks/webhookdelivery/{delivery.pk}/change/").content.decode()
    assert "Send again" in page
    assert delivery.status == DeliveryStatus.PENDING


@pytest.mark.parametrize(
    "url",
    [
        "http://[64:ff9b::a9fe:a9fe]/",  # NAT64 for 169.254.169.254, the metadata service
        "http://[64:ff9b::a00:1]/",  # NAT64 for 10.0.0.1
        "http://[2002:a9fe:a9fe::]/",  # 6to4
        "http://[::127.0.0.1]/",  # IPv4-compatible
    ],
)
@override_settings(WEBHOOK_ALLOW_PRIVATE_ADDRESSES=False)
def test_ipv6_forms_that_carry_a_private_ipv4_address_are_refused(url):
    with pytest.raises(ValidationError, match="private, loopback or reserved"):
        webhook_endpoint_create(url=url, events=EVENTS)


@pytest.mark.parametrize(
    "url, message",
    [
        ("https://example.org:99999/", "port"),
        ("https://example.org/ü", "ASCII"),
        ("https://exa mple.org/", "valid URL"),
    ],
)
def test_a_bad_port_or_unencoded_text_is_refused_when_saved(url, message):
    client = token_client(UserFactory(username="ops", is_superuser=True))
    response = client.post("/api/v1/manage/webhooks/", {"url": url, "events": EVENTS}, format="json")
    assert response.status_code == 400
    assert message in response.json()["url"][0]


def test_what_http_client_refuses_is_a_failed_attempt_not_a_crash():
    outcome = transport.post("http://127.0.0.1:99999/", b"{}", {}, guard=False)
    assert outcome.status_code is None
    assert "ValueError" in outcome.error


@override_settings(WEBHOOK_TIMEOUT_SECONDS=0.5)
def test_a_receiver_that_answers_a_byte_at_a_time_is_cut_off_at_the_deadline():
    import threading
    import time

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)

    def drip():
        connection, _ = listener.accept()
        try:
            connection.recv(65536)
            for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 100:
                connection.sendall(bytes([byte]))
                time.sleep(0.1)  # each byte well within the read timeout
        except OSError:
            pass
        finally:
            connection.close()

    threading.Thread(target=drip, daemon=True).start()
    outcome = transport.post(f"http://127.0.0.1:{listener.getsockname()[1]}/", b"{}", {})
    listener.close()
    assert outcome.status_code is None
    assert "No answer within 0.5 s" in outcome.error
    assert outcome.duration_ms < 1500


def test_turning_an_endpoint_back_on_in_the_admin_clears_its_failures(admin_client):
    endpoint = webhook_endpoint_create(url="https://hooks.example.org/cms", events=EVENTS)
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        active=False, consecutive_failures=15, disabled_reason="15 attempts in a row failed."
    )
    url = f"/admin/webhooks/webhookendpoint/{endpoint.pk}/change/"
    response = admin_client.post(
        url,
        {
            "loaded_version": version_on_page(admin_client.get(url).content.decode()),
            "url": endpoint.url,
            "description": "",
            "events": EVENTS,
            "active": "on",
            "deliveries-TOTAL_FORMS": "0",
            "deliveries-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    endpoint.refresh_from_db()
    assert (endpoint.active, endpoint.consecutive_failures, endpoint.disabled_reason) == (True, 0, "")


def test_the_endpoint_page_and_replay_are_safe(admin_client, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    endpoint = webhook_endpoint_create(url="https://hooks.example.org/cms", events=EVENTS)

    def page_queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(f"/admin/webhooks/webhookendpoint/{endpoint.pk}/change/").status_code == 200
        return len(captured)

    WebhookDelivery.objects.create(endpoint=endpoint, event=Event.PUBLISHED, payload={}, created_at=endpoint.created_at)
    one = page_queries()
    for _ in range(9):
        WebhookDelivery.objects.create(
            endpoint=endpoint, event=Event.PUBLISHED, payload={}, created_at=endpoint.created_at
        )
    assert page_queries() == one
    assert admin_client.post("/admin/webhooks/webhookdelivery/not-a-uuid/replay/").status_code == 404
