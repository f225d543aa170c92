"""The public article shapes, rendered from the working copy.

Approval renders an article through `ArticleDetailSerializer` once and freezes
the result; the preview renders the working copy through the same serializer.
Both need the queryset shape of `Article.objects.with_content()`.
"""

from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from articles import content_model, prose
from articles.content_model import part_keys
from articles.models import FAQ, Article, CauseComparison, Citation, Contributor, KeyPoint, Section, Topic
from core import languages
from core.api.views import OutputSerializer
from core.models import SiteSettings
from core.readability import FORMULA_IDS, SCALES
from media.documents import image_document
from publishing.figures import article_images, fill_figures, placed_image_ids
from publishing.links import article_api_url
from references.serializers import ReferenceSerializer, notices_attach

LABEL_LANGUAGE = (
    "The language its texts are in: the one asked for (`?language=`) where it has a translation into it, else the "
    "site's default language."
)


class TopicRecordSerializer(OutputSerializer, serializers.ModelSerializer):
    """A topic as an approval freezes it, with its translations: /topics/ shows it in the language asked for."""

    class Meta:
        model = Topic
        fields = ["id", "slug", "name", "description", "translations"]


class TopicSerializer(TopicRecordSerializer):
    language = serializers.CharField(read_only=True, help_text=LABEL_LANGUAGE)

    class Meta:
        model = Topic
        fields = ["id", "slug", "name", "description", "language"]


class TopicSummarySerializer(OutputSerializer, serializers.ModelSerializer):
    """A topic in an article: named in the article's language where the topic has a translation into it."""

    class Meta:
        model = Topic
        fields = ["slug", "name"]


class ContributorRecordSerializer(OutputSerializer, serializers.ModelSerializer):
    """A person as an approval freezes them, with their translations."""

    roles = serializers.ListField(child=serializers.ChoiceField(choices=["author", "medical_reviewer"]), read_only=True)

    class Meta:
        model = Contributor
        fields = ["id", "slug", "name", "credentials", "roles", "bio", "translations"]


class ContributorSerializer(ContributorRecordSerializer):
    language = serializers.CharField(read_only=True, help_text=LABEL_LANGUAGE)

    class Meta:
        model = Contributor
        fields = ["id", "slug", "name", "credentials", "roles", "bio", "language"]


class ContributorSummarySerializer(OutputSerializer, serializers.ModelSerializer):
    class Meta:
        model = Contributor
        fields = ["slug", "name", "credentials"]


class KeyPointSerializer(OutputSerializer, serializers.ModelSerializer):
    class Meta:
        model = KeyPoint
        fields = ["position", *part_keys("key_points")]


class TableOfContentsEntrySerializer(OutputSerializer, serializers.ModelSerializer):
    class Meta:
        model = Section
        fields = ["heading", "anchor"]


class SectionSerializer(OutputSerializer, serializers.ModelSerializer):
    body_markdown = serializers.CharField(source="body")

    class Meta:
        model = Section
        fields = ["position", *part_keys("sections"), "body_html"]


class CauseComparisonSerializer(OutputSerializer, serializers.ModelSerializer):
    class Meta:
        model = CauseComparison
        fields = ["position", *part_keys("cause_comparisons")]


class FAQSerializer(OutputSerializer, serializers.ModelSerializer):
    answer_markdown = serializers.CharField(source="answer")

    class Meta:
        model = FAQ
        fields = ["id", "position", *part_keys("faqs"), "answer_html"]


class CitedReferenceSerializer(serializers.Serializer):
    """One entry of an article's numbered reference list."""

    number = serializers.IntegerField()

    def to_representation(self, citation: Citation):
        return {
            "number": citation.number,
            "anchor": citation.anchor,
            **ReferenceSerializer(citation.reference, context=self.context).data,
        }


class CitedReferenceSchemaSerializer(ReferenceSerializer):
    """The shape of `CitedReferenceSerializer`'s output, for the OpenAPI schema."""

    number = serializers.IntegerField()
    anchor = serializers.CharField(help_text="The id that in-text markers link to: [3] links to #ref-3.")

    class Meta(ReferenceSerializer.Meta):
        fields = ["number", "anchor", *ReferenceSerializer.Meta.fields]


