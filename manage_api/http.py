"""What every management endpoint shares: token authentication, model permissions, throttles, a JSON depth
limit, and optimistic concurrency (ETag on reads, If-Match required on changes)."""

import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple, cast

from django.conf import settings
from django.core.cache import caches
from django.utils.translation import gettext as _
from knox.auth import TokenAuthentication
from rest_framework import exceptions, status
from rest_framework.authentication import BaseAuthentication
from rest_framework.parsers import BaseParser, JSONParser
from rest_framework.permissions import DjangoModelPermissions
from rest_framework.throttling import AnonRateThrottle, BaseThrottle, UserRateThrottle
from rest_framework.views import APIView

from core.api.schema import IF_MATCH, IF_MATCH_MAX_LENGTH
from core.exceptions import StaleVersion
from core.fingerprint import json_fingerprint
from core.json_depth import MAX_JSON_DEPTH, json_depth, too_deep_message
from core.middleware import body_too_large_message

if TYPE_CHECKING:
    from rest_framework.permissions import _PermissionClass


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = _(
        "Send the ETag of the version you read in an If-Match header: a change based on nothing you read "
        "could overwrite someone else's work."
    )
    default_code = "precondition_required"


class IfMatch(NamedTuple):
    """An If-Match header as RFC 9110 section 13.1.1 reads it: `*`, or a list of entity tags."""

    any: bool  # `*`: any current representation matches
    tags: tuple[str, ...]  # the entity tags sent, quotes and W/ prefix kept

    def matches(self, current: str) -> bool:
        """Whether the representation whose (strong) ETag is `current` satisfies it: `*` matches whatever
        exists; otherwise one tag in the list must match, by the strong comparison If-Match uses (a weak tag,
        W/"x", never matches)."""
        return self.any or current in self.tags


# A tag naming a version the way `etag` writes one ("3", no leading zero): a version the client read, maybe stale.
VERSION_TAG = r'"(0|[1-9][0-9]*)"'


def if_match_sent(request) -> IfMatch:
    """The If-Match header, read once for every resource; 428 when it is missing, 400 naming If-Match when it is
    neither `*` nor a list of entity tags."""
    sent = request.headers.get("If-Match", "").strip()
    if not sent:
        raise PreconditionRequired()
    if len(sent) > IF_MATCH_MAX_LENGTH or not re.fullmatch(IF_MATCH, sent):  # the schema's own pattern
        raise exceptions.ValidationError(
            {"If-Match": [_('Not an ETag: send the ETag you read, quotes included, such as "3".')]}
        )
    if sent == "*":
        return IfMatch(any=True, tags=())
    return IfMatch(any=False, tags=tuple(tag.strip() for tag in sent.split(",")))


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"


class LimitedJSONParser(JSONParser):
    """JSON bodies, nested at most MAX_JSON_DEPTH levels (json.loads recurses once per level). Their size is refused
    before this reads them (core.middleware.RequestBodyMiddleware); the bounded read here holds wherever that did
    not run."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.MANAGE_API_MAX_BODY_BYTES
        body = stream.read(limit + 1) if stream is not None else b""
        if len(body) > limit:
            raise RequestTooLarge(body_too_large_message(limit))
        try:
            text = body.decode(parser_context.get("encoding") or "utf-8")
            if json_depth(text) > MAX_JSON_DEPTH:
                raise exceptions.ParseError(too_deep_message())
            return json.loads(text)
        except ValueError as error:  # UnicodeDecodeError included
            raise exceptions.ParseError(_("The body is not valid JSON: %(error)s") % {"error": error}) from error


class ModelPermissions(DjangoModelPermissions):
    """Django's model permissions, reads included (an editor needs `view` to read the working copies)."""

    perms_map = {**DjangoModelPermissions.perms_map, "GET": ["%(app_label)s.view_%(model_name)s"]}
    perms_map["HEAD"] = perms_map["GET"]
    perms_map["OPTIONS"] = perms_map["GET"]


