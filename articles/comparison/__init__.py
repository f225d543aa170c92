"""Comparisons that tell the truth about what changed between two states of an article.

- `text`: a text diff that keeps line breaks (lines first, then words within changed lines), escaped HTML
- `snapshot`: what is compared (`Snapshot`, `Row`), whatever the source: a stored version, an approved or
  published document, the working copy
- `changes`: the comparison itself (`compare`): fields, rows by identity, citations renumbered
- `versions`: stored versions of the working copy as snapshots (`compare_versions`)
- `documents`: frozen documents (approved, published, shown to a reviewer) as snapshots; `publishing.snapshots`
  loads them
"""

from articles.comparison.changes import Comparison, FieldChange, PartChanges, RowChange, compare, renumbering_text
from articles.comparison.snapshot import PARTS, Row, Snapshot, as_text
from articles.comparison.text import text_diff, text_marked

__all__ = [
    "PARTS",
    "Comparison",
    "FieldChange",
    "PartChanges",
    "Row",
    "RowChange",
    "Snapshot",
    "as_text",
    "compare",
    "renumbering_text",
    "text_diff",
    "text_marked",
]
