"""The media library over the management API: an image is created from a multipart upload (the file and what
editors write about it), then its metadata changes as JSON; the file itself never changes (a new file is a new
image). Fields are those `media.content_model` declares, and `translations`: the translatable ones in other
languages, as a topic's (`LabelTranslationsField`), set as JSON only (a PUT or PATCH), not in the upload's form."""

import math
from collections.abc import Mapping

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.schema import NON_BLANK_TEXT
from core.api.views import OutputSerializer
from manage_api.serializers.references import WebAddressField, as_sent
from manage_api.serializers.strict import StrictSerializerMixin
from manage_api.serializers.taxonomy import LabelTranslationsField, label_texts_schema
from media.content_model import edited_fields
from media.models import RENDITION_FORMATS, Image
from media.renditions import rendition_list
from references.identifiers import validate_web_address

# The focal point goes as one object; the model keeps its two fractions.
WRITTEN = [name for name in edited_fields() if name not in ("focal_x", "focal_y")]
FOCAL_POINT_SCHEMA = {
    "type": "object",
    "properties": {
        "x": {"type": "number", "minimum": 0, "maximum": 1, "description": "0 is the left edge, 1 the right."},
        "y": {"type": "number", "minimum": 0, "maximum": 1, "description": "0 is the top edge, 1 the bottom."},
    },
    "required": ["x", "y"],
    "additionalProperties": False,
    "description": "What crops keep in view, as fractions of the width and height.",
}
# The rules of `media.models.Image.clean` that a request alone decides (a create): alt text unless decorative, a
# consent reference for an identifiable patient. A change is checked against the stored image as well.
RULES = {
    "allOf": [
        {
            "anyOf": [
                {"properties": {"decorative": {"const": True}}, "required": ["decorative"]},
                {"properties": {"alt_text": {"pattern": NON_BLANK_TEXT}}, "required": ["alt_text"]},
            ]
        },
        {
            "anyOf": [
                {"properties": {"identifiable_patient": {"const": False}}},
                {"properties": {"consent_reference": {"pattern": NON_BLANK_TEXT}}, "required": ["consent_reference"]},
            ]
        },
    ]
}


@extend_schema_field(label_texts_schema(Image))
class ImageTranslationsField(LabelTranslationsField):
    """The alt text, caption and credit in other languages: what an article in that language shows."""

    def __init__(self, **kwargs):
        super().__init__(Image, **kwargs)


@extend_schema_field(FOCAL_POINT_SCHEMA)
class FocalPointField(serializers.Field):
    default_error_messages = {
        "invalid": gettext_lazy('An object {{"x": …, "y": …}} of two numbers from 0 to 1.'),
    }

    def to_representation(self, value):
        return {"x": value["x"], "y": value["y"]}

    def to_internal_value(self, data):
        if not isinstance(data, Mapping) or set(data) != {"x", "y"}:
            self.fail("invalid")
        point = {}
        for axis in ("x", "y"):
            value = data[axis]
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
                self.fail("invalid")
            if not 0 <= value <= 1:
                self.fail("invalid")
            point[axis] = float(value)
        return point


class FormBooleanField(serializers.BooleanField):
    """A flag in a multipart form: `true` or `false`, as the schema's boolean is written in a form; not DRF's other
    spellings ("0", "on", "yes"…), which the schema does not admit."""

    def to_internal_value(self, data):
        if data is True or data == "true":
            return True
        if data is False or data == "false":
            return False
        self.fail("invalid", input=data)


def source_url_field() -> serializers.CharField:
    return as_sent(WebAddressField, 500, validate_web_address, label="source URL")


def check_rules(instance: Image | None, fields: dict) -> None:
    """The image's own rules (`Image.clean`) on the stored values with `fields` applied: errors by field."""
    stored = {} if instance is None else {f.attname: getattr(instance, f.attname) for f in Image._meta.concrete_fields}
    image = Image(**stored)
    for name, value in fields.items():
        setattr(image, name, value)
    try:
        image.clean()
    except DjangoValidationError as error:
        raise serializers.ValidationError(error.message_dict) from error


