"""French syllables, for the Kandel & Moles reading ease.

A group of adjacent vowels is one syllable ("eau", "oi", "ou", "ie" in "maladie"), except that a vowel with a
diaeresis starts a new one ("na-ïf", "No-ël"), and so do a vowel after "é" ("ré-el", "i-dé-e") and an "é" after
"a" or "o" ("a-é-ro-port", "po-é-sie"; but "pi-tié"). A final "e" or "es" that is a syllable of its own on paper
is mute in speech ("per-sonne", "i-dée"), unless it is the word's only vowel ("le", "de"). An elided word counts
with the next ("l'hôpital": three), the "u" of an elided "qu'" being silent ("qu'il": one). The mute "-ent" of
verbs ("ils mangent") is counted, as no rule tells it from "comment" without a dictionary: an estimate, as every
count without one is.
"""

_VOWELS = frozenset("aeiouyàâäéèêëîïôöùûüÿœæ")
_STARTS_A_SYLLABLE = frozenset("ëïü")


def _nuclei(part: str) -> list[int]:
    """Where each vowel nucleus of `part` starts."""
    starts: list[int] = []
    for index, char in enumerate(part):
        if char not in _VOWELS:
            continue
        before = part[index - 1] if index else ""
        if before not in _VOWELS or char in _STARTS_A_SYLLABLE or before == "é" or (char == "é" and before in "ao"):
            starts.append(index)
    return starts


def _count_part(part: str) -> int:
    if part.endswith("qu"):
        part = part[:-1]  # qu', jusqu', lorsqu': the u is not pronounced
    starts = _nuclei(part)
    stem = part[:-1] if part.endswith("es") else part
    if len(starts) > 1 and stem.endswith("e") and starts[-1] == len(stem) - 1:
        starts.pop()  # the mute final e
    return len(starts)


def count_syllables(word: str) -> int:
    word = word.lower().replace("’", "'")
    parts = word.split("'")
    if not "".join(parts).isalpha():
        return 1  # numbers and symbols: one unit, as readers skim them
    return max(1, sum(_count_part(part) for part in parts))
