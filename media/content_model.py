"""The image's content model, declared once, as `articles.content_model` declares the article's: the fields an
editor writes, in the order the admin and the management API show them, and which of them a translation has its own
of (locales: `translatable`). Every consumer reads this declaration: the admin's fieldsets, the management API's
serializers and `media.services` (what may be set). The public shape (`hero_image`, `figures`: issue 25 part 4)
serves `document` keys. (`articles.content_model` sits above this app, so its `ContentField` is not imported; this
one has the same meaning for the fields it shares.)

Adding a field: the model field, its migration, and one line below."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ImageField:
    name: str
    translatable: bool = False
    document: bool = True  # part of what the public API and an approval show of the image (issue 25 part 4)


IMAGE: tuple[ImageField, ...] = (
    ImageField("alt_text", translatable=True),
    ImageField("decorative"),
    ImageField("caption", translatable=True),
    ImageField("credit", translatable=True),
    ImageField("licence"),
    ImageField("source_url", document=False),
    ImageField("focal_x"),
    ImageField("focal_y"),
    ImageField("identifiable_patient", document=False),
    ImageField("consent_reference", document=False),
)
# The `translatable` fields' texts in other languages, {language: {field: text}}: edited beside them (the admin
# gives a field per language the site serves; the management API takes it as JSON).
TRANSLATIONS = "translations"
# Set from the file by `media.uploads`, never by an editor.
FROM_FILE = ("file", "width", "height", "format", "byte_size", "content_hash")
# The record's own: who, when, which version.
STATE = frozenset({"id", "version", "original_filename", "uploaded_by", "created_at", "updated_at"})


def edited_fields() -> tuple[str, ...]:
    return tuple(spec.name for spec in IMAGE)


def translatable_fields() -> tuple[str, ...]:
    return tuple(spec.name for spec in IMAGE if spec.translatable)
