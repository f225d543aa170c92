from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.links import article_api_url
from faq.models import FAQ, PublishedFAQ


class FAQSerializer(serializers.ModelSerializer):
    answer_markdown = serializers.CharField(source="answer")

    class Meta:
        model = FAQ
        fields = ["id", "position", "question", "answer_markdown", "answer_html"]


class FAQArticleSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    url = serializers.URLField(help_text="The article's detail endpoint.")


class PublishedFAQSerializer(serializers.ModelSerializer):
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
            "url": article_api_url(self.context["request"], publication.slug),
        }
