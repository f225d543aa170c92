from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers

from core.api.views import OutputSerializer, PublicListViewSet
from publishing.api.cache import CachedPublicViewMixin, live_set_changed_at
from publishing.api.filters import PublishedFAQFilter
from publishing.api.languages import PublicLanguageMixin
from publishing.links import article_api_url
from publishing.models import PublishedFAQ


class FAQArticleSerializer(OutputSerializer, serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    url = serializers.URLField(help_text="The article's detail endpoint.")


class PublishedFAQSerializer(OutputSerializer, serializers.ModelSerializer):
    id = serializers.IntegerField(source="faq_id")
    article = serializers.SerializerMethodField()

    class Meta:
        model = PublishedFAQ
        fields = ["id", "position", "question", "answer_markdown", "answer_html", "article"]

    @extend_schema_field(FAQArticleSerializer)
    def get_article(self, faq: PublishedFAQ) -> dict:
        publication = faq.publication
        return {
            "slug": publication.slug,
            "title": publication.title,
            "url": article_api_url(self.context["request"], publication.slug, publication.language),
        }


@extend_schema_view(list=extend_schema(summary="FAQs of published articles, as published"))
class FAQViewSet(PublicLanguageMixin, CachedPublicViewMixin, PublicListViewSet):
    serializer_class = PublishedFAQSerializer
    filterset_class = PublishedFAQFilter

    def get_queryset(self):
        return (
            PublishedFAQ.objects.live(article_slug=self.request.query_params.get("article"), language=self.language)
            .select_related("publication")
            .only(
                "faq_id",
                "position",
                "question",
                "answer_markdown",
                "answer_html",
                "publication__slug",
                "publication__title",
                "publication__language",
            )
            .order_by("publication__title", "position", "pk")
        )

    def list(self, request, *args, **kwargs):
        self.last_modified = live_set_changed_at(request)
        return super().list(request, *args, **kwargs)