def model_fields(validated: dict) -> dict:
    """Validated data as the model's fields (the focal point as its two fractions)."""
    fields = {name: value for name, value in validated.items() if name not in ("focal_point", "file")}
    if "focal_point" in validated:
        fields["focal_x"], fields["focal_y"] = validated["focal_point"]["x"], validated["focal_point"]["y"]
    return fields


class RenditionOut(OutputSerializer, serializers.Serializer):
    """A public copy of the image (`media.renditions`): an absolute, content-addressed URL that never changes its
    bytes (served `Cache-Control: public, max-age=31536000, immutable`)."""

    url = serializers.URLField(help_text="Absolute; another URL when the bytes change.")
    width = serializers.IntegerField(min_value=1)
    height = serializers.IntegerField(min_value=1)
    format = serializers.ChoiceField(choices=[(value, value) for value in RENDITION_FORMATS])


class ImageOut(OutputSerializer, serializers.ModelSerializer):
    focal_point = FocalPointField(help_text="What crops keep in view.")
    renditions = serializers.SerializerMethodField(
        help_text="The image's public copies, made by the task worker a few seconds after the upload (empty until "
        "then): each width up to 1920 that the image reaches, in AVIF, WebP and JPEG, AVIF first, narrowest first. "
        "Never wider than the original; there is no other size than these."
    )
    source_url = serializers.CharField(help_text="An http(s) address, or an empty string when there is none.")
    uploaded_by: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    translations = ImageTranslationsField(read_only=True)

    class Meta:
        model = Image
        fields = [
            "id",
            "version",
            "width",
            "height",
            "format",
            "byte_size",
            "content_hash",
            "original_filename",
            *WRITTEN,
            "translations",
            "focal_point",
            "renditions",
            "uploaded_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(RenditionOut(many=True))
    def get_renditions(self, image: Image) -> list[dict]:
        return rendition_list(image)


class ImageUpload(serializers.ModelSerializer):
    """A multipart upload: `file`, and what editors write about it (text fields; true/false for the flags). The focal
    point starts at the centre; set it with a PATCH once the image is seen. The texts in other languages
    (`translations`) are not part of the form: send them as JSON with a PATCH once the image is uploaded."""

    schema_extra = RULES
    file = serializers.FileField(
        help_text="The image: JPEG, PNG, WebP, AVIF or GIF (not animated), at most IMAGE_UPLOAD_MAX_BYTES bytes and "
        "IMAGE_MAX_PIXELS pixels. Its type is read from its content, not its name.",
        use_url=False,
        allow_empty_file=False,
    )
    source_url = source_url_field()
    decorative = FormBooleanField(required=False, help_text=Image._meta.get_field("decorative").help_text)
    identifiable_patient = FormBooleanField(
        required=False, help_text=Image._meta.get_field("identifiable_patient").help_text
    )

    class Meta:
        model = Image
        fields = ["file", *WRITTEN]

    def to_internal_value(self, data):
        unknown = sorted(set(data) - set(self.fields))
        if unknown:
            raise serializers.ValidationError({name: [self._refusal(name)] for name in unknown})
        return super().to_internal_value(data)

    @staticmethod
    def _refusal(name: str) -> str:
        if name == "translations":
            return _("Not in the upload: send the texts in other languages as JSON with a PATCH once it is uploaded.")
        return _("Unknown field.")

    def validate(self, attrs):
        check_rules(None, model_fields(attrs))
        return attrs


class ImageIn(StrictSerializerMixin, serializers.ModelSerializer):
    """What editors write about an image, as JSON."""

    read_only_names = {
        "id", "version", "width", "height", "format", "byte_size", "content_hash", "original_filename", "file",
        "uploaded_by", "created_at", "updated_at", "renditions",
    }  # fmt: skip
    focal_point = FocalPointField(required=False)
    source_url = source_url_field()
    translations = ImageTranslationsField(required=False)

    class Meta:
        model = Image
        fields = [*WRITTEN, "translations", "focal_point"]

    def _refusal(self, name: str) -> str:
        if name in self.read_only_names:
            return _("Read-only: it is read from the file (upload a new image for another file).")
        return super()._refusal(name)

    def validate(self, attrs):
        check_rules(self.instance, model_fields(attrs))
        return attrs
