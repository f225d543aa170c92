"""How hard a text is to read, by a formula made for its language, or "not available".

Each formula was fitted to readers of one language, with syllables counted the way that language writes them: an
English score on Spanish text is not a rough Spanish score, it is a wrong one. So a text is measured with its
language's formula or not at all (`Readability.available`):

    English  Flesch-Kincaid grade (Kincaid et al. 1975), with Flesch reading ease (Flesch 1948) beside it
             grade = 0.39 * words/sentences + 11.8 * syllables/words - 15.59
             ease  = 206.835 - 1.015 * words/sentences - 84.6 * syllables/words
    Spanish  Szigriszt-Pazos perspicuity (Szigriszt Pazos 1993; read on the INFLESZ scale in Spanish health writing)
             206.835 - 62.3 * syllables/words - words/sentences
    German   Amstad reading ease (Amstad 1978, Flesch's formula fitted to German)
             180 - words/sentences - 58.5 * syllables/words
    French   Kandel-Moles reading ease (Kandel & Moles 1958, Flesch's formula fitted to French)
             207 - 1.015 * words/sentences - 73.6 * syllables/words

A grade is the school year a reader needs (lower is easier); an ease is a score from about 0 to 100 (higher is
easier). A language tag is matched on its primary subtag: "es-MX" is Spanish.
"""

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from django.utils.translation import gettext_lazy as _

from core.readability import english, french, german, spanish
from core.readability.english import count_syllables

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

__all__ = [
    "FORMULAS",
    "FORMULA_IDS",
    "SCALES",
    "Formula",
    "Readability",
    "ReadingTarget",
    "amstad",
    "count_syllables",
    "current_block",
    "flesch_kincaid_grade",
    "flesch_reading_ease",
    "formula_for",
    "kandel_moles",
    "long_sentences",
    "measure",
    "primary_subtag",
    "szigriszt_pazos",
]

_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n\s*\n|\n(?=\s*[-*]\s)")
# A letter is any Unicode letter ([^\W\d_]), so accented words are not cut in two.
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+(?:[.,]\d+)*")

Scale = Literal["grade", "ease"]


def flesch_kincaid_grade(*, words_per_sentence: float, syllables_per_word: float) -> float:
    return 0.39 * words_per_sentence + 11.8 * syllables_per_word - 15.59


def flesch_reading_ease(*, words_per_sentence: float, syllables_per_word: float) -> float:
    return 206.835 - 1.015 * words_per_sentence - 84.6 * syllables_per_word


def szigriszt_pazos(*, words_per_sentence: float, syllables_per_word: float) -> float:
    return 206.835 - 62.3 * syllables_per_word - words_per_sentence


def amstad(*, words_per_sentence: float, syllables_per_word: float) -> float:
    return 180 - words_per_sentence - 58.5 * syllables_per_word


def kandel_moles(*, words_per_sentence: float, syllables_per_word: float) -> float:
    return 207 - 1.015 * words_per_sentence - 73.6 * syllables_per_word


@dataclass(frozen=True)
class Formula:
    """A readability formula and the syllable count it was made with. `id` is the stable name the API and the frozen
    documents carry; `name` is what an editor reads."""

    id: str
    name: "StrOrPromise"
    scale: Scale
    count_syllables: Callable[[str], int]
    score: Callable[..., float]  # keyword-only: words_per_sentence, syllables_per_word


FORMULAS: dict[str, Formula] = {
    "en": Formula("flesch-kincaid", _("Flesch-Kincaid grade"), "grade", english.count_syllables, flesch_kincaid_grade),
    "es": Formula(
        "szigriszt-pazos", _("Szigriszt-Pazos perspicuity"), "ease", spanish.count_syllables, szigriszt_pazos
    ),
    "de": Formula("amstad", _("Amstad reading ease"), "ease", german.count_syllables, amstad),
    "fr": Formula("kandel-moles", _("Kandel-Moles reading ease"), "ease", french.count_syllables, kandel_moles),
}