class RenditionSerializer(OutputSerializer, serializers.Serializer):
    url = serializers.URLField(help_text="Content-addressed and immutable: a new image is a new address.")
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    format = serializers.ChoiceField(choices=["avif", "webp", "jpeg"])


class FocalPointSerializer(OutputSerializer, serializers.Serializer):
    x = serializers.FloatField(help_text="0 (left edge) to 1 (right edge).")
    y = serializers.FloatField(help_text="0 (top edge) to 1 (bottom edge).")


class ImageSerializer(OutputSerializer, serializers.Serializer):
    """The shape of an image in a document (`media.documents.image_document`), for the OpenAPI schema."""

    id = serializers.IntegerField()
    alt_text = serializers.CharField(help_text="Empty for a decorative image: screen readers skip it.")
    decorative = serializers.BooleanField()
    caption = serializers.CharField()
    credit = serializers.CharField()
    licence = serializers.CharField()
    width = serializers.IntegerField(help_text="Of the original, in pixels.")
    height = serializers.IntegerField(help_text="Of the original, in pixels.")
    focal_point = FocalPointSerializer(help_text="What a crop keeps in view.")
    renditions = RenditionSerializer(
        many=True, help_text="Widths in AVIF, WebP and JPEG, never wider than the original: a `srcset` per format."
    )


class TranslationSourceSerializer(OutputSerializer, serializers.Serializer):
    language = serializers.CharField(help_text="The source's language (BCP 47).")
    slug = serializers.CharField(help_text="The source's slug in its language.")
    version = serializers.IntegerField(help_text="The version of the source this translation was made from.")


class ReadabilitySerializer(OutputSerializer, serializers.Serializer):
    """How hard the text is to read, by the formula made for its language (`core.readability`), or
    `available: false` when its language has none: an English score is never given for other text."""

    language = serializers.CharField(help_text="The BCP 47 tag of the language the text was measured in.")
    available = serializers.BooleanField(
        help_text="false: no readability formula fits this language, and every score below is null."
    )
    formula = serializers.ChoiceField(
        choices=FORMULA_IDS,
        allow_null=True,
        help_text=(
            "flesch-kincaid (English), szigriszt-pazos (Spanish, read on the INFLESZ scale), amstad (German), "
            "kandel-moles (French); null when not available."
        ),
    )
    scale = serializers.ChoiceField(
        choices=SCALES,
        allow_null=True,
        help_text="How to read `score`: grade, a school year (lower is easier); ease, 0-100 (higher is easier).",
    )
    score = serializers.FloatField(allow_null=True, help_text="The formula's score; null when not available.")
    flesch_kincaid_grade = serializers.FloatField(
        allow_null=True, help_text="US school grade needed to follow the text. English text only, else null."
    )
    flesch_reading_ease = serializers.FloatField(
        allow_null=True, help_text="0-100; higher is easier. 60-70 is plain English. English text only, else null."
    )


class ArticleListItemSerializer(OutputSerializer, serializers.ModelSerializer):
    """An entry of the public article list.

    `published_at` and `updated_at` describe the publication (first publication,
    and when this version went live), so they come from the context when a
    publication is being rendered.
    """

    schema_description = (
        "A published article in the list: `published_at` is its first publication, `updated_at` when this "
        "version went live."
    )

    reading_time_minutes = serializers.SerializerMethodField()
    topics = serializers.SerializerMethodField()
    published_at = serializers.SerializerMethodField()
    updated_at = serializers.SerializerMethodField()
    # A live article was approved by a medical reviewer, who set both (publishing.services.editorial_steps); a preview
    # of one never approved has neither (ArticlePreviewSerializer).
    last_reviewed_at = serializers.DateTimeField(read_only=True)
    url = serializers.SerializerMethodField(help_text="This article's detail endpoint.")

    class Meta:
        model = Article
        fields = [
            "id",
            "slug",
            "title",
            "subtitle",
            "summary",
            "reading_time_minutes",
            "topics",
            "published_at",
            "updated_at",
            "last_reviewed_at",
            "language",
            "url",
        ]

    def get_reading_time_minutes(self, article: Article) -> int:
        return prose.reading_time_minutes(article)

    @extend_schema_field(TopicSummarySerializer(many=True))
    def get_topics(self, article: Article) -> list[dict]:
        """Each named in the article's language where the topic has a translation into it."""
        return [{"slug": topic.slug, "name": topic.name_in(article.language)} for topic in article.topics.all()]

    def _time(self, article: Article, name: str):
        value = self.context.get(name, getattr(article, name))
        return serializers.DateTimeField().to_representation(value) if value else None

    @extend_schema_field(serializers.DateTimeField())
    def get_published_at(self, article: Article):
        return self._time(article, "published_at")

    @extend_schema_field(serializers.DateTimeField())
    def get_updated_at(self, article: Article):
        return self._time(article, "updated_at")

    @extend_schema_field(serializers.URLField())
    def get_url(self, article: Article):
        return article_api_url(self.context.get("request"), article.slug)


