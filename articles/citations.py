"""Checking an article's citation markers against its numbered citations.

Markers keep pointing at the same references when citations are renumbered
because the markers are rewritten (old number -> new number) in the same
transaction as the renumbering; see `articles.services.editing`.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from articles.content_model import Purpose
from articles.models import Article
from articles.prose import parts, texts
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

    @classmethod
    def after(cls, old_numbers: Iterable[int | None], stored: Iterable[int]) -> "CitationNumbering":
        """The citations numbered 1, 2, 3 … in the given order, each given by its old number (None if new);
        `stored` are the numbers before the edit."""
        olds = list(old_numbers)
        return cls(
            final=frozenset(range(1, len(olds) + 1)),
            renumbering={old: new for new, old in enumerate(olds, start=1) if old is not None and old != new},
            removed=frozenset(set(stored) - set(olds)),
        )

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
                    problems.append(
                        _("%(marker)s cites [%(number)s], a citation you are removing.")
                        % {"marker": marker.text, "number": number}
                    )
                elif number not in self.final:
                    problems.append(
                        _("%(marker)s points at citation %(number)s, which does not exist (%(numbers)s).")
                        % {"marker": marker.text, "number": number, "numbers": self.describe()}
                    )
        return problems

    def describe(self) -> str:
        if not self.final:
            return _("this article has no citations yet")
        return _("this article's citations are %(numbers)s") % {"numbers": format_numbers(self.final)}


def cited_texts(article: Article) -> list[tuple[str, str]]:
    """(where, Markdown) of every stored text that may carry citation markers (fetch it `with_content()`)."""
    return [(text.where, text.value) for text in texts(article, Purpose.CITING)]


@dataclass(frozen=True)
class CitationReport:
    problems: list[str]  # markers that point at no citation, each saying where
    unused: list[int]  # citation numbers that no marker cites


def citation_report(article: Article) -> CitationReport:
    """How the stored article's markers and citations fit together (fetch it `with_content()`)."""
    texts = cited_texts(article)
    numbers = [citation.number for citation in parts(article, "citations")]
    numbering = CitationNumbering(final=frozenset(numbers))
    return CitationReport(
        problems=[f"{where}: {problem}" for where, text in texts for problem in numbering.problems(text)],
        unused=sorted(set(numbers) - cited_numbers(text for _where, text in texts)),
    )
