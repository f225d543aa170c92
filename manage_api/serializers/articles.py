"""Articles in the management API: one shape to read a working copy, another to write one.

The write serializers only check the shape of what was sent (field types, lengths, known names,
references that exist); every editing rule is the editing service's, as in the admin.
"""

from django.db.models import Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail

from articles import content_model
from articles.content_model import edited_fields, part_keys
from articles.edit_plan import ArticleEdit
from articles.lifecycle import steps_chosen
from articles.models import FAQ, Article, CauseComparison, Citation, Contributor, KeyPoint, Section, Topic
from core import languages
from core.api.views import OutputSerializer
from core.markdown_limits import MAX_CHARACTERS
from core.models import SiteSettings
from core.text import validate_slug_characters
from manage_api.serializers.strict import PartsField, StrictSerializerMixin
from references.identifiers import normalize_doi, normalize_pmid
from references.models import Reference

# At most this many rows of one kind in one request (a 400 above it).
MAX_PARTS = 200

# API name -> model field, where the API says what the field holds (Markdown): the frozen document's key.
RENAMED = {
    spec.document_key: spec.name
    for part in content_model.PARTS.values()
    for spec in part.fields
    if spec.document_key and spec.document_key != spec.name
}


# Reading


class KeyPointOut(OutputSerializer, serializers.ModelSerializer):
    class Meta:
        model = KeyPoint
        fields = ["id", "position", *part_keys("key_points")]


class SectionOut(OutputSerializer, serializers.ModelSerializer):
    body_markdown = serializers.CharField(source="body")

    class Meta:
        model = Section
        fields = ["id", "position", *part_keys("sections")]


class CauseComparisonOut(OutputSerializer, serializers.ModelSerializer):
    class Meta:
        model = CauseComparison
        fields = ["id", "position", *part_keys("cause_comparisons")]


class FAQOut(OutputSerializer, serializers.ModelSerializer):
    answer_markdown = serializers.CharField(source="answer")

    class Meta:
        model = FAQ
        fields = ["id", "position", *part_keys("faqs")]


class CitedReferenceOut(OutputSerializer, serializers.ModelSerializer):
    class Meta:
        model = Reference
        fields = ["id", "title", "doi", "pmid"]


class CitationOut(OutputSerializer, serializers.ModelSerializer):
    reference = CitedReferenceOut()

    class Meta:
        model = Citation
        fields = ["id", "number", "reference"]


class TranslationOfIO(serializers.Serializer):
    slug = serializers.CharField(max_length=200, help_text="The source article's slug.")
    language = serializers.CharField(max_length=20, help_text="The source article's language.")


class ArticleOut(OutputSerializer, serializers.ModelSerializer):
    """A working copy, in any state, with its version (also its ETag)."""

    schema_description = "A working copy, in any state, with its version (also its ETag)."

    authors: "serializers.SlugRelatedField[Contributor]" = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True
    )
    topics: "serializers.SlugRelatedField[Topic]" = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True
    )
    medical_reviewer: "serializers.SlugRelatedField[Contributor]" = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    key_points = KeyPointOut(many=True)
    sections = SectionOut(many=True)
    cause_comparisons = CauseComparisonOut(many=True)
    faqs = FAQOut(many=True)
    citations = CitationOut(many=True)
    translation_of = serializers.SerializerMethodField(
        help_text="For a translation, the article it was made from (null otherwise)."
    )

    class Meta:
        model = Article
        fields = "__all__"  # the names are `field_names()`, read from the declaration when the serializer is built

    @staticmethod
    def field_names() -> list[str]:
        """The working copy: its state, every declared field (`content_model`), its translation group, its parts."""
        return [
            "id", "version", "status", *(spec.name for spec in content_model.ARTICLE), "published_at", "created_at",
            "updated_at", "translation_key", "translation_of", "source_version", *content_model.PARTS,
        ]  # fmt: skip

    @extend_schema_field(TranslationOfIO(allow_null=True))
    def get_translation_of(self, article: Article) -> dict | None:
        source = article.translation_of
        return None if source is None else {"slug": source.slug, "language": source.language}

    def get_field_names(self, declared_fields, info):
        return self.field_names()

    def get_extra_kwargs(self):
        return {name: {"read_only": True} for name in self.field_names()}


class ArticleListOut(OutputSerializer, serializers.ModelSerializer):
    class Meta:
        model = Article
        fields = [
            "id",
            "slug",
            "language",
            "version",
            "status",
            "title",
            "updated_at",
            "published_at",
            "next_review_due",
        ]
        read_only_fields = fields


# Writing


@extend_schema_field({"type": "string", "maxLength": MAX_CHARACTERS})
class MarkdownField(serializers.CharField):
    """A Markdown text: the schema states the length limit; the editing service checks it and the others
    (links, emphasis, nesting…, `core.markdown_limits`) with the message the admin shows too."""


class PartIn(StrictSerializerMixin, serializers.ModelSerializer):
    id = serializers.IntegerField(required=False, help_text="A stored row of this article; leave out for a new row.")