@extend_schema_serializer(component_name="ArticleListItem")  # what clients have always called the list's item
class ArticleListEntrySerializer(ArticleListItemSerializer):
    """An entry of the public article list as served: the frozen list item, its URL and, for a search, where the
    words are. The frozen item itself (`publishing.services.freezing.list_item`) keeps the parent's fields."""

    schema_description = ArticleListItemSerializer.schema_description
    search_highlight = serializers.CharField(
        allow_null=True,
        help_text="With `search` only (else null): a short passage (about 200 characters) of the title, subtitle, "
        "summary or, in lower case, the rest of the article's text where the words are, as HTML: everything "
        "escaped but the matched words, each in `<mark>`. Null when the words were found by similarity in none of "
        "these.",
    )

    class Meta(ArticleListItemSerializer.Meta):
        fields = [*ArticleListItemSerializer.Meta.fields, "search_highlight"]


class ArticleDetailSerializer(ArticleListItemSerializer):
    schema_description = (
        "A published article with all its parts, exactly as its medical reviewer approved it: `published_at` "
        "is its first publication, `updated_at` when this version went live."
    )

    authors = ContributorSummarySerializer(many=True, read_only=True)
    medical_reviewer = ContributorSummarySerializer(read_only=True)
    next_review_due = serializers.DateField(read_only=True)
    disclaimer = serializers.SerializerMethodField(help_text="The article's own disclaimer, or the site's default.")
    readability = serializers.SerializerMethodField()
    key_points = KeyPointSerializer(many=True, read_only=True)
    table_of_contents = TableOfContentsEntrySerializer(source="sections", many=True, read_only=True)
    sections = SectionSerializer(many=True, read_only=True)
    cause_comparisons = CauseComparisonSerializer(many=True, read_only=True)
    faqs = FAQSerializer(many=True, read_only=True)
    references = serializers.SerializerMethodField()
    text_direction = serializers.SerializerMethodField(help_text="Which way the text runs: `ltr` or `rtl`.")
    translation_of = serializers.SerializerMethodField(
        help_text="For a translation, the article it was translated from, and from which version; null otherwise."
    )
    hero_image = serializers.SerializerMethodField(help_text="The image at the top of the article; null without one.")
    figures = serializers.SerializerMethodField(
        help_text=(
            "The images the texts place, in reading order, each once; in `intro_html`, `body_html` and `answer_html` "
            "each is a `<picture>` with a `srcset` per format."
        )
    )

    class Meta(ArticleListItemSerializer.Meta):
        fields = [
            *ArticleListItemSerializer.Meta.fields,
            "hero_image",
            "intro",
            "intro_html",
            "authors",
            "medical_reviewer",
            "next_review_due",
            "disclaimer",
            "audience",
            "sponsored",
            "funding",
            "conflicts_of_interest",
            "key_points",
            "table_of_contents",
            "sections",
            "comparison_intro",
            "cause_comparisons",
            "faqs",
            "figures",
            "references",
            "readability",
            "text_direction",
            "translation_of",
        ]

    def get_field_names(self, declared_fields, info):
        """The contract's fields in its order, then any other field the content model declares the document carries
        (`content_model`): a declared field is served, frozen with the approval and compared, without a list here."""
        names = super().get_field_names(declared_fields, info)
        declared = (spec.document_key for spec in content_model.ARTICLE if spec.document_key)
        return [*names, *(name for name in declared if name not in names)]

    def _site_settings(self) -> SiteSettings:
        """The settings the caller rendered with (an approval freezes them), else loaded once for this rendering."""
        if not self.context.get("site_settings"):
            self.context["site_settings"] = SiteSettings.load()  # type: ignore[index]  # a dict: the stub says Mapping
        return self.context["site_settings"]

    def _image_documents(self, article: Article) -> dict[int, dict]:
        """The article's images as the document shows them, made once per rendering of the article."""
        made = self.context.setdefault("image_documents", {})  # type: ignore[attr-defined]  # a dict: the stub says Mapping
        if article.pk not in made:
            made[article.pk] = {
                pk: image_document(image, language=article.language) for pk, image in article_images(article).items()
            }
        return made[article.pk]

    @extend_schema_field(ImageSerializer(allow_null=True))
    def get_hero_image(self, article: Article) -> dict | None:
        return self._image_documents(article).get(article.hero_image_id) if article.hero_image_id else None

    @extend_schema_field(ImageSerializer(many=True))
    def get_figures(self, article: Article) -> list[dict]:
        documents = self._image_documents(article)
        return [documents[pk] for pk in placed_image_ids(article) if pk in documents]

    def to_representation(self, article: Article):
        data = super().to_representation(article)
        documents = self._image_documents(article)
        if documents:
            for kind, name in content_model.rendered_fields():
                for row in [data] if kind is None else data[kind]:
                    row[name] = fill_figures(row[name], documents)
        return data

    def get_disclaimer(self, article: Article) -> str:
        if article.disclaimer:
            return article.disclaimer
        return self._site_settings().default_disclaimer

    @extend_schema_field(serializers.ChoiceField(choices=["ltr", "rtl"]))
    def get_text_direction(self, article: Article) -> str:
        return languages.text_direction(article.language)

    @extend_schema_field(TranslationSourceSerializer(allow_null=True))
    def get_translation_of(self, article: Article) -> dict | None:
        source = article.translation_of
        if source is None:
            return None
        return {"language": source.language, "slug": source.slug, "version": article.source_version}

    @extend_schema_field(ReadabilitySerializer(allow_null=True))
    def get_readability(self, article: Article):
        # The language of the article's text: the site's until articles carry their own.
        scores = prose.readability(article, language=article.language)
        return None if scores is None else scores.as_block()

    @extend_schema_field(CitedReferenceSchemaSerializer(many=True))
    def get_references(self, article: Article):
        citations = prose.parts(article, "citations")
        notices_attach([citation.reference for citation in citations])
        context = {**self.context, "citation_style": self._site_settings().citation_style}
        return CitedReferenceSerializer(citations, many=True, context=context).data


