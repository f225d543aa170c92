"""Frozen documents (the public shape an approval freezes and a publication serves) as snapshots.

A frozen document gives its FAQs' and references' ids, but not those of its key points, sections and comparison
rows: the caller says which row each position is (`row_ids`), from the stored revision of the version approved
(`publishing.snapshots`); a row it cannot name is compared by place.
"""

from django.db.models import DateTimeField
from django.utils.dateparse import parse_datetime
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from articles import content_model
from articles.comparison.snapshot import PARTS, Row, Snapshot, as_text
from articles.models import Article
from references.models import NoticeNature

# Part text → document key, where they differ.
DOCUMENT_TEXTS = {
    spec.name: spec.document_key
    for part in content_model.PARTS.values()
    for spec in part.fields
    if spec.document_key and spec.document_key != spec.name
}
ROWS_BY_PLACE = ("key_points", "sections", "cause_comparisons")


def _document_text(name: str, value) -> str:
    """A document's value of one of the article's own fields as a comparison shows it: a choice by its label, a
    moment in the site's time zone to the minute."""
    field = content_model.model_field(Article, name)
    if field.is_relation:  # the hero image, as `media.documents.image_document` shapes it
        return _image_text(value, str(field.related_model._meta.verbose_name))  # type: ignore[union-attr]
    if field.choices:
        return as_text(dict(field.flatchoices).get(value, value))
    if isinstance(field, DateTimeField):
        moment = parse_datetime(value) if value else None
        return f"{localtime(moment):%Y-%m-%d %H:%M}" if moment else ""
    return as_text(value)


def _image_text(document: dict | None, noun: str) -> str:
    """An image of the document as a reviewer compares it: named by its id in the library, as a version comparison
    names it ("image 3"), with what the document freezes of it for readers (alt text, caption, credit, licence);
    not its renditions' addresses and sizes, which say nothing a reviewer reads."""
    if not document:
        return ""
    described = "; ".join(
        f"{label}: {document[key]}"
        for key, label in (
            ("alt_text", _("alt text")), ("caption", _("caption")), ("credit", _("credit")), ("licence", _("licence")),
        )
        if document.get(key)
    )  # fmt: skip
    return f"{noun} {document['id']}" + (f" ({described})" if described else "")


def _names(value) -> str:
    """People or topics as the document has them (one, a list, or none), by name."""
    if isinstance(value, list):
        return ", ".join(sorted(entry["name"] for entry in value))
    return (value or {}).get("name", "")


def _notices(entry: dict) -> str:
    natures = dict(NoticeNature.choices)
    return "; ".join(
        f"{natures.get(notice['nature'], notice['nature'])} ({notice['date'] or '?'})"
        for notice in entry.get("notices", [])
    )


def _row(kind: str, entry: dict, ids: dict[int, int]) -> Row:
    spec = PARTS[kind]
    texts = {name: as_text(entry.get(DOCUMENT_TEXTS.get(name, name))) for name in spec.fields}
    return Row(entry["id"] if kind == "faqs" else ids.get(entry["position"]), texts[spec.fields[0]], texts)


def document_snapshot(document: dict, row_ids: dict[str, dict[int, int]]) -> Snapshot:
    """A frozen document (or the working copy rendered as one); `row_ids` by kind and position (see above)."""
    fields = {
        spec.name: _names(document.get(spec.name)) if spec.relation else _document_text(spec.name, document.get(key))
        for spec in content_model.ARTICLE
        if (key := spec.document_key)
    }
    fields.update({name: as_text(document.get(key)) for name, key, _label in content_model.COMPUTED})
    parts = {
        kind: [_row(kind, entry, row_ids.get(kind, {})) for entry in document.get(kind, [])]
        for kind in ("key_points", "sections", "cause_comparisons", "faqs")
    }
    references = sorted(document.get("references", []), key=lambda entry: entry["number"])
    parts["citations"] = [
        Row(entry["id"], entry["title"], {"reference": entry["citation"], "notices": _notices(entry)})
        for entry in references
    ]
    return Snapshot(fields, parts)
