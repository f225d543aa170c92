"""RIS records, as reference managers export them."""

from __future__ import annotations

import re

import rispy
from django.utils.translation import gettext as _

from references.choices import ReferenceKind
from references.identifiers import normalize_doi
from references.records.fields import (
    RecordFormat,
    ReferenceDraft,
    Unreadable,
    author_from_inverted,
    author_list,
    one_record,
    page_range,
    read_pmid,
    title_text,
    with_links,
    year_in,
)

RIS_KINDS = {
    **dict.fromkeys(("JOUR", "JFULL", "EJOUR", "INPR", "ABST", "MGZN"), ReferenceKind.JOURNAL_ARTICLE),
    **dict.fromkeys(("BOOK", "EBOOK", "EDBOOK", "CHAP", "ECHAP"), ReferenceKind.BOOK),
    **dict.fromkeys(("ELEC", "WEB", "BLOG"), ReferenceKind.WEBSITE),
    # Documents an organisation issues on its own: the project cites a guideline without a journal as a report.
    **dict.fromkeys(("GUIDE", "STAND", "RPRT", "GOVDOC"), ReferenceKind.GUIDELINE),
}
# Where a journal article appeared, most wanted first: the abbreviation (JA, J2), as PubMed and AMA write it,
# then the full name (JO, T2, JF).
RIS_JOURNAL_KEYS = ("alternate_title2", "alternate_title1", "journal_name", "secondary_title", "alternate_title3")


RIS_RECORD_START = re.compile(r"^TY {0,3}-", re.MULTILINE)  # each record's first line, "TY  - JOUR"


def read_ris(text: str) -> ReferenceDraft:
    one_record(len(RIS_RECORD_START.findall(text)), "RIS")  # counted before parsing, as records start
    try:
        records = rispy.loads(text)
    except (OSError, ValueError) as error:  # rispy's IOError for an unclosed record, and the like
        raise Unreadable(_("The RIS record could not be read: %(error)s.") % {"error": error}) from error
    if not records:
        raise Unreadable(_("The RIS record could not be read: it must end with an “ER  - ” line."))
    one_record(len(records), "RIS")
    (record,) = records

    def first(*keys: str) -> str:
        return next((str(record[key]).strip() for key in keys if str(record.get(key) or "").strip()), "")

    kind = RIS_KINDS.get(first("type_of_reference").upper(), "")
    title = first("title", "primary_title")
    if not title:
        raise Unreadable(_("The RIS record has no title (a “TI  - ” or “T1  - ” line)."))
    journal = kind in (ReferenceKind.JOURNAL_ARTICLE, "")
    database = first("name_of_database", "database_provider").lower()
    accession = first("accession_number")
    names = [*record.get("authors", []), *record.get("first_authors", [])]
    fields = {
        "doi": normalize_doi(first("doi")),
        # An accession number is a PubMed ID only when the record says it came from PubMed.
        "pmid": read_pmid(accession) if ("pubmed" in database or "medline" in database) else "",
    }
    return ReferenceDraft(
        source=RecordFormat.RIS,
        kind=kind,
        title=title_text(title),
        authors=author_list(author_from_inverted(name) for name in names),
        container=first(*RIS_JOURNAL_KEYS) if journal else first("publisher", "secondary_title"),
        year=year_in(first("year"), first("publication_year"), first("date")),
        volume=first("volume"),
        issue=first("number"),
        pages=page_range(first("start_page"), first("end_page")),
        **with_links(fields, record.get("urls", [])),
    )
