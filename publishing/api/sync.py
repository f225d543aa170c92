"""/api/v1/sync/: the live set for apps that keep articles offline (see `publishing.sync`)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.filters import StrictFilterBackend
from core.api.views import OutputSerializer, VaryOnAcceptMixin
from publishing.api.articles import served_document, translations_of
from publishing.api.languages import PublicLanguageMixin
from publishing.serializers import PublishedArticleSerializer
from publishing.sync import SyncTokenAhead, SyncTokenInvalid, SyncTokenOtherLanguage, sync_page

PARAMETERS = ("initial", "sync_token")


class SyncPageSerializer(OutputSerializer, serializers.Serializer):
    items = PublishedArticleSerializer(
        many=True, help_text="Live articles to store (or replace, by `id`), whole, as their detail serves them."
    )
    deleted = serializers.ListField(
        child=serializers.CharField(), help_text="Slugs to remove: no live article has them any more."
    )
    deleted_ids = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="Ids of articles to remove: no longer live (for stores keyed by `id`; a slug may have passed "
        "to another article meanwhile, which `deleted` leaves out).",
    )
    next_page_token = serializers.CharField(
        allow_null=True,
        help_text="More changes follow: ask for them with `?sync_token=` and this. Null on the last page.",
    )
    next_sync_token = serializers.CharField(
        allow_null=True,
        help_text="On the last page: keep it, and ask `?sync_token=` with it later for what changed since.",
    )


class SyncView(PublicLanguageMixin, VaryOnAcceptMixin, APIView):
    """Not cached by the response cache or by CDNs: a page depends on the time it is asked for."""

    authentication_classes = ()
    permission_classes = (AllowAny,)

    @extend_schema(
        summary="Sync the live articles to an offline store",
        description=(
            "`?initial=true` starts: every live article, a page at a time (each page but the last carries "
            "`next_page_token`; the last carries `next_sync_token`). Later, `?sync_token=` with the "
            "`next_sync_token` returns only the articles published or republished since, in `deleted` "
            "the slugs that are no longer live and in `deleted_ids` the ids of articles no longer live, with a "
            "new `next_sync_token`. Apply the deletions first, then store `items`. Tokens are opaque; a "
            "malformed token, or one this server cannot have made yet, is a 400."
        ),
        parameters=[
            OpenApiParameter("initial", str, enum=["true"], description="Start an initial sync."),
            OpenApiParameter("sync_token", str, description="A `next_page_token` or `next_sync_token` you were given."),
        ],
        responses=SyncPageSerializer,
    )
    def get(self, request):
        token = self._token(request)
        try:
            page = sync_page(token=token, language=self.language)
        except SyncTokenAhead as error:
            raise ValidationError(
                {
                    "sync_token": [
                        _(
                            "This token is ahead of this server (its content was restored from an earlier backup, or "
                            "its clock is behind): start again with ?initial=true."
                        )
                    ]
                }
            ) from error
        except SyncTokenOtherLanguage as error:
            raise ValidationError(
                {
                    "sync_token": [
                        _("This token is for the articles in %(language)s: ask with ?language=%(language)s.")
                        % {"language": error.language}
                    ]
                }
            ) from error
        except SyncTokenInvalid as error:
            raise ValidationError(
                {"sync_token": [_("Not a token this server gave: start again with ?initial=true.")]}
            ) from error
        live_parts = translations_of(page.publications, request)
        body = {
            "items": [
                {**served_document(request, publication.document), **live_parts[publication.pk]}
                for publication in page.publications
            ],
            "deleted": page.deleted,
            "deleted_ids": page.deleted_ids,
            "next_page_token": page.next_page_token,
            "next_sync_token": page.next_sync_token,
        }
        return Response(body, headers={"Cache-Control": "no-store"})

    def _token(self, request) -> str | None:
        """The sync token, None to start; a 400 naming the parameter for anything else."""
        StrictFilterBackend().check_values(request)
        StrictFilterBackend.check_known(request, {*PARAMETERS, *self.extra_query_parameters})
        params = request.query_params
        if "initial" in params and "sync_token" in params:
            raise ValidationError({"initial": [_("Give either initial=true or sync_token, not both.")]})
        if "sync_token" in params:
            return params["sync_token"]
        if params.get("initial") == "true":
            return None
        if "initial" in params:
            raise ValidationError({"initial": [_("The only value is true.")]})
        raise ValidationError({"sync_token": [_("Give the sync token you were given, or initial=true to start.")]})
