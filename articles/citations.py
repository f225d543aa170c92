"""Checking an article's citation markers against its numbered citations.

Markers keep pointing at the same references when citations are renumbered
because the markers are rewritten (old number -> new number) in the same
transaction as the renumbering; see `services.article_renumber_citation_markers`.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from core.citation_markers import cited_numbers, find_markers, format_numbers


@dataclass(frozen=True)
class CitationNumbering:
    """The citation numbers of an article after an edit, and how the edit moved them.

    `renumbering` maps the old number of each kept citation whose number
    changed to its new one; `removed` holds the old numbers of deleted
    citations. Markers the editor typed refer to the old numbers they saw.
    """

    final: frozenset[int]
    renumbering: Mapping[int, int] = field(default_factory=dict)
    removed: frozenset[int] = frozenset()

    def problems(self, text: str) -> list[str]:
        problems = []
        for marker in find_markers(text):
            if marker.malformed:
                problems.append(f"{marker.text}: {marker.malformed}.")
                continue
            for number in marker.numbers:
                if number in self.renumbering:
                    continue
                if number in self.removed:
                    problems.append(f"{marker.text} cites [{number}], a citation you are removing.")
                elif number not in self.final:
                    problems.append(
                        f"{marker.text} points at citation {number}, which does not exist ({self.describe()})."
                    )
        return problems

    def describe(self) -> str:
        if not self.final:
            return "this article has no citations yet"
        return f"this article's citations are {format_numbers(self.final)}"

    def problems_in(self, texts: Iterable[tuple[str, str]]) -> list[str]:
        """Every problem, each prefixed with where it is ("Section “Diagnosis”: …")."""
        return [f"{where}: {problem}" for where, text in texts for problem in self.problems(text)]


def unused_citations(numbers: Iterable[int], texts: Iterable[str]) -> list[int]:
    """Citation numbers that no marker in `texts` points at."""
    return sorted(set(numbers) - cited_numbers(texts))


@dataclass(frozen=True)
class CitationReport:
    problems: list[str]  # markers that point at no citation, each saying where
    unused: list[int]  # citation numbers that no marker cites


def citation_report(article) -> CitationReport:
    """How the stored article's markers and citations fit together (fetch it `with_content()`)."""
    texts = article.cited_texts()
    numbers = [citation.number for citation in article.citations.all()]
    return CitationReport(
        problems=CitationNumbering(final=frozenset(numbers)).problems_in(texts),
        unused=unused_citations(numbers, (text for _, text in texts)),
    )
