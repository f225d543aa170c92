"""Stored versions (django-reversion) of an article's working copy, and readable comparisons between them."""

from reversion.models import Version

from articles.comparison import PARTS, Comparison, Row, Snapshot, as_text, compare
from articles.models import Article, Contributor, Topic
from references.models import Reference

# The article's fields that a stored version holds and a comparison shows (the review record is the
# approvals' business: see the history's review entries).
VERSION_FIELDS = (
    "title", "subtitle", "slug", "summary", "intro", "comparison_intro", "next_review_due", "audience", "sponsored",
    "funding", "conflicts_of_interest", "disclaimer", "reading_time_override",
)  # fmt: skip


def article_versions(article: Article):
    return Version.objects.get_for_object(article).select_related("revision", "revision__user")


def stored_version(article: Article, number: int) -> Version | None:
    """The stored revision of the article whose working copy had `number` as its version, if any.

    Every save raises the version and stores one revision, so the newest are read first and the search
    stops at the first older version.
    """
    for version in article_versions(article).iterator(chunk_size=20):
        stored = version.field_dict.get("version")
        if stored == number:
            return version
        if stored is not None and stored < number:
            return None
    return None


def version_parts(version: Version) -> dict[type, list[dict]]:
    """The stored parts of the article in `version`'s revision (field dicts), by model, in one query."""
    children: dict[type, list[dict]] = {spec.model: [] for spec in PARTS.values()}
    for sibling in version.revision.version_set.select_related("content_type"):
        model = sibling.content_type.model_class()
        if model in children:
            children[model].append(sibling.field_dict)
    return children


def version_row_ids(version: Version) -> dict[str, dict[int, int]]:
    """The ids of the parts stored in `version`'s revision, by kind and position: what tells a frozen document's
    rows apart (it has their positions, not their ids)."""
    parts = version_parts(version)
    return {
        kind: {row["position"]: row["id"] for row in parts[spec.model]}
        for kind, spec in PARTS.items()
        if kind != "citations"
    }


def _names(model, pks) -> dict:
    """Display names of the rows a snapshot mentions, fetched once (they may be many in the table)."""
    label = "title" if model is Reference else "name"
    return dict(model.objects.filter(pk__in={pk for pk in pks if pk is not None}).values_list("pk", label))


def _field_text(name: str, value) -> str:
    choices = Article._meta.get_field(name).flatchoices  # type: ignore[union-attr]  # a field of Article's own
    return as_text(dict(choices).get(value, value) if choices else value)


def _order(kind: str, stored: dict) -> int:
    return stored["number" if kind == "citations" else "position"]


def _row(kind: str, stored: dict, titles: dict) -> Row:
    if kind == "citations":
        title = titles.get(stored["reference_id"], "?")
        return Row(stored["reference_id"], title, {"reference": title})
    texts = {name: as_text(stored[name]) for name in PARTS[kind].fields}
    return Row(stored["id"], texts[PARTS[kind].fields[0]], texts)


def version_snapshot(version: Version, parts: dict[type, list[dict]], names: dict) -> Snapshot:
    """The article as stored in `version`'s revision; `names` of its people, topics and references by model."""
    stored = version.field_dict
    fields = {name: _field_text(name, stored.get(name)) for name in VERSION_FIELDS}
    people, topics = names[Contributor], names[Topic]
    fields["authors"] = ", ".join(sorted(people.get(pk, "?") for pk in stored.get("authors", [])))
    fields["topics"] = ", ".join(sorted(topics.get(pk, "?") for pk in stored.get("topics", [])))
    fields["medical_reviewer"] = people.get(stored.get("medical_reviewer_id"), "")
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
    people = [pk for fields in stored for pk in [*fields.get("authors", []), fields.get("medical_reviewer_id")]]
    citations = [row for version in versions for row in parts[version][PARTS["citations"].model]]
    names = {
        Contributor: _names(Contributor, people),
        Topic: _names(Topic, [pk for fields in stored for pk in fields.get("topics", [])]),
        Reference: _names(Reference, [row["reference_id"] for row in citations]),
    }
    before, after = (version_snapshot(version, parts[version], names) for version in versions)
    return compare(before, after)
