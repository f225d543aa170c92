"""What an editor pastes to add a reference, read into the reference's fields: a DOI or doi.org link, a PubMed
ID or PubMed link, a PubMed (MEDLINE, .nbib) record, an RIS record or a BibTeX entry; and a Crossref work, as
the online look-up gets it. Pure functions: no database, no network. Authors come out in the stored form,
"Surname INITIALS" separated by commas, as PubMed writes them.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from references.records.bibtex import read_bibtex
from references.records.crossref import read_crossref
from references.records.fields import (
    TAGGED_LINE,
    RecordFormat,
    ReferenceDraft,
    Unreadable,
    author_from_inverted,
    read_doi,
    read_identifier,
    read_pmid,
    shortened,
)
from references.records.medline import read_medline
from references.records.ris import read_ris

__all__ = [
    "RecordFormat",
    "ReferenceDraft",
    "Unreadable",
    "author_from_inverted",
    "read_crossref",
    "read_identifier",
    "read_medline",
    "read_pasted",
]


def read_pasted(text: str) -> ReferenceDraft:
    """Whatever an editor pasted, read: Unreadable, saying what it is not, when it is none of the known forms."""
    text = text.strip().lstrip("\ufeff")  # the byte order mark some reference managers start their files with
    if not text:
        raise Unreadable(_("Paste a DOI, a PubMed ID, or a PubMed, RIS or BibTeX record first."))
    if text.startswith("@"):
        return read_bibtex(text)
    first_tag = TAGGED_LINE.match(text)
    if first_tag is not None and first_tag["tag"] == "TY":
        return read_ris(text)
    if first_tag is not None:
        return read_medline(text)
    if doi := read_doi(text):
        return ReferenceDraft(source=RecordFormat.DOI, doi=doi)
    if pmid := read_pmid(text):
        return ReferenceDraft(source=RecordFormat.PMID, pmid=pmid)
    raise Unreadable(
        _(
            "“%(text)s” could not be read: it is not a DOI (10.1056/NEJMra070553, or a doi.org link), a PubMed ID "
            "(17634462, or a PubMed link), nor a whole PubMed (.nbib), RIS or BibTeX record."
        )
        % {"text": shortened(text)}
    )
