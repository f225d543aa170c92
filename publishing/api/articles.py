from django.http import HttpResponsePermanentRedirect
from django.utils.cache import get_conditional_response
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from articles.models import Contributor, Topic
from articles.models.people import label_in
from core import languages
from core.api.renderers import FirstRendererNegotiation, JSONLDRenderer
from core.api.views import PublicReadOnlyViewSet, VaryOnAcceptMixin, public_cache_control
from core.fingerprint import json_fingerprint
from core.highlight import search_highlight
from core.readability import current_block
from publishing import surrogate_keys
from publishing.api.cache import CachedPublicViewMixin, live_set_changed_at
from publishing.api.filters import PublishedArticleFilter
from publishing.api.languages import PublicLanguageMixin
from publishing.jsonld import translation_links
from publishing.links import article_api_url, site_settings_of
from publishing.models import Publication
from publishing.preview import (
    PreviewExpired,
    PreviewInvalid,
    PreviewRefused,
    PreviewRevoked,
    PreviewSuperseded,
    preview_article,
    preview_document,
    preview_headers,
)
from publishing.selectors import (
    live_translation_groups,
    publications_languages_of_slug,
    publications_slug_moved_to,
    published_records,
)
from publishing.serializers import (
    ArticleDetailSerializer,
    ArticleListEntrySerializer,
    ArticlePreviewSerializer,
    ContributorSerializer,
    PublishedArticleSerializer,
    TopicSerializer,
)


def with_url(request, entry: dict) -> dict:
    return {**entry, "url": article_api_url(request, entry["slug"], entry.get("language"))}


def list_entry(request, publication: Publication, words: list[str]) -> dict:
    """A publication's frozen list item as the list serves it; for a search (`words`), with where they are."""
    item = publication.list_item
    if not words:
        return {**with_url(request, item), "search_highlight": None}
    texts = (item["title"], item["subtitle"], item["summary"], publication.search_text)
    # A misspelt word is found in the title, subtitle and summary (the terms of the typo search): marked there too.
    return {**with_url(request, item), "search_highlight": search_highlight(words, texts, alike_in=3)}


class NotInLanguage(NotFound):
    """A slug that is live in other languages than the one asked for: a 404 that lists them."""


class NotInLanguageSerializer(serializers.Serializer):
    detail = serializers.CharField()
    available_languages = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="The languages this address is live in: ask again with one of them as `?language=`.",
    )


def _source_in(group: list[dict], publication: Publication) -> dict | None:
    """The live entry of the publication's source among its group's (`live_translation_groups`), if it is live."""
    return next((entry for entry in group if entry["article_id"] == publication.source_article_id), None)


def translations_of(publications: list[Publication], request) -> dict[int, dict]:
    """What each detail says about its article's other languages as they are live now, by publication id, in one
    query (not frozen with the document: a translation going live, or its source moving on, changes it):
    `translations` for hreflang links, and for a translation whether its source went live with a newer version than
    the one it follows."""
    groups: dict = {}
    for entry in live_translation_groups([p.translation_key for p in publications if p.translation_key]):
        groups.setdefault(entry["translation_key"], []).append(entry)
    said = {}
    for publication in publications:
        group = groups.get(publication.translation_key, [])
        source = _source_in(group, publication)
        said[publication.pk] = {
            "translations": [
                {
                    "language": entry["language"],
                    "slug": entry["slug"],
                    "title": entry["title"],
                    "url": article_api_url(request, entry["slug"], entry["language"]),
                }
                for entry in group
                if entry["article_id"] != publication.article_id
            ],
            "source_updated_since_translation": bool(
                source is not None and (publication.source_version or 0) < (source["version"] or 0)
            ),
        }
    return said


def served_document(request, document: dict) -> dict:
    """A live article's frozen document as the API serves it: with its URL, and its readability block in today's
    shape (one frozen before texts were measured in their language holds only the English Flesch scores)."""
    return {**with_url(request, document), "readability": current_block(document["readability"])}


class SlugMoved(Exception):
    """The article left this slug for another one: answered with a permanent redirect."""

    def __init__(self, location: str):
        self.location = location


