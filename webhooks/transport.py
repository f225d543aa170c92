"""Outgoing HTTP calls to addresses editors typed (webhooks, CDN purges), guarded so that they cannot reach
internal services: only http and https, no redirects followed, and the address a host name resolves to is
checked when the connection is made (a name that resolved to a public address when it was saved may not
still), unless WEBHOOK_ALLOW_PRIVATE_ADDRESSES is on."""

import http.client
import ipaddress
import socket
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import cast
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


NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one carries (mapped, 6to4, Teredo, NAT64, the old IPv4-compatible form):
    a route to it, so it is judged by it."""
    if ip.ipv4_mapped:
        return ip.ipv4_mapped
    if ip.sixtofour:
        return ip.sixtofour
    if ip.teredo:
        return ip.teredo[1]
    if ip in NAT64 or (int(ip) >> 32 == 0 and int(ip) > 1):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6 and (embedded := _embedded_ipv4(ip)) is not None:
        ip = embedded
    return ip.is_global and not ip.is_multicast


def url_check(url: str) -> None:
    """What can be told without resolving the host: the scheme, a host, and no private literal address."""
    if not url.isascii() or any(character.isspace() for character in url):
        raise AddressRefused(_("Write the URL in ASCII, percent-encoded (as a browser's address bar copies it)."))
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise AddressRefused(_("Only http and https URLs can receive webhooks."))
    if not parts.hostname:
        raise AddressRefused(_("The URL has no host."))
    try:
        parts.port  # noqa: B018 (reading it checks it)
    except ValueError as error:
        raise AddressRefused(_("The port must be a number from 1 to 65535.")) from error
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
    if not allowed:  # the address itself is not said: it would map the internal network for whoever asks
        raise AddressRefused(
            _("%(host)s resolves to a private, loopback or reserved address: refused.") % {"host": host}
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

    timeout = settings.WEBHOOK_TIMEOUT_SECONDS
    too_slow = _("No answer within %(seconds)s s.") % {"seconds": timeout}
    try:
        if guard:
            url_check(url)
        parts = urlsplit(url)
        connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        connection = connection_class(cast(str, parts.hostname), parts.port, timeout=timeout)  # an http(s) address
        if guard:
            connection._create_connection = _guarded_connection  # type: ignore[attr-defined]  # private, not in typeshed
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query

        def exchange() -> tuple[int, bytes]:
            connection.request(method, path, body=body, headers={"User-Agent": "medical-cms-webhooks", **headers})
            response = connection.getresponse()
            return response.status, response.read(READ_LIMIT)

        # The timeout bounds each read; the whole exchange is bounded too, so that a receiver answering a byte
        # at a time cannot hold the worker: past the deadline the socket is shut, which ends the read.
        with ThreadPoolExecutor(max_workers=1) as pool:
            future = pool.submit(exchange)
            try:
                status, content = future.result(timeout=timeout)
            except FutureTimeout:
                if connection.sock is not None:
                    connection.sock.shutdown(socket.SHUT_RDWR)
                return Outcome(status_code=None, duration_ms=elapsed(), error=too_slow)
            finally:
                connection.close()
    except AddressRefused as refused:
        return Outcome(status_code=None, duration_ms=elapsed(), error=str(refused))
    except TimeoutError:
        return Outcome(status_code=None, duration_ms=elapsed(), error=too_slow)
    except (OSError, http.client.HTTPException, ValueError) as failure:  # ValueError: what http.client refuses
        return Outcome(status_code=None, duration_ms=elapsed(), error=f"{type(failure).__name__}: {failure}"[:500])
    excerpt = content[:EXCERPT_BYTES].decode("utf-8", errors="replace")
    return Outcome(status_code=status, duration_ms=elapsed(), excerpt=excerpt)
