"""The article's content model, declared once: every field an editor writes or a reader reads, and what it is.

Every consumer reads this declaration instead of keeping a list of its own: the edit plan (what a save keeps),
the admin's fieldsets, the management API's serializers and so export and import, stored versions and their
comparisons, the frozen document (what an approval freezes, the public detail serves and comparisons of approvals
and publications read), and the texts gathered for reading time, readability, search and citation checks
(`articles.prose.texts`). `tests/articles/test_content_model.py` fails when a field of the model is neither declared
here nor named in `STATE` or `TRANSLATION`.

Adding a plain field: the model field, its migration, and one `ContentField` line below, in reading order.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Field, Model
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from articles.models import FAQ, Article, CauseComparison, Citation, KeyPoint, Section


class Purpose(StrEnum):
    """What a text is gathered for (`articles.prose.texts`)."""

    WORDS = "words"  # counted for the reading time
    READABILITY = "readability"  # graded for readability: the sentences a patient reads
    SEARCH = "search"  # matched by the public list's ?search=
    CITING = "citing"  # may carry citation markers ([1]) that must point at a citation


class Fieldset(StrEnum):
    """The admin's fieldsets, in page order (the heading of each)."""

    MAIN = ""
    COMPARISON = "comparison"
    PEOPLE = "people"
    REVIEW = "review"
    DISCLOSURES = "disclosures"
    READER = "reader"


SECTION_HEADINGS = {
    Fieldset.MAIN: None,
    Fieldset.COMPARISON: _("Comparison table"),
    Fieldset.PEOPLE: _("People and topics"),
    Fieldset.REVIEW: _("Review and publication"),
    Fieldset.DISCLOSURES: _("Disclosures"),
    Fieldset.READER: _("Reader information"),
}

WORDS, READABILITY, SEARCH, CITING = Purpose


@dataclass(frozen=True)
class ContentField:
    """One field of the article or of one of its parts.

    `edited`: editors set it (admin form, management API, edit plan, import); otherwise a step sets it (the review
    record is the approve step's). `relation`: people, topics or a reference, edited as a list of rows and compared
    by their names. `versioned`: a stored version holds it and a comparison of versions shows it. `document`: the
    key the frozen document and the public detail carry it under, or None. `texts`: what its text is gathered for.
    `translatable`: a translation has its own (locales).
    """

    name: str
    section: Fieldset | None = Fieldset.MAIN
    edited: bool = True
    relation: bool = False
    versioned: bool = True
    document: str | None = ""  # "": under its own name
    texts: frozenset[Purpose] = frozenset()
    markdown: bool = False
    translatable: bool = False

    @property
    def document_key(self) -> str | None:
        return self.name if self.document == "" else self.document


def plain(name: str, section: Fieldset, *purposes: Purpose, **options) -> ContentField:
    return ContentField(name, section, texts=frozenset(purposes), **options)


def part_field(name: str, *purposes: Purpose, **options) -> ContentField:
    """A field of a part (edited in the part's inline, so in no fieldset of the article's own)."""
    return ContentField(name, None, texts=frozenset(purposes), **options)


ARTICLE: tuple[ContentField, ...] = (
    plain("title", Fieldset.MAIN, WORDS, SEARCH, translatable=True),
    plain("subtitle", Fieldset.MAIN, WORDS, SEARCH, translatable=True),
    plain("slug", Fieldset.MAIN, translatable=True),
    plain("summary", Fieldset.MAIN, WORDS, READABILITY, SEARCH, translatable=True),
    # An image of the media library (its id); the document serves it as `media.documents.image_document` shapes it.
    plain("hero_image", Fieldset.MAIN),
    plain("intro", Fieldset.MAIN, WORDS, READABILITY, CITING, markdown=True, translatable=True),
    plain("comparison_intro", Fieldset.COMPARISON, WORDS, translatable=True),
    ContentField("authors", Fieldset.PEOPLE, relation=True),
    ContentField("medical_reviewer", Fieldset.REVIEW, edited=False, relation=True),
    ContentField("topics", Fieldset.PEOPLE, relation=True),
    ContentField("last_reviewed_at", Fieldset.REVIEW, edited=False, versioned=False),
    ContentField("next_review_due", Fieldset.REVIEW, edited=False),
    plain("audience", Fieldset.READER),
    # The language a reviewer approved the text in: part of the document, so a change needs a new review.
    plain("language", Fieldset.READER),
    plain("sponsored", Fieldset.DISCLOSURES),
    plain("funding", Fieldset.DISCLOSURES, translatable=True),
    plain("conflicts_of_interest", Fieldset.DISCLOSURES, translatable=True),
    plain("disclaimer", Fieldset.READER, translatable=True),  # the document has the site's default when blank
    # Served as the computed `reading_time_minutes` (below), which it overrides.
    plain("reading_time_override", Fieldset.READER, document=None),
)
# Shown in comparisons of frozen documents, computed from the fields above: (name, document key, label).
COMPUTED = (("reading_time", "reading_time_minutes", _("Reading time (minutes)")),)
# The model's fields that are not content: the lifecycle's and the system's, set by steps and saves.
STATE = frozenset({"id", "status", "version", "published_at", "created_at", "updated_at", "intro_html"})
# Which articles are translations of which (`articles.services.translations`): set when a translation is made.
TRANSLATION = frozenset({"translation_key", "translation_of", "source_version"})


