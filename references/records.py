"""What an editor pastes to add a reference, read into the reference's fields: a DOI or doi.org link, a PubMed
ID or PubMed link, a PubMed (MEDLINE, .nbib) record, an RIS record or a BibTeX entry; and a Crossref work, as
the online look-up gets it. Pure functions: no database, no network. Authors come out in the stored form,
"Surname INITIALS" separated by commas, as PubMed writes them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import unquote

import bibtexparser
import rispy
from bibtexparser import middlewares
from bibtexparser.middlewares.middleware import Middleware
from bibtexparser.middlewares.names import NameParts
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from references.choices import ReferenceKind
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


# --- the pasted text as a whole --------------------------------------------------------------------------------

TAGGED_LINE = re.compile(r"(?P<tag>[A-Z][A-Z0-9]{1,3}) {0,3}- ?(?P<value>.*)")


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


def shortened(text: str, length: int = 80) -> str:
    line = " ".join(text.split())
    return line if len(line) <= length else line[: length - 1] + "…"


def one_record(count: int, what: str) -> None:
    if count > 1:
        raise Unreadable(
            _("This holds %(count)s %(what)s records: paste one reference at a time.") % {"count": count, "what": what}
        )


# --- PubMed (MEDLINE) ------------------------------------------------------------------------------------------

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


def read_medline(text: str) -> ReferenceDraft:
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


# --- RIS -------------------------------------------------------------------------------------------------------

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


def read_ris(text: str) -> ReferenceDraft:
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


# --- BibTeX ----------------------------------------------------------------------------------------------------

BIBTEX_KINDS = {
    "article": ReferenceKind.JOURNAL_ARTICLE,
    **dict.fromkeys(("book", "inbook", "incollection", "booklet"), ReferenceKind.BOOK),
    **dict.fromkeys(("online", "www", "electronic"), ReferenceKind.WEBSITE),
    **dict.fromkeys(("techreport", "report", "manual", "standard"), ReferenceKind.GUIDELINE),
}


def bibtex_parse_stack() -> list[Middleware]:
    """Field names in lower case ("DOI" as doi.org writes it); LaTeX turned into text (M{\\"u}ller -> Müller),
    keeping braced groups so that an organisation written {Endocrine Society} stays one name; authors split."""
    return [
        middlewares.NormalizeFieldKeys(),
        middlewares.LatexDecodingMiddleware(keep_braced_groups=True),
        middlewares.SeparateCoAuthors(),
        middlewares.SplitNameParts(),
    ]


def unbraced(text: str) -> str:
    return " ".join(text.replace("{", "").replace("}", "").split())


def bibtex_author(name: NameParts) -> str:
    family = unbraced(" ".join([*name.von, *name.last]))
    return author_name(family, unbraced(" ".join(name.first)), unbraced(" ".join(name.jr)))


def read_bibtex(text: str) -> ReferenceDraft:
    library = bibtexparser.parse_string(text, append_middleware=bibtex_parse_stack())
    if library.failed_blocks:
        failed = library.failed_blocks[0]
        raise Unreadable(
            _("The BibTeX entry could not be read from its line %(line)s: “%(text)s”. Check its braces and commas.")
            % {"line": failed.start_line + 1, "text": shortened(failed.raw)}
        )
    if not library.entries:
        raise Unreadable(_("No BibTeX entry was found: an entry starts like “@article{key,”."))
    one_record(len(library.entries), "BibTeX")
    (entry,) = library.entries
    values = {key: field.value for key, field in entry.fields_dict.items()}

    def first(*keys: str) -> str:
        return next((unbraced(str(values[key])) for key in keys if str(values.get(key) or "").strip()), "")

    kind = BIBTEX_KINDS.get(entry.entry_type.lower(), "")
    title = first("title")
    if not title:
        raise Unreadable(_("The BibTeX entry has no title."))
    if kind == ReferenceKind.JOURNAL_ARTICLE:
        container = first("journal", "journaltitle")
    elif kind == ReferenceKind.WEBSITE:
        container = first("organization", "publisher", "howpublished")
    else:
        container = first("publisher", "institution", "organization")
    eprint_pmid = first("eprint") if first("eprinttype").lower() == "pubmed" else ""
    fields = {"doi": normalize_doi(first("doi")), "pmid": read_pmid(first("pmid") or eprint_pmid)}
    authors = values.get("author")
    return ReferenceDraft(
        source=RecordFormat.BIBTEX,
        kind=kind,
        title=title_text(title),
        authors=author_list(bibtex_author(name) for name in authors) if isinstance(authors, list) else "",
        container=container,
        year=year_in(first("year"), first("date")),
        volume=first("volume"),
        issue=first("number", "issue"),
        pages=page_range(first("pages")),
        **with_links(fields, [first("url")]),
    )


# --- Crossref --------------------------------------------------------------------------------------------------

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
