"""How much Markdown one text may hold, so that rendering it is bounded.

markdown-it-py costs about 1 µs a character on prose but ten to a hundred times that on crafted input:
brackets ("[" × n then "]" × n), images ("![" × n, quadratic), emphasis runs ("**a " × n), tiny blocks
("a\\n\\n" × n) and tables whose rows are filled in cell by cell (50 columns × 2,000 one-character lines is
100,000 cells). Each limit below bounds one of those costs; together they keep any one text well under a
tenth of a second to render, and each lies far beyond what a medical article needs (the longest text of the
demo content is 575 characters with 4 brackets; a whole typical article is about 8,000 characters).

The check reads the text with `str.count` and a few possessive regular expressions: linear, never the parser.
It stops at the first limit reached in the order below (the length first, so a 2 MB text costs nothing more).
`core.markdown` renders a text over a limit as escaped plain paragraphs, so text stored before the limits (or
written around them) still renders in bounded time; saving one is refused (`articles.edit_plan`).
"""

import re

from django.utils.translation import gettext as _

MAX_CHARACTERS = 30_000
MAX_LINES = 2_000
MAX_BRACKETS = 1_000  # "[": links, images, citation markers
MAX_EMPHASIS = 2_000  # "*", "_", "~": emphasis, strikethrough, bullets
MAX_BACKTICKS = 1_000
MAX_NESTING = 8  # block quotes and lists inside each other
MAX_TABLE_CELLS = 2_000

# All the Markdown texts of one article together, so that a whole article saved since the limits parses in about a
# second even in a process that never saw it (an anonymous preview on a fresh worker): many texts each just under a
# limit add up. An article stored before them is not held to the totals (each text still is, when rendered).
ARTICLE_MAX_CHARACTERS = 100_000
ARTICLE_MAX_LINES = 5_000
ARTICLE_MAX_BRACKETS = 2_000

# The container markers at the start of a line: "> ", "- ", "* ", "+ ", "1. ", "1) ", after any indentation.
# Possessive quantifiers: a line of spaces cannot make the engine backtrack.
_CONTAINERS = re.compile(r"^([ \t]*+)((?:(?:>|[-+*](?=[ \t])|\d{1,9}[.)](?=[ \t]))[ \t]*+)++)", re.MULTILINE)
# Each marker with the spaces after it: past the one that separates, two columns before another marker are a level
# of a list nested in it.
_MARKER = re.compile(r"(?:>|[-+*]|\d{1,9}[.)])([ \t]*+)")
# A table's delimiter row ("|---|:--:|", "--- | ---"); a row needs at least one "|" (checked below).
_DELIMITER_ROW = re.compile(
    r"^[ \t]*+\|?+[ \t]*+:?+-++:?+[ \t]*+(?:\|[ \t]*+:?+-++:?+[ \t]*+)*+\|?+[ \t]*+$", re.MULTILINE
)
_BLANK_LINE = re.compile(r"\n[ \t]*+(?:\n|$)")


def _nesting(text: str) -> int:
    """The deepest nesting of quotes and lists: markers at the start of a line, plus the indentation before and
    between them (two columns a level, as lists nest; also inside a quote, "> ", then "  - ")."""
    deepest = 0
    for match in _CONTAINERS.finditer(text):
        depth = len(match.group(1).expandtabs(4)) // 2
        spaces = _MARKER.findall(match.group(2))
        depth += len(spaces)  # the spaces after the last marker lead to its content, not to a deeper level
        depth += sum(max(len(space.expandtabs(4)) - 1, 0) // 2 for space in spaces[:-1])
        deepest = max(deepest, depth)
    return deepest


def _table_cells(text: str) -> int:
    """How many cells the tables of `text` would have: columns × rows of each, rows running to a blank line
    (markdown-it fills in the missing cells of a short row, so a row of one character costs every column)."""
    cells, position = 0, 0
    while (row := _DELIMITER_ROW.search(text, position)) is not None:
        if "|" not in row.group(0):
            position = row.end() + 1
            continue
        columns = row.group(0).strip().strip("|").count("|") + 1
        end = _BLANK_LINE.search(text, row.end())
        stop = end.start() if end else len(text)
        cells += columns * (text.count("\n", row.end(), stop) + 2)  # the header, and the rows below
        position = stop + 1
    return cells


def _first_over(counts) -> tuple[str, int, int] | None:
    """(what, limit, found) for the first of (what, limit, count) whose count goes over its limit, or None.
    Counts are lambdas, so the ones after the first over its limit are never taken."""
    for what, limit, count in counts:
        found = count()
        if found > limit:
            return str(what), limit, found
    return None


def _said(template: str, over: tuple[str, int, int] | None) -> str | None:
    if over is None:
        return None
    what, limit, found = over
    return template % {"limit": f"{limit:,}", "what": what, "found": f"{found:,}"}


def markdown_over_limit(text: str) -> tuple[str, int, int] | None:
    """(what, limit, found) for the first limit that `text` goes over, or None."""
    return _first_over(
        (
            (_("characters"), MAX_CHARACTERS, lambda: len(text)),
            (_("lines"), MAX_LINES, lambda: text.count("\n") + 1),
            (_("links, images and citation markers (“[”)"), MAX_BRACKETS, lambda: text.count("[")),
            (
                _("emphasis and list marks (“*”, “_”, “~”)"),
                MAX_EMPHASIS,
                lambda: text.count("*") + text.count("_") + text.count("~"),
            ),
            (_("backticks (“`”)"), MAX_BACKTICKS, lambda: text.count("`")),
            (_("levels of quotes and lists inside each other"), MAX_NESTING, lambda: _nesting(text)),
            (_("table cells"), MAX_TABLE_CELLS, lambda: _table_cells(text)),
        )
    )


def markdown_total_problem(texts: list[str]) -> str | None:
    """The limit that the texts of one article together go over, in an editor's words, or None."""
    over = _first_over(
        (
            (_("characters"), ARTICLE_MAX_CHARACTERS, lambda: sum(len(text) for text in texts)),
            (_("lines"), ARTICLE_MAX_LINES, lambda: sum(text.count("\n") + 1 for text in texts if text)),
            (
                _("links, images and citation markers (“[”)"),
                ARTICLE_MAX_BRACKETS,
                lambda: sum(text.count("[") for text in texts),
            ),
        )
    )
    return _said(_("At most %(limit)s %(what)s in one article (this has %(found)s)."), over)


def markdown_limit_problem(text: str) -> str | None:
    """The limit `text` goes over, in an editor's words ("At most 1,000 links, … (this has 10,000)."), or None."""
    if not text:
        return None
    return _said(_("At most %(limit)s %(what)s in one text (this has %(found)s)."), markdown_over_limit(text))
