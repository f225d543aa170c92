from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.models import Contributor, Topic
from core import languages
from core.api.schema import NO_NUL
from manage_api.serializers.strict import StrictSerializerMixin

# A slug is checked as sent: the schema's pattern refuses " iron", so the server does not trim it into "iron".
AS_SENT = {"trim_whitespace": False}


def label_texts(model) -> type[serializers.Serializer]:
    """The texts of one language of a shared record: its `TRANSLATED` fields, each optional."""
    fields = {}
    for name in model.TRANSLATED:
        field = model._meta.get_field(name)
        fields[name] = serializers.CharField(
            required=False, allow_blank=True, max_length=field.max_length, label=field.verbose_name
        )
    return type(f"{model.__name__}TextsIO", (StrictSerializerMixin, serializers.Serializer), fields)


def label_texts_schema(model) -> dict:
    properties = {}
    for name in model.TRANSLATED:
        max_length = model._meta.get_field(name).max_length
        properties[name] = {"type": "string", "pattern": NO_NUL, **({"maxLength": max_length} if max_length else {})}
    return {
        "type": "object",
        "propertyNames": {"pattern": languages.CANONICAL_TAG.pattern},
        "additionalProperties": {"type": "object", "properties": properties, "additionalProperties": False},
        "description": "The texts in other languages, by language (BCP 47, as written by convention: `es`, "
        "`pt-BR`, `zh-Hant`): "
        + ", ".join(f"`{name}`" for name in model.TRANSLATED)
        + ". An article in one of them shows these; a language left out, or with blank texts, shows the default "
        "language's. A PUT or PATCH that sends it replaces every language.",
    }


class LabelTranslationsField(serializers.DictField):
    """{language: {field: text}}: languages as well-formed tags (kept whether or not the site serves them yet, as
    the admin keeps them), blank texts and languages left with none dropped."""

    def __init__(self, model, **kwargs):
        super().__init__(child=label_texts(model)(), **kwargs)

    def to_internal_value(self, data):
        texts = super().to_internal_value(data)
        problems = {key: [self._key_problem(key)] for key in texts if not languages.CANONICAL_TAG.fullmatch(key)}
        if problems:
            raise serializers.ValidationError(problems)
        kept = {
            key: {name: value.strip() for name, value in fields.items() if value.strip()}
            for key, fields in texts.items()
        }
        return {key: fields for key, fields in kept.items() if fields}

    @staticmethod
    def _key_problem(key: str) -> str:
        if languages.TAG.fullmatch(key):
            return _("Write this language as %(tag)s.") % {"tag": languages.normalize(key)}
        return _("Not a language tag (BCP 47), such as es or pt-BR.")


@extend_schema_field(label_texts_schema(Topic))
class TopicTranslationsField(LabelTranslationsField):
    def __init__(self, **kwargs):
        super().__init__(Topic, **kwargs)


@extend_schema_field(label_texts_schema(Contributor))
class ContributorTranslationsField(LabelTranslationsField):
    def __init__(self, **kwargs):
        super().__init__(Contributor, **kwargs)


class TopicIO(StrictSerializerMixin, serializers.ModelSerializer):
    read_only_names = {"id"}
    translations = TopicTranslationsField(required=False)

    class Meta:
        model = Topic
        fields = ["id", "slug", "name", "description", "is_condition", "translations"]
        read_only_fields = ["id"]
        extra_kwargs = {"slug": AS_SENT}


class ContributorIO(StrictSerializerMixin, serializers.ModelSerializer):
    read_only_names = {"id", "user"}
    translations = ContributorTranslationsField(required=False)

    class Meta:
        model = Contributor
        fields = ["id", "slug", "name", "credentials", "is_author", "is_medical_reviewer", "bio", "translations"]
        read_only_fields = ["id"]
        extra_kwargs = {"slug": AS_SENT}
