"""Two snapshots compared: the article's fields as text diffs, its parts row by row.

Rows are matched by identity, so an edited key point is an edit of that row, a dragged one a move, and new
or deleted rows are just that. Citations are matched by the reference they cite: when they are reordered,
the editing service rewrites every marker ([1] → [2]), so the markers of the older text are put through the
same renumbering before the texts are compared, and the renumbering is reported once.
"""

from dataclasses import dataclass, field

from django.contrib.humanize.templatetags.humanize import ordinal
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from articles import content_model
from articles.comparison.snapshot import (
    PARTS,
    Row,
    Snapshot,
    cited_fields,
)
from articles.comparison.text import text_diff, text_marked
from core.citation_markers import rewrite_markers


@dataclass(frozen=True)
class FieldChange:
    label: str
    diff: SafeString


@dataclass(frozen=True)
class RowChange:
    change: str  # "added", "removed", "moved", "edited" (perhaps moved as well): a CSS class
    name: str
    summary: str  # in words: "Moved from 3rd to 1st"
    fields: list[FieldChange]


@dataclass(frozen=True)
class PartChanges:
    label: str
    rows: list[RowChange]
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Comparison:
    fields: list[FieldChange]
    parts: list[PartChanges]
    renumbering: dict[int, int]  # old citation number → new, for the citations whose number changed

    def __bool__(self) -> bool:
        return bool(self.fields or self.parts)


def renumbering_text(renumbering: dict[int, int]) -> str:
    return ", ".join(f"[{old}]→[{new}]" for old, new in sorted(renumbering.items()))


def _renumbering(before: list[Row], after: list[Row]) -> dict[int, int]:
    numbers = {row.id: number for number, row in enumerate(after, start=1)}
    return {
        old: numbers[row.id]
        for old, row in enumerate(before, start=1)
        if row.id is not None and row.id in numbers and numbers[row.id] != old
    }


def _longest_common(old: list, new: list) -> set:
    """The keys in the longest subsequence common to both orders: the rows that kept their place while
    others moved around them (every other row present on both sides was moved). Of two rows swapped, the
    one that went up is the one moved, as when it is dragged to the top."""
    lengths = [[0] * (len(new) + 1) for _ in range(len(old) + 1)]
    for i in range(len(old) - 1, -1, -1):
        for j in range(len(new) - 1, -1, -1):
            lengths[i][j] = lengths[i + 1][j + 1] + 1 if old[i] == new[j] else max(lengths[i + 1][j], lengths[i][j + 1])
    kept, i, j = set(), 0, 0
    while i < len(old) and j < len(new):
        if old[i] == new[j]:
            kept.add(old[i])
            i, j = i + 1, j + 1
        elif lengths[i + 1][j] > lengths[i][j + 1]:
            i += 1
        else:
            j += 1
    return kept


def _field_changes(kind: str, before: Row, after: Row, renumbering: dict[int, int]) -> list[FieldChange]:
    spec = PARTS[kind]
    changes = []
    for name in spec.fields:
        old, new = before.texts.get(name, ""), after.texts.get(name, "")
        if name == spec.cited:
            old = rewrite_markers(old, renumbering)
        if old != new:
            changes.append(FieldChange(spec.field_label(name), text_diff(old, new)))
    return changes


def _whole(kind: str, row: Row, tag: str) -> list[FieldChange]:
    spec = PARTS[kind]
    return [
        FieldChange(spec.field_label(name), text_marked(tag, row.texts[name]))
        for name in spec.fields
        if row.texts.get(name)
    ]


def _place(kind: str, index: int) -> str:
    return f"[{index + 1}]" if kind == "citations" else ordinal(index + 1)  # type: ignore[return-value]  # the stub: an int's ordinal is a str


def _keys(before: list[Row], after: list[Row]) -> tuple[list, list, bool]:
    """What identifies each row on either side, and whether that is its id (else its place: a source that does
    not know its rows' ids, a document frozen from an unstored version, is matched by place).

    A row removed and one added with the very same texts are the same row made again (restoring a version
    brings deleted rows back under new ids): they are not reported as removed and added.
    """
    if not all(row.id is not None for row in [*before, *after]):
        return list(range(len(before))), list(range(len(after))), False
    old, new = [row.id for row in before], [row.id for row in after]
    gone = [index for index, key in enumerate(old) if key not in set(new)]
    for index, row in enumerate(after):
        if row.id in old:
            continue
        twin = next((was for was in gone if before[was].texts == row.texts), None)
        if twin is not None:
            new[index] = old[twin]
            gone.remove(twin)
    return old, new, True


def _part_changes(kind: str, before: list[Row], after: list[Row], renumbering: dict[int, int]) -> PartChanges | None:
    old_keys, new_keys, by_id = _keys(before, after)
    old = {key: (index, row) for index, (key, row) in enumerate(zip(old_keys, before, strict=True))}
    new = {key: (index, row) for index, (key, row) in enumerate(zip(new_keys, after, strict=True))}
    kept = _longest_common([key for key in old if key in new], [key for key in new if key in old])
    rows = []
    for key, (index, row) in new.items():
        if key not in old:
            summary = _("Added as %(place)s") % {"place": _place(kind, index)}
            rows.append(RowChange("added", row.name, summary, _whole(kind, row, "ins")))
            continue
        was, stored = old[key]
        edits = _field_changes(kind, stored, row, renumbering)
        # Reordered citations are one renumbering, reported once for the whole list.
        moved = key not in kept and kind != "citations"
        if moved:
            places = {"was": _place(kind, was), "now": _place(kind, index)}
            if edits:
                summary = _("Edited, and moved from %(was)s to %(now)s") % places
            else:
                summary = _("Moved from %(was)s to %(now)s") % places
            rows.append(RowChange("moved edited" if edits else "moved", row.name, summary, edits))
        elif edits:
            rows.append(RowChange("edited", row.name, _("Edited"), edits))
    for key, (index, row) in old.items():
        if key not in new:
            summary = _("Removed (was %(place)s)") % {"place": _place(kind, index)}
            rows.append(RowChange("removed", row.name, summary, _whole(kind, row, "del")))
    notes = []
    if kind == "citations" and renumbering:
        notes.append(_("Citations renumbered: %(map)s") % {"map": renumbering_text(renumbering)})
    if not by_id and (before or after):
        notes.append(_("Compared by place: one of the two does not record which row is which."))
    if not rows and not (kind == "citations" and renumbering):
        return None
    return PartChanges(PARTS[kind].label, rows, notes)


def compare(before: Snapshot, after: Snapshot) -> Comparison:
    """What changed from `before` to `after`."""
    renumbering = _renumbering(before.parts.get("citations", []), after.parts.get("citations", []))
    fields, cited = [], cited_fields()
    for name in content_model.compared_fields():
        if name not in before.fields and name not in after.fields:
            continue
        old, new = before.fields.get(name, ""), after.fields.get(name, "")
        if name in cited:
            old = rewrite_markers(old, renumbering)
        if old != new:
            fields.append(FieldChange(content_model.field_label(name), text_diff(old, new)))
    parts = [
        changes
        for kind in PARTS
        if (changes := _part_changes(kind, before.parts.get(kind, []), after.parts.get(kind, []), renumbering))
    ]
    return Comparison(fields, parts, renumbering)