class KeyPointIn(PartIn):
    class Meta:
        model = KeyPoint
        fields = ["id", *part_keys("key_points")]


class SectionIn(PartIn):
    body_markdown = MarkdownField(source="body")
    anchor = serializers.SlugField(
        required=False,
        allow_blank=True,
        allow_unicode=True,
        max_length=220,
        validators=[validate_slug_characters],
        help_text="Filled in from the heading.",
    )

    class Meta:
        model = Section
        fields = ["id", *part_keys("sections")]


class CauseComparisonIn(PartIn):
    class Meta:
        model = CauseComparison
        fields = ["id", *part_keys("cause_comparisons")]


class FAQIn(PartIn):
    answer_markdown = MarkdownField(source="answer")

    class Meta:
        model = FAQ
        fields = ["id", *part_keys("faqs")]


class CitationIn(StrictSerializerMixin, serializers.Serializer):
    """A cited reference, named by its id, its DOI or its PubMed ID (one of them)."""

    schema_description = "A cited reference, named by its id, its DOI or its PubMed ID (one of them)."
    # Exactly one of them is sent: the schema says so as `oneOf` of these, each `required` (core.api.schema).
    schema_one_of_required = ("reference", "doi", "pmid")

    id = serializers.IntegerField(required=False, help_text="A stored citation of this article.")
    reference = serializers.IntegerField(required=False, help_text="The reference's id.")
    doi = serializers.CharField(required=False, max_length=200)
    pmid = serializers.CharField(required=False, max_length=12)

    def validate(self, data):
        named = [name for name in self.schema_one_of_required if data.get(name)]
        if len(named) != 1:
            raise serializers.ValidationError(_("Name the reference by exactly one of: reference (its id), doi, pmid."))
        name = named[0]
        lookup = {
            "reference": Q(pk=data.get("reference")),
            "doi": Q(doi=normalize_doi(data.get("doi", ""))),
            "pmid": Q(pmid=normalize_pmid(data.get("pmid", ""))),
        }[name]
        reference = Reference.objects.filter(lookup).first()
        if reference is None:
            raise serializers.ValidationError({name: [_("No reference has this %(name)s.") % {"name": name}]})
        return {"id": data.get("id"), "reference": reference}


PART_LISTS = tuple(content_model.PARTS)


def parts_field(child, **kwargs):
    too_many = f"At most {MAX_PARTS} rows of one kind in one request: send the article in a smaller form."
    return PartsField(
        child=child, required=False, max_length=MAX_PARTS, error_messages={"max_length": too_many}, **kwargs
    )


class ArticleIn(StrictSerializerMixin, serializers.ModelSerializer):
    """What a client sends to create or change an article. Lists are complete and in reading order: a row
    with an id keeps that row, one without is new, a stored row left out is deleted (PATCH may leave a list
    out to keep it). In-text markers such as [3] use the numbers of the citations as sent."""

    schema_description = (
        "An article with its parts. Lists are complete and in reading order: a row with an id keeps that row, "
        "one without is new, a stored row left out is deleted (PATCH may leave a list out to keep it). In-text "
        "markers such as [3] use the numbers of the citations as sent."
    )

    authors = serializers.SlugRelatedField(
        slug_field="slug", many=True, required=False, queryset=Contributor.objects.all()
    )
    topics = serializers.SlugRelatedField(slug_field="slug", many=True, required=False, queryset=Topic.objects.all())
    intro = MarkdownField(required=False, allow_blank=True, label=_("introduction"), help_text=_("Markdown."))
    key_points = parts_field(KeyPointIn())
    sections = parts_field(SectionIn())
    cause_comparisons = parts_field(CauseComparisonIn())
    faqs = parts_field(FAQIn())
    citations = parts_field(CitationIn())
    language = serializers.RegexField(
        languages.TAG_PATTERN,
        max_length=20,
        required=False,
        help_text="The language of the text (BCP 47, one the site serves); on create, the site's default when left "
        "out.",
    )
    translation_of = TranslationOfIO(
        required=False,
        write_only=True,
        help_text="On create only: the live article this one translates (into `language`); it records the version "
        "of it that is live.",
    )
    read_only_names = {
        "id", "version", "status", "published_at", "medical_reviewer", "last_reviewed_at", "next_review_due",
        "created_at", "updated_at",
    }  # fmt: skip

    class Meta:
        model = Article
        fields = "__all__"  # the names are `field_names()`, read from the declaration when the serializer is built
        extra_kwargs = {
            "slug": {"required": False, "allow_blank": True},
        }
        # Slug and language are unique together, but neither is required: `validate` checks the pair as it will be.
        validators: list = []

    def validate(self, data):
        data = super().validate(data)
        slug = data.get("slug") or getattr(self.instance, "slug", "")
        language = data.get("language") or getattr(self.instance, "language", None) or SiteSettings.load().language
        others = Article.objects.filter(slug=slug, language=language).exclude(pk=getattr(self.instance, "pk", None))
        if slug and others.exists():
            raise serializers.ValidationError(
                {"slug": [ErrorDetail(_("Another article in this language has this slug."), code="unique")]}
            )
        return data

    @staticmethod
    def field_names() -> list[str]:
        """What editors set (`content_model.edited_fields()`), their people and topics, and every part."""
        return [*edited_fields(), "authors", "topics", *PART_LISTS]

    def get_field_names(self, declared_fields, info):
        return [*self.field_names(), "translation_of"]

    def validate_language(self, value: str) -> str:
        return languages.normalize(value)  # "es-mx" is es-MX, as the site lists it

    def validate_translation_of(self, value: dict) -> Article:
        if self.instance is not None:
            raise serializers.ValidationError(_("Set only when the translation is created."))
        source = Article.objects.filter(slug=value["slug"], language=value["language"]).first()
        if source is None:
            raise serializers.ValidationError(_("No article in this language has this slug."))
        return source

    def to_edit(self) -> ArticleEdit:
        data = self.validated_data
        parts = {}
        for kind in PART_LISTS:
            if kind in data:
                parts[kind] = [{RENAMED.get(name, name): value for name, value in row.items()} for row in data[kind]]
        return ArticleEdit(
            fields={name: data[name] for name in edited_fields() if name in data},
            authors=data.get("authors"),
            topics=data.get("topics"),
            parts=parts,
            markers_use_old_numbers=False,
        )


