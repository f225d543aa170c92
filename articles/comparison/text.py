"""Text diffs an editor can read: line by line first, then word by word within the lines that changed.

Everything is escaped here and only the <ins>, <del> and <br> this module writes are markup: what editors
typed never reaches the page as HTML.
"""

import re
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from core.citation_markers import MARKER

# A citation marker is one token (so "[2]" → "[3]" reads as one change), then words, runs of spaces, each line
# break and each punctuation mark on its own: "fish.\nEat" is "fish", ".", "\n", "Eat". Every character falls in
# one of them, so the tokens joined give the text back.
TOKEN = re.compile(rf"{MARKER.pattern}|\n|[^\S\n]+|\w+(?:['’]\w+)*|[^\w\s]")
EDGES = re.compile(r"(\s*)(.*?)(\s*)", re.DOTALL)
# Below this share of words in common, a changed block reads better as removed and rewritten than as a
# patchwork of the few words ("the", ".") the two versions share.
SIMILAR_ENOUGH = 0.5


def tokens(text: str) -> list[str]:
    return [match.group(0) for match in TOKEN.finditer(text)]


def _split_lines(text: str) -> list[str]:
    """The lines of `text`, whatever its line endings (none for an empty text)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n") if text else []


def _plain(text: str) -> str:
    return escape(text).replace("\n", "<br>")


def _mark(tag: str, text: str) -> str:
    """`text` inside <ins> or <del>; the spaces around it stay outside, and a change of spacing alone is shown
    with a sign (¶ for a line break) so that it can be seen."""
    if not text:
        return ""
    lead, core, trail = EDGES.fullmatch(text).groups()  # type: ignore[union-attr]  # EDGES matches any text
    if core:
        return f"{_plain(lead)}<{tag}>{_plain(core)}</{tag}>{_plain(trail)}"
    shown = escape(text).replace("\n", "¶<br>" if tag == "ins" else "¶")
    return f'<{tag} class="spacing">{shown}</{tag}>'


def _line(tag: str, line: str) -> str:
    """A whole line added or removed; an empty one as ¶, or it would not show."""
    return _mark(tag, line) if line else f'<{tag} class="spacing">¶</{tag}>'


def _words_ratio(old: list[str], new: list[str]) -> float:
    words = ([token for token in side if not token.isspace()] for side in (old, new))
    return SequenceMatcher(None, *words, autojunk=False).ratio()  # type: ignore[call-overload]  # mypy: words is 2 lists


def _word_diff(before: str, after: str) -> str:
    old, new = tokens(before), tokens(after)
    if _words_ratio(old, new) < SIMILAR_ENOUGH:
        return "<br>".join(
            [*(_line("del", line) for line in before.split("\n")), *(_line("ins", line) for line in after.split("\n"))]
        )
    parts = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            parts.append(_plain("".join(old[i1:i2])))
        else:
            parts.append(_mark("del", "".join(old[i1:i2])) + _mark("ins", "".join(new[j1:j2])))
    return "".join(parts)


def text_diff(before: str, after: str) -> SafeString:
    """HTML of `after` with what changed since `before` marked: whole lines added or removed, and within a
    changed line the words. Line breaks are kept (<br>)."""
    old, new = _split_lines(before), _split_lines(after)
    lines: list[str] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            lines.extend(_plain(line) for line in old[i1:i2])
        elif tag == "delete":
            lines.extend(_line("del", line) for line in old[i1:i2])
        elif tag == "insert":
            lines.extend(_line("ins", line) for line in new[j1:j2])
        else:
            lines.append(_word_diff("\n".join(old[i1:i2]), "\n".join(new[j1:j2])))
    return mark_safe("<br>".join(lines))  # every piece is escaped above


def text_marked(tag: str, text: str) -> SafeString:
    """A whole text added ("ins") or removed ("del"), line breaks kept."""
    return mark_safe("<br>".join(_mark(tag, line) for line in _split_lines(text)))  # escaped by _mark