class TranslationLinkSerializer(OutputSerializer, serializers.Serializer):
    language = serializers.CharField(help_text="BCP 47: the `hreflang` of a link to it.")
    slug = serializers.CharField()
    title = serializers.CharField()
    url = serializers.URLField(help_text="Its detail endpoint.")


class PublishedArticleSerializer(ArticleDetailSerializer):
    """The detail as the API serves it: the frozen document and what is said about its languages as they are live
    now (`publishing.api.articles.translations_of`). Only for the schema: the view adds the two fields."""

    schema_description = ArticleDetailSerializer.schema_description
    translations = TranslationLinkSerializer(
        many=True, read_only=True, help_text="The article in the other languages it is live in, for hreflang links."
    )
    source_updated_since_translation = serializers.BooleanField(
        read_only=True,
        help_text="A translation whose source has gone live with a newer version than the one it was translated "
        "from: the text may be behind its source. Always false for an article that is not a translation.",
    )

    class Meta(ArticleDetailSerializer.Meta):
        fields = [*ArticleDetailSerializer.Meta.fields, "translations", "source_updated_since_translation"]
        ref_name = "ArticleDetail"  # what the schema and the generated clients have always called the detail


class ArticlePreviewSerializer(ArticleDetailSerializer):
    """The working copy in the public detail format (a preview link): what a live article always has, one never
    approved or published may lack."""

    schema_description = (
        "A working copy in the public detail format: as a published article, but `published_at` is null until it "
        "is published, and the review fields (`medical_reviewer`, `last_reviewed_at`, `next_review_due`) are null "
        "until a medical reviewer approves it."
    )

    medical_reviewer = ContributorSummarySerializer(read_only=True, allow_null=True)
    last_reviewed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    next_review_due = serializers.DateField(read_only=True, allow_null=True)

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_published_at(self, article: Article):
        return super().get_published_at(article)