class ArticleReplaceIn(ArticleIn):
    """PUT: the whole article, every list included (an empty list deletes its rows)."""

    schema_description = (
        "The whole article, every list included (an empty list deletes its rows); a field left out takes its empty "
        "value (PATCH keeps it)."
    )

    def get_fields(self):
        fields = super().get_fields()
        for name in PART_LISTS:
            fields[name].required = True
            fields[name].error_messages["required"] = _(
                "PUT replaces the whole article: send every list, even an empty one (or use PATCH)."
            )
        return fields

    def to_edit(self) -> ArticleEdit:
        """A field left out is replaced by its empty value, as PUT says: keeping the stored one would check and store
        a mix of the article sent and the article replaced (an old introduction citing [1] against the new, empty
        citations). The slug and the language name the article (its address is both), so those left out are kept."""
        edit = super().to_edit()
        for name in edited_fields():
            if name not in edit.fields and name not in ("slug", "language"):
                edit.fields[name] = content_model.model_field(Article, name).get_default()
        return ArticleEdit(
            fields=edit.fields,
            authors=edit.authors if edit.authors is not None else [],
            topics=edit.topics if edit.topics is not None else [],
            parts=edit.parts,
            markers_use_old_numbers=False,
        )


class TransitionIn(StrictSerializerMixin, serializers.Serializer):
    # What the editorial services require of a step (`publishing.services`): the schema says it as oneOf.
    schema_required_by = ("action", {"request_changes": ("comment",), "approve": ("document_fingerprint",)})

    # The steps editors choose, from the lifecycle table: its buttons, then the article page header's steps.
    action = serializers.ChoiceField(choices=[step.value for step in steps_chosen()])
    # No defaults here: a schema default makes generated clients treat the field as always present.
    comment = serializers.CharField(required=False, allow_blank=True)
    published_at = serializers.DateTimeField(
        required=False, allow_null=True, help_text="publish only: the go-live time (absent or null: now)."
    )
    override_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="approve only: why the article may go ahead although it cites a retracted paper or reads above "
        "the site's target grade for patients (the 400 that refuses an approval says which). Recorded and shown.",
    )
    document_fingerprint = serializers.CharField(
        required=False,
        max_length=64,
        help_text="approve only, and required there: the Document-Fingerprint header of the article (or preview) you "
        "read. It covers what the version does not: the cited references' texts, the authors, the topics and the "
        "site's texts. If any changed since, the approval is a 412 naming them, and nothing is approved.",
    )


API_FIELD = {model_name: api_name for api_name, model_name in RENAMED.items()}


def edit_refused(problems, edit: ArticleEdit) -> serializers.ValidationError:
    """The editing service's refusal as the API answers it: keyed as the client sent it, and a 409 when every problem
    is a value another record holds (`EditProblem.code`)."""
    taken = all(problem.code == "unique" for problem in problems)
    return serializers.ValidationError(problems_by_path(problems, edit), code="unique" if taken else None)


def problems_by_path(problems, edit: ArticleEdit) -> dict:
    """The editing service's problems keyed as the client sent them: {"sections": [{}, {"body_markdown": [...]}]}."""
    errors: dict = {}
    for problem in problems:
        if problem.part is None:
            name = problem.field or "non_field_errors"
            errors.setdefault(name, []).append(str(problem) if name == "non_field_errors" else problem.message)
            continue
        rows = errors.setdefault(problem.part, [{} for _row in edit.parts.get(problem.part, [])])
        field = API_FIELD.get(problem.field, problem.field) or "non_field_errors"
        rows[problem.index].setdefault(field, []).append(problem.message)
    return errors