@dataclass(frozen=True)
class ContentPart:
    """A kind of row of the article (its related name): key points, sections, … The first field names a row."""

    kind: str
    model: type[Model]
    fields: tuple[ContentField, ...]
    order_field: str = "position"
    # Readability grades each row on its own (labelled by its name) or the rows together (labelled by the kind).
    graded_each: bool = False
    state: frozenset[str] = frozenset({"id", "article", "position"})  # and rendered HTML: set by saves

    @property
    def label(self) -> str:
        return str(capfirst(self.model._meta.verbose_name_plural))

    @property
    def row_label(self) -> str:
        return str(capfirst(self.model._meta.verbose_name))

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(spec.name for spec in self.fields)


PARTS: dict[str, ContentPart] = {
    part.kind: part
    for part in (
        ContentPart(
            "key_points",
            KeyPoint,
            (part_field("title", WORDS, SEARCH, translatable=True),
             part_field("text", WORDS, READABILITY, SEARCH, CITING, translatable=True)),
        ),
        ContentPart(
            "sections",
            Section,
            (part_field("heading", WORDS, SEARCH, translatable=True),
             part_field("anchor", translatable=True),
             part_field("body", WORDS, READABILITY, SEARCH, CITING, markdown=True, translatable=True,
                   document="body_markdown")),
            graded_each=True,
            state=frozenset({"id", "article", "position", "body_html"}),
        ),
        ContentPart(
            "cause_comparisons",
            CauseComparison,
            (part_field("cause", WORDS, translatable=True),
             part_field("related_symptoms", WORDS, translatable=True),
             part_field("differentiating_factors", WORDS, translatable=True)),
        ),
        ContentPart(
            "faqs",
            FAQ,
            (part_field("question", WORDS, READABILITY, translatable=True),
             part_field("answer", WORDS, READABILITY, CITING, markdown=True, translatable=True,
                   document="answer_markdown")),
            state=frozenset({"id", "article", "position", "answer_html"}),
        ),
        ContentPart(
            "citations",
            Citation,
            (part_field("reference", relation=True),),
            order_field="number",
            state=frozenset({"id", "article", "number"}),
        ),
    )
}  # fmt: skip


def part_keys(kind: str) -> list[str]:
    """A part's declared fields under the names the document and both APIs give them (`body_markdown`, …)."""
    return [spec.document_key or spec.name for spec in PARTS[kind].fields]


def rendered_fields() -> list[tuple[str | None, str]]:
    """Where each Markdown text's rendered HTML is kept: (None for the article's own field, or the part's kind; the
    HTML field, `<name>_html`)."""
    own = [(None, f"{spec.name}_html") for spec in ARTICLE if spec.markdown]
    return own + [(kind, f"{spec.name}_html") for kind, part in PARTS.items() for spec in part.fields if spec.markdown]


def edited_fields() -> tuple[str, ...]:
    """The article's own fields that editors set, other than its people and topics (`ArticleEdit.fields`)."""
    return tuple(spec.name for spec in ARTICLE if spec.edited and not spec.relation)


def versioned_fields() -> tuple[str, ...]:
    """The article's own fields that a stored version holds and a comparison of versions shows as text."""
    return tuple(spec.name for spec in ARTICLE if spec.versioned and not spec.relation)


def compared_fields() -> tuple[str, ...]:
    """Every field a comparison may show, in reading order (each source gives those it has)."""
    return (*(spec.name for spec in ARTICLE), *(name for name, _key, _label in COMPUTED))


def fieldsets() -> dict[Fieldset, list[str]]:
    """The declared fields of each admin fieldset, in page order."""
    sections: dict[Fieldset, list[str]] = {section: [] for section in Fieldset}
    for spec in ARTICLE:
        if spec.section is not None:
            sections[spec.section].append(spec.name)
    return sections


def model_field(model: type[Model], name: str) -> Field:
    """A field of the model's own (not the reverse side of a relation): what every declared name is."""
    field = model._meta.get_field(name)
    if not isinstance(field, Field):
        raise LookupError(f"{model.__name__}.{name} is not a field of its own")
    return field


def stored_value(stored: dict, name: str, default=None):
    """A field's value in a stored version's fields (django-reversion keeps a foreign key under its `_id` name)."""
    return stored.get(model_field(Article, name).attname, default)


def field_label(name: str) -> str:
    computed = {computed_name: label for computed_name, _key, label in COMPUTED}
    return str(computed.get(name) or capfirst(model_field(Article, name).verbose_name))
