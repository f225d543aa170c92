"""A short passage of a text around the words a search matched, for a list of results: HTML-escaped, the matched
words in `<mark>`. Made in Python from the texts a list reads anyway, so both databases give the same passage."""

import difflib
import re
from collections.abc import Iterable, Sequence
from html import escape

PASSAGE_CHARACTERS = 200
# Characters kept before the first match, so the passage shows what leads to it.
LEAD_CHARACTERS = 60
# How alike a word of the text must be to a searched word that no text holds as typed, to be marked in its place
# (difflib's ratio: "magnesum" and "magnesium" 0.94; "hypocalcaemia" and "hypocalcemia" 0.96).
SIMILAR_WORD = 0.8
_TEXT_WORD = re.compile(r"\w+")
_WHITESPACE = re.compile(r"\s+")


def _word_pattern(word: str) -> str:
    # As the search matches: a word of letters and digits from the beginning of a word, anything else anywhere.
    return rf"(?<!\w){re.escape(word)}\w*" if word.isalnum() else re.escape(word)


def _matcher(words: Sequence[str], texts: Sequence[str], alike_in: Sequence[str]) -> re.Pattern | None:
    """One pattern for every searched word: as typed where a text holds it, else the words of `alike_in` like it."""
    patterns = []
    for word in words:
        pattern = _word_pattern(word)
        if any(re.search(pattern, text, re.IGNORECASE) for text in texts):
            patterns.append(pattern)
            continue
        candidates = {found.lower() for text in alike_in for found in _TEXT_WORD.findall(text)}
        alike = difflib.get_close_matches(word, sorted(candidates), n=3, cutoff=SIMILAR_WORD)
        patterns.extend(rf"(?<!\w){re.escape(found)}(?!\w)" for found in alike)
    if not patterns:
        return None
    return re.compile("|".join(sorted(patterns, key=len, reverse=True)), re.IGNORECASE)


def _window(text: str, start: int) -> tuple[int, int]:
    """At most PASSAGE_CHARACTERS of `text` around the match at `start`, cut between words."""
    begin = max(0, start - LEAD_CHARACTERS)
    if begin > 0:
        space = text.find(" ", begin)
        begin = space + 1 if 0 <= space < start else begin
    end = min(len(text), begin + PASSAGE_CHARACTERS)
    if end < len(text):
        space = text.rfind(" ", begin, end)
        end = space if space > start else end
    return begin, end


def search_highlight(words: Sequence[str], texts: Iterable[str], *, alike_in: int) -> str | None:
    """A passage of the first of `texts` (in the order given: the most telling first) that holds a searched word,
    with every searched word in it marked; None when none holds one. A word no text holds as typed (misspelt) is
    marked where the first `alike_in` texts have a word like it: where the search looked for one (comparing every
    word of an article's whole text, for each result of a page, took a quarter of a second)."""
    given = list(texts)
    shown = [_WHITESPACE.sub(" ", text).strip() for text in given if text]
    alike = [_WHITESPACE.sub(" ", text).strip() for text in given[:alike_in] if text]
    matcher = _matcher(words, shown, alike)
    if matcher is None:
        return None
    for text in shown:
        first = matcher.search(text)
        if first is None:
            continue
        begin, end = _window(text, first.start())
        passage, cursor = [], begin
        for found in matcher.finditer(text, begin, end):
            passage.append(escape(text[cursor : found.start()]))
            passage.append(f"<mark>{escape(found.group())}</mark>")
            cursor = found.end()
        passage.append(escape(text[cursor:end]))
        return f"{'…' if begin > 0 else ''}{''.join(passage)}{'…' if end < len(text) else ''}"
    return None
