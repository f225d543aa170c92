"""PubMed's MEDLINE records (.nbib, and what E-utilities' efetch answers)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.translation import gettext as _

from references.choices import ReferenceKind
from references.identifiers import normalize_doi
from references.records.fields import (
    TAGGED_LINE,
    RecordFormat,
    ReferenceDraft,
    Unreadable,
    author_list,
    one_record,
    page_range,
    read_pmid,
    shortened,
    title_text,
    year_in,
)

MEDLINE_CONTINUATION = "      "  # a value going on over several lines: each further line starts with six spaces
GUIDELINE_TYPES = {"guideline", "practice guideline"}


def medline_tags(text: str) -> list[tuple[str, str]]:
    """(tag, value) pairs in the record's order, continuation lines joined to their value."""
    pairs: list[tuple[str, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if line.startswith(MEDLINE_CONTINUATION) and pairs:
            tag, value = pairs[-1]
            pairs[-1] = (tag, f"{value} {line.strip()}")
            continue
        match = TAGGED_LINE.fullmatch(line.rstrip())
        if match is None:
            raise Unreadable(
                _("Line %(number)s of the PubMed record could not be read: “%(line)s”. Paste the record as PubMed "
                  "exports it (.nbib), a tag such as “TI  - ” at the start of each line.")
                % {"number": number, "line": shortened(line)}
            )  # fmt: skip
        pairs.append((match["tag"], match["value"].strip()))
    return pairs


def identifier_tagged(values: Iterable[str], kind: str) -> str:
    """From PubMed's "10.1056/NEJMra070553 [doi]" article identifiers, the one of this kind ("doi", "pii")."""
    suffix = f" [{kind}]"
    return next((value[: -len(suffix)].strip() for value in values if value.endswith(suffix)), "")


MEDLINE_RECORD_START = re.compile(r"^PMID {0,3}-", re.MULTILINE)  # each record's first line, "PMID- 17634462"


def read_medline(text: str) -> ReferenceDraft:
    one_record(len(MEDLINE_RECORD_START.findall(text)), "PubMed")  # counted before the lines are read
    pairs = medline_tags(text)
    tags: dict[str, list[str]] = {}
    for tag, value in pairs:
        tags.setdefault(tag, []).append(value)
    one_record(len(tags.get("PMID", [])), "PubMed")

    def first(*names: str) -> str:
        return next((tags[name][0] for name in names if tags.get(name)), "")

    if not first("TI", "BTI"):
        raise Unreadable(_("The PubMed record has no title (a “TI  - ” line): paste the whole record."))
    types = {value.lower() for value in tags.get("PT", [])}
    book = bool(tags.get("BTI")) and not tags.get("TA")
    if types & GUIDELINE_TYPES:
        kind = ReferenceKind.GUIDELINE
    else:
        kind = ReferenceKind.BOOK if book else ReferenceKind.JOURNAL_ARTICLE
    pmid = first("PMID")
    return ReferenceDraft(
        source=RecordFormat.MEDLINE,
        kind=kind,
        title=title_text(first("TI", "BTI")),
        # Persons (AU, already "Holick MF"), then groups (CN, "Endocrine Society"), as PubMed lists them.
        authors=author_list([*tags.get("AU", []), *tags.get("CN", [])]),
        container=first("PB") if book else first("TA", "JT"),
        year=year_in(first("DP")),
        volume=first("VI"),
        issue=first("IP"),
        pages=page_range(first("PG")),
        doi=normalize_doi(identifier_tagged([*tags.get("LID", []), *tags.get("AID", [])], "doi")),
        pmid=pmid if read_pmid(pmid) == pmid else "",
    )
