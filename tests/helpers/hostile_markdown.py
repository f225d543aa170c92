"""Markdown texts at and just over each limit of `core.markdown_limits`, and the hostile bodies of issue 21."""

from dataclasses import dataclass


@dataclass(frozen=True)
class LimitCase:
    name: str
    at_limit: str  # saves
    over: str  # refused with `message`
    message: str


def _table(rows: int) -> str:
    return "|a|b|\n|-|-|\n" + "|x|y|\n" * rows


LIMIT_CASES = [
    LimitCase("characters", "a" * 30_000, "a" * 30_001, "At most 30,000 characters in one text (this has 30,001)."),
    LimitCase("lines", "a\n" * 1_999 + "a", "a\n" * 2_000 + "a", "At most 2,000 lines in one text (this has 2,001)."),
    LimitCase(
        "brackets",
        "[a] " * 1_000,
        "[a] " * 1_001,
        "At most 1,000 links, images and citation markers (“[”) in one text (this has 1,001).",
    ),
    LimitCase(
        "emphasis",
        "*a* " * 1_000,
        "*a* " * 1_001,
        "At most 2,000 emphasis and list marks (“*”, “_”, “~”) in one text (this has 2,002).",
    ),
    LimitCase("backticks", "`a` " * 500, "`a` " * 501, "At most 1,000 backticks (“`”) in one text (this has 1,002)."),
    LimitCase(
        "nesting",
        "> " * 8 + "a",
        "> " * 9 + "a",
        "At most 8 levels of quotes and lists inside each other in one text (this has 9).",
    ),
    LimitCase("table cells", _table(998), _table(999), "At most 2,000 table cells in one text (this has 2,002)."),
]

# Issue 21: "[" × n then "]" × n, 2 MB; it took more than gunicorn's 30 s to save or preview.
BRACKETS_2MB = "[" * 1_000_000 + "]" * 1_000_000
