"""English syllables, for Flesch reading ease (Flesch 1948) and the Flesch-Kincaid grade (Kincaid et al. 1975).

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

_VOWEL_GROUPS = re.compile(r"[aeiouy]+")
_TWO_SYLLABLE_PAIRS = re.compile(r"iu|(?<![ct])ia")


def without_accents(word: str) -> str:
    """ "déclenche" -> "declenche": accents mark how a vowel sounds, not how many there are."""
    return "".join(char for char in unicodedata.normalize("NFD", word) if not unicodedata.combining(char))


def count_syllables(word: str) -> int:
    word = without_accents(word.lower().replace("’", "'").split("'")[0])
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
