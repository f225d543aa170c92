"""A reference read from what an editor pasted (ReferenceDraft), and the readings every format shares:
identifiers, authors in the stored form, years, page ranges, plain titles.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import unquote

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from references.csl import full_page_range
from references.identifiers import DOI_INPUT, normalize_doi


class RecordFormat(models.TextChoices):
    DOI = "doi", gettext_lazy("DOI")
    PMID = "pmid", gettext_lazy("PubMed ID")
    MEDLINE = "medline", gettext_lazy("PubMed record")
    RIS = "ris", gettext_lazy("RIS record")
    BIBTEX = "bibtex", gettext_lazy("BibTeX entry")
    CROSSREF = "crossref", gettext_lazy("Crossref record")


class Unreadable(ValueError):
    """The pasted text is none of the identifiers or records this module reads; the message says what it is not."""


@dataclass(frozen=True)
class ReferenceDraft:
    """A reference's fields as a pasted identifier or record gives them, for the editor to check before saving."""

    source: RecordFormat
    kind: str = ""
    title: str = ""
    authors: str = ""
    container: str = ""
    year: int | None = None
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    pmid: str = ""
    url: str = ""

    @property
    def identifier_only(self) -> bool:
        """A bare DOI or PubMed ID: only an online look-up can tell the rest."""
        return self.source in (RecordFormat.DOI, RecordFormat.PMID)

    def fields(self) -> dict[str, Any]:
        """The reference fields the draft fills, by name (blank ones left out)."""
        return {name: value for name, value in asdict(self).items() if name != "source" and value not in ("", None)}


# --- identifiers -----------------------------------------------------------------------------------------------

# A DOI as typed or linked: bare, "doi:", or a doi.org / dx.doi.org address (http or https). A period ending
# the text is dropped: it closes the sentence a DOI was copied from (DOIs ending in one are not issued in practice).
DOI_PASTED = re.compile(r"(?:https?://(?:dx\.)?doi\.org/|doi:\s*)?(?P<doi>10\.\S+?)\.?", re.IGNORECASE)
PMID_PASTED = re.compile(
    r"(?:pmid:?\s*|https?://(?:pubmed\.ncbi\.nlm\.nih\.gov/|(?:www\.)?ncbi\.nlm\.nih\.gov/pubmed/))?"
    r"(?P<pmid>[1-9][0-9]{0,8})(?:/?(?:[?#]\S*)?)",
    re.IGNORECASE,
)


def read_doi(text: str) -> str:
    """The normalised DOI that `text` is, alone, or "" when it is not one."""
    match = DOI_PASTED.fullmatch(text.strip())
    if match is None:
        return ""
    doi = unquote(match["doi"])  # a doi.org address may percent-encode the DOI's characters
    return normalize_doi(doi) if re.fullmatch(DOI_INPUT, doi) else ""


def read_pmid(text: str) -> str:
    """The PubMed ID that `text` is, alone ("17634462", "PMID: 17634462", a PubMed address), or ""."""
    match = PMID_PASTED.fullmatch(text.strip())
    return match["pmid"] if match else ""


def read_identifier(text: str) -> tuple[str, str] | None:
    """("doi", value) or ("pmid", value) when `text` is one identifier alone; None otherwise."""
    if doi := read_doi(text):
        return "doi", doi
    if pmid := read_pmid(text):
        return "pmid", pmid
    return None


# A tagged line of a MEDLINE or RIS record: "TI  - Vitamin D deficiency".
TAGGED_LINE = re.compile(r"(?P<tag>[A-Z][A-Z0-9]{1,3}) {0,3}- ?(?P<value>.*)")


# --- authors ---------------------------------------------------------------------------------------------------

GIVEN_NAME_PARTS = re.compile(r"[\s.\-‐]+")


def initials(given: str) -> str:
    """ "Michael F." -> "MF", "M. Hassan" -> "MH", "Jean-Pierre" -> "JP": the first letter of each given name."""
    return "".join(part[0].upper() for part in GIVEN_NAME_PARTS.split(given) if part)


def author_name(family: str, given: str = "", suffix: str = "") -> str:
    """ "Holick MF", "Smith J Jr": a person in the stored form (the family name as written, then initials)."""
    return " ".join(part for part in (family.strip(), initials(given), suffix.strip().rstrip(".")) if part)


def author_from_inverted(name: str) -> str:
    """An author written "Family, Given" (or "Family, Given, Suffix", as RIS has it) in the stored form; a name
    without a comma (an organisation, or one already written "Holick MF") is kept as it is."""
    family, comma, rest = name.partition(",")
    if not comma:
        return " ".join(name.split())
    given, _comma, suffix = rest.partition(",")
    return author_name(family, given, suffix)


def author_list(names: Iterable[str]) -> str:
    return ", ".join(name for name in names if name)


# --- years, pages, titles --------------------------------------------------------------------------------------

YEAR = re.compile(r"\b(1[89][0-9]{2}|20[0-9]{2}|2100)\b")


def year_in(*texts: str | None) -> int | None:
    """The first year (1800 to 2100) found in the first of `texts` that has one: "2007 Jul 19", "2011///"."""
    for text in texts:
        if text and (match := YEAR.search(str(text))):
            return int(match[1])
    return None


def page_range(first: str | None, last: str | None = None) -> str:
    """ "266"+"281", "266-81", "266--281" or "266–281" -> "266-281": one hyphen, the last page whole."""
    pages = "-".join(part.strip() for part in (first, last) if part and part.strip())
    return full_page_range(re.sub(r"\s*(?:--|[‐–—])\s*", "-", pages))


MARKUP = re.compile(r"<[^>]+>")


def plain(text: str | None) -> str:
    """One line of plain text: without the tags and entities Crossref titles may carry (JATS <i>, &amp;)."""
    return " ".join(html.unescape(MARKUP.sub("", text or "")).split())


def title_text(text: str | None) -> str:
    """A title without the period PubMed ends it with (the citation style puts its own); "?" and "!" stay."""
    title = plain(text)
    return title[:-1] if title.endswith(".") else title


def first_web_address(addresses: Iterable[str]) -> str:
    """The first address that is neither a doi.org nor a PubMed link (those are the DOI and PMID, kept as such)."""
    return next((url.strip() for url in addresses if url.strip() and not read_identifier(url)), "")


def with_links(fields: dict[str, Any], links: Iterable[str]) -> dict[str, Any]:
    """`fields` completed from a record's links: a doi.org or PubMed link gives the DOI or PMID when the record
    did not; another address is the URL only when there is no DOI (a DOI is the lasting link to a paper)."""
    links = [link for link in links if link]
    for link in links:
        if found := read_identifier(link):
            fields[found[0]] = fields.get(found[0]) or found[1]
    if not fields.get("doi"):
        fields["url"] = first_web_address(links)
    return fields


def shortened(text: str, length: int = 80) -> str:
    line = " ".join(text.split())
    return line if len(line) <= length else line[: length - 1] + "…"


def one_record(count: int, what: str) -> None:
    """Unreadable, naming the limit (one), when `count` records were pasted. The readers call it twice: first with
    a count of where records start, a scan in time linear in the paste and cheap beside parsing (parsing 5,000
    BibTeX entries to learn that there are 5,000 took seconds), then with what the parser found."""
    if count > 1:
        raise Unreadable(
            _("This holds %(count)s %(what)s records: paste one reference at a time.") % {"count": count, "what": what}
        )
