from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from rest_framework import mixins, viewsets
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import AllowAny

from core.api.renderers import FirstRendererNegotiation

if TYPE_CHECKING:
    from rest_framework.permissions import _PermissionClass


def public_cache_control(response) -> None:
    """Shared caches and CDNs may keep a public response: for max-age, then stale while they revalidate."""
    patch_cache_control(
        response,
        public=True,
        max_age=settings.PUBLIC_API_MAX_AGE,
        stale_while_revalidate=settings.PUBLIC_API_STALE_WHILE_REVALIDATE,
    )


class VaryOnAcceptMixin:
    """An endpoint with one representation answers an Accept header that admits none of it with 406, so what it sends
    depends on Accept: `Vary: Accept` tells shared caches and CDNs to key on it (a 406 stored for one client must not
    be served to another). Not where the representation is served whatever Accept says (the JSON-LD)."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if not isinstance(self.get_content_negotiator(), FirstRendererNegotiation):
            patch_vary_headers(response, ("Accept",))
        return response


class PublicAPIMixin(VaryOnAcceptMixin):
    """What every public delivery endpoint shares.

    Public responses never depend on who asks (no authentication is even
    read), so shared caches and CDNs may keep them. ETags come from
    Django's ConditionalGetMiddleware unless a view sets a stored one;
    views set `self.last_modified` when they know it.
    """

    authentication_classes: Sequence[type[BaseAuthentication]] = ()
    permission_classes: Sequence["_PermissionClass"] = (AllowAny,)
    last_modified = None
    # What the response shows, for its Surrogate-Key and Cache-Tag headers: the app's views set it (the public
    # API's keys are publishing.surrogate_keys).
    surrogate_key: str

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code in (200, 304):
            public_cache_control(response)
            response.headers["Surrogate-Key"] = response.headers["Cache-Tag"] = self.surrogate_key
            if self.last_modified is not None:
                response.headers["Last-Modified"] = http_date(self.last_modified.timestamp())
        return response


class PublicReadOnlyViewSet(PublicAPIMixin, viewsets.ReadOnlyModelViewSet):
    pass


class PublicListViewSet(PublicAPIMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    pass


class OutputSerializer:
    """A serializer that only renders: every field is read-only, so the schema marks each one as
    always present (required) in responses, as it is."""

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            field.read_only = True
        return fields
