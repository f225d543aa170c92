"""A Crossref work (the JSON of api.crossref.org/works/{doi}), as the online look-up gets it."""

from __future__ import annotations

from typing import Any

from references.choices import ReferenceKind
from references.identifiers import normalize_doi
from references.records.fields import (
    RecordFormat,
    ReferenceDraft,
    author_list,
    author_name,
    page_range,
    plain,
    title_text,
    year_in,
)

CROSSREF_KINDS = {
    "journal-article": ReferenceKind.JOURNAL_ARTICLE,
    **dict.fromkeys(("book", "monograph", "edited-book", "reference-book", "book-chapter"), ReferenceKind.BOOK),
    **dict.fromkeys(("report", "standard"), ReferenceKind.GUIDELINE),
}


def crossref_year(work: dict[str, Any]) -> int | None:
    for key in ("issued", "published-print", "published-online", "published"):
        parts = (work.get(key) or {}).get("date-parts") or [[None]]
        if parts[0] and parts[0][0]:
            return year_in(str(parts[0][0]))
    return None


def crossref_author(person: dict[str, Any]) -> str:
    """A person (family, given, suffix) or an organisation (name)."""
    if person.get("family"):
        return author_name(plain(person["family"]), plain(person.get("given")), plain(person.get("suffix")))
    return plain(person.get("name"))


def read_crossref(work: dict[str, Any]) -> ReferenceDraft:
    """The `message` of Crossref's answer for one work (api.crossref.org/works/{doi})."""

    def first(key: str) -> str:
        value = work.get(key)
        if isinstance(value, list):
            value = value[0] if value else ""
        return plain(str(value or ""))

    kind = CROSSREF_KINDS.get(first("type"), "")
    title = first("title")
    if subtitle := first("subtitle"):
        title = f"{title}: {subtitle}"
    # A journal by its abbreviation, as AMA cites it; a book or a report by its publisher (a chapter's
    # container-title is its book, not where the reference appeared in the project's sense).
    journal = first("short-container-title") or first("container-title")
    return ReferenceDraft(
        source=RecordFormat.CROSSREF,
        kind=kind,
        title=title_text(title),
        authors=author_list(crossref_author(person) for person in work.get("author") or []),
        container=journal if journal and kind != ReferenceKind.BOOK else first("publisher"),
        year=crossref_year(work),
        volume=first("volume"),
        issue=first("issue"),
        pages=page_range(first("page")),
        doi=normalize_doi(first("DOI")),
    )
