"""/api/v1/search/suggest/: search as you type, over what the public sees (live articles' titles, public topics)."""

from urllib.parse import urlencode

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core import languages
from core.api.filters import StrictFilterBackend
from core.api.views import OutputSerializer, PublicAPIMixin
from publishing.api.cache import CachedPublicViewMixin, live_set_changed_at
from publishing.api.languages import PublicLanguageMixin
from publishing.links import article_api_url, site_settings_of
from publishing.selectors import SUGGESTIONS, title_suggestions, topic_suggestions

QUERY = "q"
QUERY_CHARACTERS = 100
SUGGESTION_KINDS = ("article", "topic")


class SuggestQuerySerializer(serializers.Serializer):
    q = serializers.CharField(max_length=QUERY_CHARACTERS)


class SuggestionSerializer(OutputSerializer, serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=SUGGESTION_KINDS, help_text="A live article (its title) or a topic (its name)."
    )
    text = serializers.CharField(help_text="What to show: the article's title or the topic's name, as plain text.")
    slug = serializers.CharField(help_text="The article's or the topic's slug.")
    url = serializers.URLField(help_text="The article's detail, or the topic's articles (the list by `topic`).")


class SuggestionListSerializer(OutputSerializer, serializers.Serializer):
    suggestions = SuggestionSerializer(many=True, help_text=f"At most {SUGGESTIONS}: articles first, then topics.")


class SuggestView(PublicLanguageMixin, CachedPublicViewMixin, PublicAPIMixin, APIView):
    """Anonymous, cached and throttled as the article list; never shows what is not live."""

    @extend_schema(
        summary="Search suggestions as you type",
        description=(
            f"At most {SUGGESTIONS} suggestions for `q`: the titles of live articles (in `language`) with a word "
            "beginning with each word of `q`, those beginning with `q` first, then the topics whose name has one. "
            "A word of five letters or more that begins none finds titles and topics with a word like it "
            "(magnesum: Magnesium). Cached as the lists are."
        ),
        parameters=[
            OpenApiParameter(
                QUERY,
                {"type": "string", "minLength": 1, "maxLength": QUERY_CHARACTERS, "pattern": r"\S"},
                required=True,
                description="What was typed: a character that is not whitespace, at most 100 in all.",
            )
        ],
        responses={200: SuggestionListSerializer, 400: OpenApiResponse(description="`q` missing, empty or too long")},
    )
    def get(self, request):
        StrictFilterBackend.check_known(request, {QUERY, *self.extra_query_parameters})
        asked = SuggestQuerySerializer(data={QUERY: request.query_params.get(QUERY, "")})
        asked.is_valid(raise_exception=True)
        query = asked.validated_data[QUERY]
        self.last_modified = live_set_changed_at(request)
        default = languages.normalize(site_settings_of(request).language)
        articles = [
            {"kind": "article", "text": found["title"], "slug": found["slug"],
             "url": article_api_url(request, found["slug"], self.language)}
            for found in title_suggestions(query, language=self.language)
        ]  # fmt: skip
        topics = [
            {"kind": "topic", "text": found["name"], "slug": found["slug"], "url": self._topic_url(found["slug"])}
            for found in topic_suggestions(query, language=self.language, default=default)
        ]
        return Response({"suggestions": [*articles, *topics][:SUGGESTIONS]})

    def _topic_url(self, slug: str) -> str:
        path = reverse("public:article-list")
        return self.request.build_absolute_uri(f"{path}?{urlencode({'topic': slug, 'language': self.language})}")
