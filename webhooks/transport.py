"""Outgoing HTTP calls to addresses editors typed (webhooks, CDN purges), guarded so that they cannot reach
internal services: only http and https, no redirects followed, and the address a host name resolves to is
checked when the connection is made (a name that resolved to a public address when it was saved may not
still), unless WEBHOOK_ALLOW_PRIVATE_ADDRESSES is on."""

import http.client
import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

EXCERPT_BYTES = 500
READ_LIMIT = 64 * 1024


class AddressRefused(Exception):
    """The URL is not one a webhook may call."""


@dataclass
class Outcome:
    status_code: int | None
    duration_ms: int
    excerpt: str = ""
    error: str = ""


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def url_check(url: str) -> None:
    """What can be told without resolving the host: the scheme, a host, and no private literal address."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise AddressRefused(_("Only http and https URLs can receive webhooks."))
    if not parts.hostname:
        raise AddressRefused(_("The URL has no host."))
    if parts.username or parts.password:
        raise AddressRefused(_("Put no user name or password in the URL: each request is signed instead."))
    if settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES:
        return
    if parts.hostname.lower() == "localhost" or parts.hostname.lower().endswith(".localhost"):
        raise AddressRefused(_("Loopback addresses cannot receive webhooks here."))
    try:
        literal = _public(parts.hostname)
    except ValueError:
        return  # a name: checked when it is resolved
    if not literal:
        raise AddressRefused(
            _("%(host)s is a private, loopback or reserved address: webhooks go to public addresses only.")
            % {"host": parts.hostname}
        )


def _guarded_connection(address, timeout=socket._GLOBAL_DEFAULT_TIMEOUT, source_address=None, **kwargs):
    """socket.create_connection, connecting only to addresses the guard allows."""
    host, port = address
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    allowed = [info for info in infos if settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES or _public(info[4][0])]
    if not allowed:
        raise AddressRefused(
            _("%(host)s resolves to a private, loopback or reserved address (%(address)s): refused.")
            % {"host": host, "address": infos[0][4][0] if infos else "?"}
        )
    error = None
    for family, kind, protocol, _name, socket_address in allowed:
        sock = socket.socket(family, kind, protocol)
        try:
            if timeout is not socket._GLOBAL_DEFAULT_TIMEOUT:
                sock.settimeout(timeout)
            sock.connect(socket_address)
            return sock
        except OSError as failure:
            error = failure
            sock.close()
    raise error


def post(url: str, body: bytes, headers: dict[str, str], *, method: str = "POST", guard: bool = True) -> Outcome:
    """Send one request; the outcome, never an exception: a refused address, a timeout or a connection
    error is recorded as the attempt's error. `guard=False` for addresses the operator set (a CDN's purge
    endpoint may well be on the private network), never for ones an editor typed."""
    started = time.monotonic()

    def elapsed() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        if guard:
            url_check(url)
        parts = urlsplit(url)
        connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        connection = connection_class(parts.hostname, parts.port, timeout=settings.WEBHOOK_TIMEOUT_SECONDS)
        if guard:
            connection._create_connection = _guarded_connection
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        try:
            connection.request(method, path, body=body, headers={"User-Agent": "medical-cms-webhooks", **headers})
            response = connection.getresponse()
            content = response.read(READ_LIMIT)
        finally:
            connection.close()
    except AddressRefused as refused:
        return Outcome(status_code=None, duration_ms=elapsed(), error=str(refused))
    except TimeoutError:
        return Outcome(
            status_code=None,
            duration_ms=elapsed(),
            error=_("No answer within %(seconds)s s.") % {"seconds": settings.WEBHOOK_TIMEOUT_SECONDS},
        )
    except (OSError, http.client.HTTPException) as failure:
        return Outcome(status_code=None, duration_ms=elapsed(), error=f"{type(failure).__name__}: {failure}"[:500])
    excerpt = content[:EXCERPT_BYTES].decode("utf-8", errors="replace")
    return Outcome(status_code=response.status, duration_ms=elapsed(), excerpt=excerpt)
