"""Stored versions (django-reversion) of an article's working copy, and readable comparisons between them."""

import difflib
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from reversion.models import Version

from articles.models import FAQ, Article, CauseComparison, Citation, Contributor, KeyPoint, Section, Topic
from references.models import Reference

ARTICLE_FIELDS = [
    ("title", "Title"),
    ("subtitle", "Subtitle"),
    ("slug", "Slug"),
    ("summary", "Quick summary"),
    ("intro", "Introduction"),
    ("comparison_intro", "Comparison introduction"),
    ("disclaimer", "Medical disclaimer"),
    ("next_review_due", "Next review due"),
    ("reading_time_override", "Reading time override"),
]

CHILDREN = [
    (KeyPoint, "Key points", "position", lambda d, names: f"{d['title']}: {d['text']}"),
    (Section, "Sections", "position", lambda d, names: f"## {d['heading']}\n{d['body']}"),
    (
        CauseComparison,
        "Comparison table",
        "position",
        lambda d, names: f"{d['cause']} | {d['related_symptoms']} | {d['differentiating_factors']}",
    ),
    (FAQ, "FAQs", "position", lambda d, names: f"Q: {d['question']}\nA: {d['answer']}"),
    (Citation, "Citations", "number", lambda d, names: f"[{d['number']}] {names.get(d['reference_id'], '?')}"),
]


@dataclass(frozen=True)
class FieldChange:
    label: str
    diff: SafeString


def article_versions(article: Article):
    return Version.objects.get_for_object(article).select_related("revision", "revision__user")


def stored_version(article: Article, number: int, look_back: int = 50) -> Version | None:
    """The stored revision of the article whose working copy had `number` as its version, if any."""
    for version in article_versions(article)[:look_back]:
        if version.field_dict.get("version") == number:
            return version
    return None


def _names(model, pks) -> dict:
    """Display names of the rows a snapshot mentions, fetched once (they may be many in the table)."""
    label = "title" if model is Reference else "name"
    return dict(model.objects.filter(pk__in=set(pks)).values_list("pk", label))


def version_parts(version: Version) -> dict[type, list[dict]]:
    """The stored parts of the article in `version`'s revision (field dicts), by model, in one query."""
    children: dict[type, list[dict]] = {model: [] for model, *_ in CHILDREN}
    for sibling in version.revision.version_set.select_related("content_type"):
        model = sibling.content_type.model_class()
        if model in children:
            children[model].append(sibling.field_dict)
    return children


def snapshot(version: Version, children: dict[type, list[dict]], names: dict) -> dict[str, str]:
    """Every compared part of the article as text, as stored in `version`'s revision."""
    fields = version.field_dict
    people, topics = names[Contributor], names[Topic]
    texts = {label: "" if fields.get(name) is None else str(fields[name]) for name, label in ARTICLE_FIELDS}
    texts["Authors"] = ", ".join(sorted(people.get(pk, "?") for pk in fields.get("authors", [])))
    texts["Topics"] = ", ".join(sorted(topics.get(pk, "?") for pk in fields.get("topics", [])))
    texts["Medical reviewer"] = people.get(fields.get("medical_reviewer_id"), "")
    for model, label, order_field, render in CHILDREN:
        rows = sorted(children[model], key=lambda row: row[order_field])
        texts[label] = "\n\n".join(render(row, names[Reference]) for row in rows)
    return texts


def _word_diff(before: str, after: str) -> SafeString:
    old, new = before.split(" "), after.split(" ")
    parts = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag in ("delete", "replace"):
            parts.append(f"<del>{escape(' '.join(old[i1:i2]))}</del>")
        if tag in ("insert", "replace"):
            parts.append(f"<ins>{escape(' '.join(new[j1:j2]))}</ins>")
        if tag == "equal":
            parts.append(escape(" ".join(old[i1:i2])))
    return mark_safe(" ".join(parts).replace("\n", "<br>"))  # every piece above is escaped


def compare(older: Version, newer: Version) -> list[FieldChange]:
    """The parts that differ between two revisions, each with a word-level diff."""
    versions = (older, newer)
    children = {version: version_parts(version) for version in versions}
    fields = [version.field_dict for version in versions]
    names = {
        Contributor: _names(
            Contributor,
            [pk for f in fields for pk in [*f.get("authors", []), f.get("medical_reviewer_id")] if pk is not None],
        ),
        Topic: _names(Topic, [pk for f in fields for pk in f.get("topics", [])]),
        Reference: _names(Reference, [row["reference_id"] for v in versions for row in children[v][Citation]]),
    }
    before, after = (snapshot(version, children[version], names) for version in versions)
    return [
        FieldChange(label, _word_diff(before[label], after[label])) for label in before if before[label] != after[label]
    ]