@extend_schema_view(
    list=extend_schema(
        summary="Published articles, newest first; with `search`, the most relevant first",
        responses=ArticleListEntrySerializer(many=True),
    ),
    retrieve=extend_schema(
        summary="One published article with all its parts",
        responses={
            200: PublishedArticleSerializer,
            404: OpenApiResponse(
                NotInLanguageSerializer,
                description="No published article has this address, or it has in other languages only "
                "(`available_languages` lists them)",
            ),
        },
    ),
)
class ArticleViewSet(PublicLanguageMixin, CachedPublicViewMixin, PublicReadOnlyViewSet):
    """Reads publications only: a working copy never reaches these endpoints."""

    lookup_field = "slug"
    serializer_class = ArticleDetailSerializer

    @property
    def filterset_class(self):
        return PublishedArticleFilter if self.action == "list" else None

    def get_queryset(self):
        return Publication.objects.live().filter(language=self.language).order_by("-first_published_at", "-pk")

    def list(self, request, *args, **kwargs):
        self.last_modified = live_set_changed_at(request)
        words = request.query_params.get("search", "").lower().split()
        # A search's passages come from the page's own rows: their search text is read with their list items.
        shown = ("list_item", "search_text") if words else ("list_item",)
        queryset = self.filter_queryset(self.get_queryset()).only(*shown)
        self.surrogate_key = self._list_surrogate_key(request)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response([list_entry(request, item, words) for item in page])

    @staticmethod
    def _list_surrogate_key(request) -> str:
        """A list narrowed to one topic changes only with that topic's articles; every other list with any."""
        slug = request.query_params.get("topic")
        topic_id = Topic.objects.filter(slug=slug).values_list("pk", flat=True).first() if slug else None
        return surrogate_keys.LISTS if topic_id is None else surrogate_keys.topic_lists_key(topic_id)

    def get_object(self):
        """The live publication under the slug; a slug the article left answers with a redirect to its new one.

        One query when the slug is live. `.first()` rather than `.get()`: a slug belongs to one article at
        every moment (publishing refuses a slug another article holds), and a read never answers 500.
        """
        slug = self.kwargs["slug"]
        publication = self.get_queryset().filter(slug=slug).first()
        if publication is not None:
            return publication
        moved_to = publications_slug_moved_to(slug, language=self.language)
        if moved_to is not None:
            path = self.request.path.replace(f"/articles/{slug}/", f"/articles/{moved_to}/", 1)
            query = self.request.META.get("QUERY_STRING")
            raise SlugMoved(self.request.build_absolute_uri(f"{path}?{query}" if query else path))
        available = publications_languages_of_slug(slug)
        if available:
            raise NotInLanguage(
                {
                    "detail": _("This article is not published in %(language)s.") % {"language": self.language},
                    "available_languages": available,
                }
            )
        raise NotFound(_("No published article has this address."))

    def handle_exception(self, exc):
        if isinstance(exc, SlugMoved):
            response = HttpResponsePermanentRedirect(exc.location)
            public_cache_control(response)
            return response
        if self.action == "jsonld":  # an error is not JSON-LD: plain JSON, like every error of the API
            self.request.accepted_renderer, self.request.accepted_media_type = JSONRenderer(), JSONRenderer.media_type
        return super().handle_exception(exc)

    def retrieve(self, request, *args, **kwargs):
        publication = self.get_object()
        self.last_modified = publication.last_modified
        self.surrogate_key = surrogate_keys.article_key(publication.article_id)
        translations = translations_of([publication], request)[publication.pk]
        etag = f'"{publication.etag}"'
        if translations["translations"] or translations["source_updated_since_translation"]:
            etag = f'"{json_fingerprint([publication.etag, translations])[:32]}"'  # the frozen part and the live part
        not_modified = get_conditional_response(
            request, etag=etag, last_modified=int(publication.last_modified.timestamp())
        )
        if not_modified is not None:
            return Response(status=not_modified.status_code, headers={"ETag": etag})
        return Response({**served_document(request, publication.document), **translations}, headers={"ETag": etag})

    @extend_schema(
        summary="schema.org JSON-LD of one published article",
        description=(
            "A `@graph` with a `MedicalWebPage` (headline, abstract, dates, lastReviewed, reviewedBy, author, "
            "about, citation, audience, medicalAudience, inLanguage) and, when the article has FAQs, an `FAQPage`. "
            "Frozen at publish time, like the article itself, but for `translationOfWork` and `workTranslation`: the "
            "article's source and translations as they are live now. Served as `application/ld+json`."
        ),
        responses={
            (200, "application/ld+json"): OpenApiTypes.OBJECT,
            (404, "application/json"): OpenApiResponse(
                NotInLanguageSerializer,
                description="No published article has this address, or it has in other languages only "
                "(`available_languages` lists them)",
            ),
        },
    )
    @action(
        detail=True,
        url_path="jsonld",
        renderer_classes=[JSONLDRenderer],
        content_negotiation_class=FirstRendererNegotiation,
    )
    def jsonld(self, request, *args, **kwargs):
        publication = self.get_object()
        self.last_modified = publication.last_modified
        self.surrogate_key = surrogate_keys.article_key(publication.article_id)
        group = live_translation_groups([publication.translation_key] if publication.translation_key else [])
        source = _source_in(group, publication)
        made_from_it = [entry for entry in group if entry["source_article_id"] == publication.article_id]
        return Response(
            translation_links(
                publication.jsonld, source=source, translations=made_from_it, site_settings=site_settings_of(request)
            )
        )


