"""Flesch reading ease and Flesch-Kincaid grade level of English prose.

The formulas (Flesch 1948; Kincaid et al. 1975):

    reading ease = 206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words)
    grade level  = 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59

Syllables are counted the way most readability tools do when no
pronouncing dictionary is at hand: groups of consecutive vowels (a, e, i,
o, u, y, accented or not, so "déclenche" is one word, not "d" and "clenche"),
plus one for the vowel pairs that are two syllables in medical
vocabulary ("-ium" in calcium, "-ia" in anemia, but not "-cial"/"-tial"),
less a silent final "e" ("make") and a silent "-ed"/"-es" ("used",
"makes"), keeping "-le" after a consonant ("muscle"), with at least one
syllable a word. It is an estimate, as every automated count is;
tests pin it on words whose syllables are known.
"""

import re
import unicodedata
from dataclasses import dataclass

_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n\s*\n|\n(?=\s*[-*]\s)")
# A letter is any Unicode letter ([^\W\d_]), so accented words are not cut in two.
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+(?:[.,]\d+)*")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")
_TWO_SYLLABLE_PAIRS = re.compile(r"iu|(?<![ct])ia")


def _without_accents(word: str) -> str:
    """ "déclenche" -> "declenche": accents mark how a vowel sounds, not how many there are."""
    return "".join(char for char in unicodedata.normalize("NFD", word) if not unicodedata.combining(char))


def count_syllables(word: str) -> int:
    word = _without_accents(word.lower().replace("’", "'").split("'")[0])
    if not word.isalpha():
        return 1  # numbers and symbols: one unit, as readers skim them
    count = len(_VOWEL_GROUPS.findall(word))
    count += len(_TWO_SYLLABLE_PAIRS.findall(word))
    if len(word) > 2 and word.endswith("e") and not word.endswith(("le", "ee", "ye")):
        count -= 1  # silent final e: make, mice
    elif len(word) > 2 and word.endswith("le") and word[-3] in "aeiouy":
        count -= 1  # a vowel before "le" makes it silent: mile, whale
    if len(word) > 3 and word.endswith("ed") and word[-3] not in "aeiouytd":
        count -= 1  # silent -ed: used, helped (but not wanted, needed)
    elif (
        len(word) > 3 and word.endswith("es") and word[-3] not in "aeiouysxzcg" and not word.endswith(("ches", "shes"))
    ):
        count -= 1  # silent -es: makes (but not passes, boxes, changes)
    return max(1, count)


@dataclass(frozen=True)
class Readability:
    flesch_reading_ease: float
    flesch_kincaid_grade: float
    words: int
    sentences: int
    syllables: int


def measure(text: str) -> Readability | None:
    """Readability of `text`, or None when it has no words."""
    words = _WORD.findall(text)
    if not words:
        return None
    sentences = max(1, len([part for part in _SENTENCE_END.split(text) if _WORD.search(part)]))
    syllables = sum(count_syllables(word) for word in words)
    words_per_sentence = len(words) / sentences
    syllables_per_word = syllables / len(words)
    return Readability(
        flesch_reading_ease=round(206.835 - 1.015 * words_per_sentence - 84.6 * syllables_per_word, 1),
        flesch_kincaid_grade=round(0.39 * words_per_sentence + 11.8 * syllables_per_word - 15.59, 1),
        words=len(words),
        sentences=sentences,
        syllables=syllables,
    )


def long_sentences(text: str, limit: int = 25) -> list[tuple[int, str]]:
    """The sentences of more than `limit` words, with their length: where a writer can simplify first."""
    found = []
    for sentence in _SENTENCE_END.split(text):
        words = _WORD.findall(sentence)
        if len(words) > limit:
            found.append((len(words), " ".join(sentence.split())))
    return found