class CanView(ModelPermissions):
    """Read permission on the model, whatever the method (for steps whose rules the services check)."""

    def has_permission(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return False
        model = self._queryset(view).model
        return request.user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")


class SettingsRate:
    """Read the rate from the settings at each request (DRF binds it when the class is defined), and count in the
    cache every worker shares (DRF's default cache is each worker's own memory, which would multiply the limit)."""

    def get_rate(self):
        return settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][self.scope]

    @property
    def cache(self):
        return caches[settings.THROTTLE_CACHE]


class TokenThrottle(SettingsRate, UserRateThrottle):  # type: ignore[override]  # DRF only reads cache
    scope = "manage_token"


class AnonymousThrottle(SettingsRate, AnonRateThrottle):  # type: ignore[override]  # DRF only reads cache
    scope = "manage_anonymous"


def etag(value) -> str:
    """The ETag of a version number, or of a representation that has none (a hash of its JSON)."""
    if isinstance(value, int):
        return f'"{value}"'
    return f'"{json_fingerprint(value)[:32]}"'


def _stale(sent: IfMatch, current: str, version: int | None = None) -> StaleVersion:
    return StaleVersion(
        _(
            "This changed since you read it (you sent If-Match %(sent)s, the current ETag is %(current)s): "
            "read it again."
        )
        % {"sent": ", ".join(sent.tags), "current": current},
        current=version,
    )


def if_match(request, current: str) -> str:
    """Check the If-Match the client sent against the ETag `current` of the record, read under a lock: 428
    without one, 400 when malformed, StaleVersion (412) when it does not match."""
    sent = if_match_sent(request)
    if not sent.matches(current):
        raise _stale(sent, current)
    return current


def expected_version(request, version: int) -> int | None:
    """The version the services compare under their lock, from If-Match and `version`, the one just read:
    None for `*` (whatever version exists); `version` when a tag in the list is its ETag; otherwise a version the
    client names (a stale one: the service's 412 says who saved since), or a 412 here when it names none."""
    sent = if_match_sent(request)
    if sent.matches(etag(version)):
        return None if sent.any else version
    named = [int(tag[1:-1]) for tag in sent.tags if re.fullmatch(VERSION_TAG, tag)]
    if named:
        return named[0]
    raise _stale(sent, etag(version), version)


class ManageAPIMixin:
    authentication_classes: Sequence[type[BaseAuthentication]] = (TokenAuthentication,)
    permission_classes: Sequence["_PermissionClass"] = (ModelPermissions,)
    throttle_classes: Sequence[type[BaseThrottle]] = (TokenThrottle,)
    parser_classes: Sequence[type[BaseParser]] = (LimitedJSONParser,)

    def perform_authentication(self, request):
        """Requests without a valid token are throttled per IP before they are refused, so that
        guessing tokens is slow; DRF would otherwise refuse them before any throttle ran."""
        try:
            user = request.user
        except exceptions.AuthenticationFailed:
            self._throttle_anonymous(request)
            raise
        if not (user and user.is_authenticated):
            self._throttle_anonymous(request)

    # The actions that change a record the client read: they need If-Match.
    if_match_actions = frozenset({"update", "partial_update", "destroy"})

    def initial(self, request, *args, **kwargs):
        """What is wrong whatever version the client read comes first: a body that is not JSON or too large
        (400, 413), a missing or malformed If-Match (428, 400); then the fields (400), and only then whether
        the If-Match is the current version (412, in the view)."""
        super().initial(request, *args, **kwargs)
        # Only where the method is served: a PUT to a list is a 405 whatever its body (a viewset binds the methods of
        # its route only).
        if request.method in ("POST", "PUT", "PATCH") and hasattr(self, request.method.lower()):
            request.data  # noqa: B018 (parsing is the point)
        if getattr(self, "action", None) in self.if_match_actions:
            if_match_sent(request)

    def _throttle_anonymous(self, request) -> None:
        view = cast(APIView, self)  # the mixin is only ever mixed into DRF views
        throttle = AnonymousThrottle()
        if not throttle.allow_request(request, view):
            view.throttled(request, throttle.wait())  # type: ignore[arg-type]  # DRF's Throttled takes None too

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response.headers["Cache-Control"] = "private, no-store"
        return response
