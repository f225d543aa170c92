"""Spanish syllables, for the Szigriszt-Pazos perspicuity formula.

Spanish writes its syllables plainly, so counting vowel nuclei is close to exact: a syllable has one nucleus, a
group of adjacent vowels is one nucleus (a diphthong, "ciudad", or a triphthong, "buey") except where it breaks in
hiatus. Two strong vowels (a, e, o, accented or not) are two syllables ("po-e-ta", "le-er"), and a written accent
on a weak vowel (í, ú) breaks the group ("dí-a", "pa-ís", "Ra-úl"). A "y" with no vowel after it is a vowel
("hoy", "muy", "y"); before a vowel it is a consonant ("a-yu-da"). An "h" between vowels is silent but still
separates them in this count ("a-ho-ra"), which is also how they are syllabified.
"""

_STRONG = frozenset("aeoáéó")
_ACCENTED_WEAK = frozenset("íú")
_VOWELS = _STRONG | _ACCENTED_WEAK | frozenset("iuü")


def _hiatus(before: str, after: str) -> bool:
    """Whether two adjacent vowels are two syllables rather than one diphthong."""
    return (before in _STRONG and after in _STRONG) or before in _ACCENTED_WEAK or after in _ACCENTED_WEAK


def count_syllables(word: str) -> int:
    word = word.lower().replace("'", "").replace("’", "")
    if not word.isalpha():
        return 1  # numbers and symbols: one unit, as readers skim them
    nuclei = 0
    previous = ""  # the vowel just before, in the same group of vowels
    for index, char in enumerate(word):
        if char == "y" and (index + 1 == len(word) or word[index + 1] not in _VOWELS):
            char = "i"
        if char not in _VOWELS:
            previous = ""
            continue
        if not previous or _hiatus(previous, char):
            nuclei += 1
        previous = char
    return max(1, nuclei)
