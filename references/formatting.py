"""AMA (11th edition) style citations, computed from a reference's fields.

Plain text: italics of journal and book titles are left to the frontend.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from references.choices import ReferenceKind

if TYPE_CHECKING:
    from references.models import Reference

# AMA dates are English whatever the server's locale (strftime's %B follows LC_TIME).
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
MAX_LISTED_AUTHORS = 6  # AMA: list all authors up to 6; with more, the first 3 and "et al".
AUTHORS_BEFORE_ET_AL = 3


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    return text if text[-1] in ".?!" else f"{text}."


def format_authors(authors: str) -> str:
    names = [name.strip() for name in authors.split(",") if name.strip()]
    if len(names) > MAX_LISTED_AUTHORS:
        names = [*names[:AUTHORS_BEFORE_ET_AL], "et al"]
    return ", ".join(names)


def format_accessed(reference: Reference) -> str:
    day = reference.accessed_on
    return f"Accessed {MONTHS[day.month - 1]} {day.day}, {day.year}." if day else ""


def _journal_source(reference: Reference) -> str:
    source = str(reference.year or "")
    if reference.volume:
        source += f";{reference.volume}"
    if reference.issue:
        source += f"({reference.issue})"
    if reference.pages:
        source += f":{reference.pages}"
    return _sentence(source)


def _locator(reference: Reference, *, with_accessed: bool) -> list[str]:
    if reference.doi:
        return [f"doi:{reference.doi}"]
    if reference.url:
        return [format_accessed(reference) if with_accessed else "", reference.url]
    return []


def appeared_in_journal(kind: str, volume: str) -> bool:
    """A journal article, or a guideline printed in a journal (it has a volume): its `container` is the journal.
    Otherwise the container is the website, or the publisher of a book or of a guideline issued on its own."""
    return kind == ReferenceKind.JOURNAL_ARTICLE or (kind == ReferenceKind.GUIDELINE and bool(volume))


def format_ama(reference: Reference) -> str:
    parts = [_sentence(format_authors(reference.authors)), _sentence(reference.title)]
    if appeared_in_journal(reference.kind, reference.volume):
        parts += [_sentence(reference.container), _journal_source(reference)]
        parts += _locator(reference, with_accessed=False)
    elif reference.kind == ReferenceKind.WEBSITE:
        parts += [
            _sentence(reference.container),
            f"Updated {reference.year}." if reference.year else "",
            format_accessed(reference),
            reference.url,
        ]
    else:  # a book, or a guideline issued on its own: publisher; year.
        publisher_year = "; ".join(str(part) for part in (reference.container, reference.year) if part)
        parts += [_sentence(publisher_year)]
        parts += _locator(reference, with_accessed=True)
    return " ".join(part for part in parts if part)
