"""Stored versions of the working copy (`articles.versions`) as snapshots, and what changed between two of them."""

from typing import cast

from django.db.models import Field
from reversion.models import Version

from articles import content_model
from articles.comparison.changes import Comparison, compare
from articles.comparison.snapshot import PARTS, Row, Snapshot, as_text
from articles.models import Article
from articles.versions import version_parts
from references.models import Reference


def _names(model, pks) -> dict:
    """Display names of the rows a snapshot mentions, fetched once (they may be many in the table)."""
    label = "title" if model is Reference else "name"
    return dict(model.objects.filter(pk__in={pk for pk in pks if pk is not None}).values_list("pk", label))


def _field_text(name: str, value) -> str:
    field = content_model.model_field(Article, name)
    if field.is_relation:  # the hero image: named by its id in the library (image 3)
        return "" if value is None else f"{field.related_model._meta.verbose_name} {value}"  # type: ignore[union-attr]
    choices = field.flatchoices
    return as_text(dict(choices).get(value, value) if choices else value)


def _order(kind: str, stored: dict) -> int:
    return stored["number" if kind == "citations" else "position"]


def _row(kind: str, stored: dict, titles: dict) -> Row:
    if kind == "citations":
        title = titles.get(stored["reference_id"], "?")
        return Row(stored["reference_id"], title, {"reference": title})
    texts = {name: as_text(stored[name]) for name in PARTS[kind].fields}
    return Row(stored["id"], texts[PARTS[kind].fields[0]], texts)


def _relations() -> list[Field]:
    """The model fields of the article's people and topics that stored versions hold (`content_model`)."""
    return [
        content_model.model_field(Article, spec.name)
        for spec in content_model.ARTICLE
        if spec.relation and spec.versioned
    ]


def _related_pks(stored: dict, field) -> list:
    return list(stored.get(field.name, [])) if field.many_to_many else [stored.get(field.attname)]


def version_snapshot(version: Version, parts: dict[type, list[dict]], names: dict) -> Snapshot:
    """The article as stored in `version`'s revision; `names` of its people, topics and references by model."""
    stored = version.field_dict
    fields = {
        name: _field_text(name, content_model.stored_value(stored, name)) for name in content_model.versioned_fields()
    }
    for relation in _relations():
        known = names[relation.related_model]
        if relation.many_to_many:
            fields[relation.name] = ", ".join(sorted(known.get(pk, "?") for pk in _related_pks(stored, relation)))
        else:
            fields[relation.name] = known.get(stored.get(relation.attname), "")
    rows = {
        kind: [
            _row(kind, row, names[Reference]) for row in sorted(parts[spec.model], key=lambda row: _order(kind, row))
        ]
        for kind, spec in PARTS.items()
    }
    return Snapshot(fields, rows)


def compare_versions(older: Version, newer: Version) -> Comparison:
    """What changed from the `older` stored version to the `newer` one."""
    versions = (older, newer)
    parts = {version: version_parts(version) for version in versions}
    stored = [version.field_dict for version in versions]
    related: dict[type, list] = {}
    for relation in _relations():
        related.setdefault(cast(type, relation.related_model), []).extend(  # a relation: it has a model
            pk for fields in stored for pk in _related_pks(fields, relation)
        )
    citations = [row for version in versions for row in parts[version][PARTS["citations"].model]]
    related.setdefault(Reference, []).extend(row["reference_id"] for row in citations)
    names = {model: _names(model, pks) for model, pks in related.items()}
    before, after = (version_snapshot(version, parts[version], names) for version in versions)
    return compare(before, after)
