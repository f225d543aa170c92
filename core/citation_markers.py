"""In-text citation markers: [3], [2, 5], [2-4], pointing at an article's numbered citations.

One grammar for the renderer (markers become links to #ref-N), the
validators (markers must point at an existing citation) and the rewriting
that keeps markers on the same references when citations are renumbered.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

_PART = r"\s*\d{1,4}\s*(?:[-–]\s*\d{1,4}\s*)?"
# Not followed by "(" or "[" (a Markdown link) or ":" (a link definition).
MARKER = re.compile(rf"\[({_PART}(?:,{_PART})*)\](?![(\[:])")
# A range longer than this is a typo, not a citation ("[1-1000]").
MAX_RANGE = 50


@dataclass(frozen=True)
class Marker:
    text: str
    end: int
    parts: tuple[tuple[int, int], ...]  # (first, last) per comma-separated part

    @classmethod
    def from_match(cls, match: re.Match) -> "Marker":
        parts = []
        for part in match.group(1).split(","):
            ends = [int(end) for end in re.split(r"[-–]", part)]
            parts.append((ends[0], ends[-1]))
        return cls(match.group(0), match.end(), tuple(parts))

    @property
    def numbers(self) -> list[int]:
        numbers: list[int] = []
        for first, last in self.parts:
            numbers.extend(range(first, last + 1) if first <= last else (first, last))
        return numbers

    @property
    def malformed(self) -> str | None:
        for first, last in self.parts:
            if first > last:
                return _("the range %(first)s-%(last)s runs backwards") % {"first": first, "last": last}
            if last - first > MAX_RANGE:
                return _("the range %(first)s-%(last)s spans more than %(most)s citations") % {
                    "first": first,
                    "last": last,
                    "most": MAX_RANGE,
                }
            if first == 0:
                return _("citations are numbered from 1")
        return None


def match_marker(text: str, position: int = 0) -> Marker | None:
    match = MARKER.match(text, position)
    return Marker.from_match(match) if match else None


def find_markers(text: str) -> list[Marker]:
    return [Marker.from_match(match) for match in MARKER.finditer(text or "")]


def cited_numbers(texts: Iterable[str]) -> set[int]:
    return {number for text in texts for marker in find_markers(text) for number in marker.numbers}


def format_numbers(numbers: Iterable[int]) -> str:
    """[2, 3, 4, 7] -> "2-4, 7": runs of three or more become ranges."""
    ordered = sorted(set(numbers))
    parts, index = [], 0
    while index < len(ordered):
        end = index
        while end + 1 < len(ordered) and ordered[end + 1] == ordered[end] + 1:
            end += 1
        if end - index >= 2:
            parts.append(f"{ordered[index]}-{ordered[end]}")
        else:
            parts.extend(str(number) for number in ordered[index : end + 1])
        index = end + 1
    return ", ".join(parts)


def rewrite_markers(text: str, renumbering: Mapping[int, int]) -> str:
    """Renumber the markers in `text` (old number -> new); markers that do not change keep their spelling."""
    if not text or not renumbering:
        return text

    def replace(match: re.Match) -> str:
        marker = Marker.from_match(match)
        if not any(number in renumbering for number in marker.numbers):
            return marker.text
        return f"[{format_numbers(renumbering.get(number, number) for number in marker.numbers)}]"

    return MARKER.sub(replace, text)