# The values the API's `formula` and `scale` take (named in the OpenAPI schema: SPECTACULAR_SETTINGS).
FORMULA_IDS = tuple(formula.id for formula in FORMULAS.values())
SCALES: tuple[Scale, ...] = ("grade", "ease")


def primary_subtag(language: str) -> str:
    """ "es-MX" -> "es": a formula fits a language, whatever its region or script."""
    return language.strip().replace("_", "-").split("-")[0].lower()


def formula_for(*, language: str) -> Formula | None:
    return FORMULAS.get(primary_subtag(language))


@dataclass(frozen=True)
class Readability:
    """A text's measurement in `language`: its formula's score, or none when the language has no formula.

    The Flesch fields are English's only: on other text they are None, never an English score."""

    language: str
    formula: Formula | None
    score: float | None
    words: int
    sentences: int
    syllables: int | None
    flesch_reading_ease: float | None = None
    flesch_kincaid_grade: float | None = None

    @property
    def available(self) -> bool:
        return self.formula is not None

    def as_block(self) -> dict:
        """The `readability` block of the public document (and so of the approval that freezes it)."""
        return {
            "language": self.language,
            "available": self.available,
            "formula": self.formula.id if self.formula else None,
            "scale": self.formula.scale if self.formula else None,
            "score": self.score,
            "flesch_kincaid_grade": self.flesch_kincaid_grade,
            "flesch_reading_ease": self.flesch_reading_ease,
        }


# An article's page measures its whole text and each part more than once (its displays, its completeness), and the
# same text again on the next load: the result depends on the text and language alone, and is immutable.
@functools.lru_cache(maxsize=64)
def measure(text: str, *, language: str) -> Readability | None:
    """Readability of `text` written in `language` (a BCP 47 tag), or None when it has no words."""
    words = _WORD.findall(text)
    if not words:
        return None
    sentences = max(1, len([part for part in _SENTENCE_END.split(text) if _WORD.search(part)]))
    formula = formula_for(language=language)
    if formula is None:
        return Readability(
            language=language, formula=None, score=None, words=len(words), sentences=sentences, syllables=None
        )
    syllables = sum(formula.count_syllables(word) for word in words)
    ratios = {"words_per_sentence": len(words) / sentences, "syllables_per_word": syllables / len(words)}
    score = round(formula.score(**ratios), 1)
    english = formula is FORMULAS["en"]
    return Readability(
        language=language,
        formula=formula,
        score=score,
        words=len(words),
        sentences=sentences,
        syllables=syllables,
        flesch_reading_ease=round(flesch_reading_ease(**ratios), 1) if english else None,
        flesch_kincaid_grade=score if english else None,
    )


def current_block(block: dict | None) -> dict | None:
    """A frozen `readability` block in today's shape. A block frozen before texts were measured in their language
    holds only the two Flesch fields: it was measured as English, with the Flesch-Kincaid grade as its score."""
    if block is None or "formula" in block:
        return block
    english_formula = FORMULAS["en"]
    return {
        "language": "en",
        "available": True,
        "formula": english_formula.id,
        "scale": english_formula.scale,
        "score": block.get("flesch_kincaid_grade"),
        "flesch_kincaid_grade": block.get("flesch_kincaid_grade"),
        "flesch_reading_ease": block.get("flesch_reading_ease"),
    }


@dataclass(frozen=True)
class ReadingTarget:
    """The level a text for patients should reach on its formula's scale: at most this grade, or at least this
    ease."""

    formula: Formula
    value: Decimal

    def missed_by(self, score: float) -> bool:
        level = Decimal(str(score))
        return level > self.value if self.formula.scale == "grade" else level < self.value


def long_sentences(text: str, limit: int = 25) -> list[tuple[int, str]]:
    """The sentences of more than `limit` words, with their length: where a writer can simplify first."""
    found = []
    for sentence in _SENTENCE_END.split(text):
        words = _WORD.findall(sentence)
        if len(words) > limit:
            found.append((len(words), " ".join(sentence.split())))
    return found
