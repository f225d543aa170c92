"""German syllables, for Amstad's reading ease.

Each group of adjacent vowels (a, e, i, o, u, ä, ö, ü, y) is read as vowel sounds from left to right, a diphthong
or a doubled vowel being one sound ("ei" in "Zeit", "äu" in "Häuser", "ie" in "Knie", "ee" in "Tee") and any
other pair two ("The-a-ter", "Di-a-be-tes", "Feu-er"). The "u" of "qu" is a consonant ("Quel-le"). An estimate,
as every count without a dictionary is: "ie" is two syllables in a few loanwords ("Fa-mi-li-e", "Pa-ti-ent"),
counted here as one.
"""

import re

_VOWEL_GROUPS = re.compile(r"[aeiouyäöü]+")
_ONE_SOUND = frozenset({"ai", "au", "ay", "ei", "ey", "eu", "äu", "ie", "aa", "ee", "oo"})


def count_syllables(word: str) -> int:
    word = word.lower().replace("'", "").replace("’", "").replace("qu", "qw")
    if not word.isalpha():
        return 1  # numbers and symbols: one unit, as readers skim them
    count = 0
    for group in _VOWEL_GROUPS.findall(word):
        index = 0
        while index < len(group):
            index += 2 if group[index : index + 2] in _ONE_SOUND else 1
            count += 1
    return max(1, count)
