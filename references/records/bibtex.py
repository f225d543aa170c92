"""BibTeX entries."""

from __future__ import annotations

import re

import bibtexparser
from bibtexparser import middlewares
from bibtexparser.middlewares.middleware import Middleware
from bibtexparser.middlewares.names import NameParts
from django.utils.translation import gettext as _

from references.choices import ReferenceKind
from references.identifiers import normalize_doi
from references.records.fields import (
    RecordFormat,
    ReferenceDraft,
    Unreadable,
    author_list,
    author_name,
    one_record,
    page_range,
    read_pmid,
    shortened,
    title_text,
    with_links,
    year_in,
)

BIBTEX_KINDS = {
    "article": ReferenceKind.JOURNAL_ARTICLE,
    **dict.fromkeys(("book", "inbook", "incollection", "booklet"), ReferenceKind.BOOK),
    **dict.fromkeys(("online", "www", "electronic"), ReferenceKind.WEBSITE),
    **dict.fromkeys(("techreport", "report", "manual", "standard"), ReferenceKind.GUIDELINE),
}


# What the entry count reads: braces, and the start of a block ("@article{", "@book (") with its type.
BIBTEX_TOKENS = re.compile(r"[{}]|@[ \t\r\n]*(?P<type>[A-Za-z][\w-]*)[ \t\r\n]*(?P<open>[{(])")
NOT_ENTRIES = frozenset({"comment", "string", "preamble"})  # blocks that are not references


def bibtex_entry_count(text: str) -> int:
    """How many entries `text` starts, without parsing it: the "@type{" outside any braced value (an "@" inside
    one, as in an e-mail address or a URL, starts nothing), less @comment, @string and @preamble."""
    depth = count = 0
    for token in BIBTEX_TOKENS.finditer(text):
        if token["type"] is None:
            depth = depth + 1 if token[0] == "{" else max(depth - 1, 0)
            continue
        if depth == 0 and token["type"].lower() not in NOT_ENTRIES:
            count += 1
        if token["open"] == "{":
            depth += 1
    return count


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
    one_record(bibtex_entry_count(text), "BibTeX")  # before parsing: many entries take seconds to parse
    library = bibtexparser.parse_string(text, append_middleware=bibtex_parse_stack())
    if library.failed_blocks:
        failed = library.failed_blocks[0]
        raise Unreadable(
            _("The BibTeX entry could not be read from its line %(line)s: “%(text)s”. Check its braces and commas.")
            % {"line": failed.start_line + 1, "text": shortened(failed.raw)}  # type: ignore[operator, arg-type]  # parsed: both set
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
