"""The Retraction Watch database as Crossref distributes it (one CSV row per notice), read into notices.

The columns used: `Record ID`, `Title`, `RetractionDate` (M/D/YYYY, sometimes with a time), `RetractionDOI`,
`OriginalPaperDOI`, `OriginalPaperPubMedID`, `RetractionNature`, `Reason`. Missing identifiers are written
as `unavailable` or `0` in the file; a row with neither a DOI nor a PubMed ID of the paper matches nothing
and is skipped. A row that cannot be read stops the import with its line number: nothing is imported.
"""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction

from references.identifiers import normalize_doi, normalize_pmid
from references.models import NoticeNature, RetractionNotice

REQUIRED = (
    "Record ID",
    "Title",
    "RetractionDate",
    "RetractionDOI",
    "OriginalPaperDOI",
    "OriginalPaperPubMedID",
    "RetractionNature",
    "Reason",
)
NATURES = {
    "retraction": NoticeNature.RETRACTION,
    "correction": NoticeNature.CORRECTION,
    "expression of concern": NoticeNature.EXPRESSION_OF_CONCERN,
    "reinstatement": NoticeNature.REINSTATEMENT,
}
MISSING = {"", "0", "unavailable", "unknown", "na", "n/a"}


class RetractionFileError(Exception):
    """The file is not the Retraction Watch CSV, or one of its rows cannot be read (the message names it)."""


@dataclass
class Progress:
    """Where the reader is: the file's line (a quoted field may span lines) out of `lines`."""

    lines: int
    line: int = 0


def _identifier(value: str) -> str:
    return "" if value.strip().lower() in MISSING else value.strip()


def _date(value: str, line: int) -> date | None:
    text = value.strip()
    if not text:
        return None
    day = text.split(" ", 1)[0]
    for layout in ("%m/%d/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(day, layout).date()
        except ValueError:
            continue
    raise RetractionFileError(f"Line {line}: RetractionDate “{text}” is not a date (expected M/D/YYYY).")


def _notice(row: dict, line: int) -> RetractionNotice | None:
    try:
        record_id = int(row["Record ID"])
    except (TypeError, ValueError) as error:
        raise RetractionFileError(f"Line {line}: Record ID “{row['Record ID']}” is not a number.") from error
    nature = NATURES.get((row["RetractionNature"] or "").strip().lower())
    if nature is None:
        raise RetractionFileError(
            f"Line {line}: RetractionNature “{row['RetractionNature']}” is not one of "
            f"{', '.join(label.capitalize() for label in NATURES)}."
        )
    doi = normalize_doi(_identifier(row["OriginalPaperDOI"] or ""))
    pmid = normalize_pmid(_identifier(row["OriginalPaperPubMedID"] or ""))
    if not doi and not pmid:
        return None
    if len(doi) > 200 or len(pmid) > 12:
        raise RetractionFileError(f"Line {line}: the paper's DOI or PubMed ID is too long to be one.")
    return RetractionNotice(
        record_id=record_id,
        nature=nature,
        notice_date=_date(row["RetractionDate"] or "", line),
        notice_doi=normalize_doi(_identifier(row["RetractionDOI"] or ""))[:200],
        original_doi=doi,
        original_pmid=pmid,
        original_title=(row["Title"] or "").strip()[:1000],
        reason=(row["Reason"] or "").strip(),
    )


def read_notices(stream: io.TextIOBase, progress: Progress | None = None) -> Iterator[RetractionNotice]:
    """The notices of a Retraction Watch CSV, in file order; RetractionFileError for the first bad row."""
    reader = csv.DictReader(stream)
    missing = [name for name in REQUIRED if name not in (reader.fieldnames or [])]
    if missing:
        raise RetractionFileError(f"Not the Retraction Watch CSV: the header lacks {', '.join(missing)} (line 1).")
    rows = iter(reader)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as error:
            raise RetractionFileError(f"Line {reader.line_num}: {error}.") from error
        line = reader.line_num
        if any(row.get(name) is None for name in REQUIRED):
            raise RetractionFileError(f"Line {line}: the row has fewer columns than the header.")
        if progress is not None:
            progress.line = line
        notice = _notice(row, line)
        if notice is not None:
            yield notice


def retraction_notices_import(notices: Iterator[RetractionNotice], *, batch: int = 2000) -> int:
    """Store the notices, all or nothing: each replaces the one with its record id (importing the same file
    again changes nothing). Returns how many rows were stored."""
    stored = 0
    with transaction.atomic():
        chunk: list[RetractionNotice] = []
        for notice in notices:
            chunk.append(notice)
            if len(chunk) >= batch:
                stored += _upsert(chunk)
                chunk = []
        stored += _upsert(chunk)
    return stored


def _upsert(chunk: list[RetractionNotice]) -> int:
    if not chunk:
        return 0
    chunk = list({notice.record_id: notice for notice in chunk}.values())  # a record once per statement
    fields = [field.name for field in RetractionNotice._meta.concrete_fields if field.name not in ("id", "record_id")]
    RetractionNotice.objects.bulk_create(
        chunk, update_conflicts=True, unique_fields=["record_id"], update_fields=fields
    )
    return len(chunk)