class PublishedRecordViewSet(PublicLanguageMixin, CachedPublicViewMixin, PublicReadOnlyViewSet):
    """Topics or people as live publications approved them: each once, by name; by slug for one; in the language
    asked for (`?language=`) where the record has a translation into it, else in the site's default language,
    each record's `language` saying which."""

    kind = ""
    lookup_field = "slug"
    translated: tuple[str, ...] = ()

    def get_queryset(self):
        return published_records(self.kind).only("data").order_by("name", "pk")

    def shown(self, record) -> dict:
        default = languages.normalize(site_settings_of(self.request).language)
        return label_in(record.data, fields=self.translated, language=self.language, default=default)

    def list(self, request, *args, **kwargs):
        self.last_modified = live_set_changed_at(request)
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response([self.shown(record) for record in page])

    def retrieve(self, request, *args, **kwargs):
        record = self.get_object()
        # What a record's detail shows changes only with the live set (a publication naming it goes live, or the
        # one that gave it leaves), so its Last-Modified is the live set's, as the lists': a time that only moves
        # forward, where the giving publication's own could move back when a newer one is withdrawn. Django's
        # conditional GET middleware answers If-Modified-Since with it (a 304).
        self.last_modified = live_set_changed_at(request)
        return Response(self.shown(record))


@extend_schema_view(
    list=extend_schema(summary="Topics of published articles", responses=TopicSerializer(many=True)),
    retrieve=extend_schema(summary="One topic", responses=TopicSerializer),
)
class TopicViewSet(PublishedRecordViewSet):
    kind = "topic"
    translated = Topic.TRANSLATED
    serializer_class = TopicSerializer


@extend_schema_view(
    list=extend_schema(
        summary="Authors and medical reviewers of published articles", responses=ContributorSerializer(many=True)
    ),
    retrieve=extend_schema(summary="One contributor", responses=ContributorSerializer),
)
class ContributorViewSet(PublishedRecordViewSet):
    kind = "contributor"
    translated = Contributor.TRANSLATED
    serializer_class = ContributorSerializer


class PreviewRefusalSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong and what to do, in words.")
    code = serializers.ChoiceField(
        choices=[PreviewExpired.code, PreviewInvalid.code, PreviewRevoked.code, PreviewSuperseded.code],
        help_text="Why the link shows nothing, for a frontend to word it its own way.",
    )
    version = serializers.IntegerField(
        required=False, help_text="`preview_superseded` only: the version of the working copy the link was made for."
    )
    current_version = serializers.IntegerField(
        required=False, help_text="`preview_superseded` only: the version the working copy is at now."
    )


def preview_refusal(error: PreviewRefused) -> tuple[int, dict]:
    """The status and body of the JSON preview's answer to a link that shows nothing."""
    if isinstance(error, PreviewExpired):
        return error.status, {"detail": _("This preview link has expired. Make a new one in the admin.")}
    if isinstance(error, PreviewRevoked):
        return error.status, {"detail": _("This preview link has been revoked. Ask an editor for a new one.")}
    if isinstance(error, PreviewSuperseded):
        detail = _(
            "This preview link is for version %(version)s of the article, which has been edited since (it is at "
            "version %(current)s). Make a new link in the admin to see the latest version."
        ) % {"version": error.version, "current": error.current_version}
        return error.status, {"detail": detail, "version": error.version, "current_version": error.current_version}
    return error.status, {"detail": _("No preview matches this link.")}


class ArticlePreviewView(VaryOnAcceptMixin, APIView):
    """One version of the working copy of one article, in the public detail format, for a signed, expiring token.

    The token is the only credential, so no login is read; responses are
    private and never stored by caches.
    """

    authentication_classes = ()
    permission_classes = (AllowAny,)

    @extend_schema(
        summary="Preview a working copy (draft) with a token made in the admin",
        description=(
            "The working copy in the public detail format, for the signed, expiring token in a preview link. "
            "A link opens the version of the working copy it was made for only: once the article is saved again, "
            "it answers 410 with `code` `preview_superseded` (and both versions), and a new link shows the new "
            "version. Editors can revoke every link of an article made so far (410, `preview_revoked`). "
            "The token is the only credential; the response is never stored by caches."
        ),
        responses={
            200: ArticlePreviewSerializer,
            403: OpenApiResponse(PreviewRefusalSerializer, description="The link has expired (`preview_expired`)"),
            404: OpenApiResponse(
                PreviewRefusalSerializer,
                description="The link is not valid, or its article was deleted (`preview_invalid`)",
            ),
            410: OpenApiResponse(
                PreviewRefusalSerializer,
                description=(
                    "The link was revoked (`preview_revoked`; links made before they named a version count as "
                    "revoked), or the article was edited since it was made (`preview_superseded`)"
                ),
            ),
        },
    )
    def get(self, request, token: str):
        try:
            article = preview_article(token)
        except PreviewRefused as error:
            status_code, body = preview_refusal(error)
            return Response({**body, "code": error.code}, status=status_code)
        return Response(preview_document(article, request), headers=preview_headers(article))

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response.headers["Cache-Control"] = "private, no-store"
        response.headers["X-Robots-Tag"] = "noindex"
        return response
