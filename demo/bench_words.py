"""The benchmark's vocabulary and its Zipf law, shared by `generate_bench_content` and `make bench` (no Django here:
scripts/bench.py imports it to send searches for words the content holds, as common or as rare as users' are).

Real text uses a few words very often and most words rarely (Zipf's law), so a search for a common word matches
most articles and one for a rare word a handful. The words are pseudo-words made of consonant-vowel syllables,
drawn once from a fixed seed: the same vocabulary on every run, and no word that is also an HTML tag, a JSON key
or a slug the generator writes (those never have this shape), so the generator can rewrite every vocabulary word
of a document without touching its structure.
"""

import bisect
import itertools
import random
import re

SIZE = 20_000
EXPONENT = 1.1  # word frequency ~ 1 / rank**EXPONENT, about what English corpora show
SEED = 20261206
CONSONANTS = "bdfgkmnprstvz"  # no "l": "volume" and its kind are real words the documents hold
VOWELS = "aeiou"
SPLIT = re.compile(r"([A-Za-z]+)")


def _vocabulary() -> list[str]:
    syllables = [c + v for c, v in itertools.product(CONSONANTS, VOWELS)]
    rng = random.Random(SEED)
    words: dict[str, None] = {}
    while len(words) < SIZE:
        words["".join(rng.choice(syllables) for _ in range(rng.choice((3, 3, 4))))] = None
    return list(words)


VOCABULARY = _vocabulary()  # by rank: VOCABULARY[0] is the most frequent word
RANK = {word: rank for rank, word in enumerate(VOCABULARY)}
CAPITALIZED = [word.capitalize() for word in VOCABULARY]


def zipf_cumulative(count: int, exponent: float = EXPONENT) -> list[float]:
    """Cumulative weights of ranks 0..count-1 under Zipf's law, for random.choices(cum_weights=…)."""
    return list(itertools.accumulate(1 / (rank + 1) ** exponent for rank in range(count)))


CUMULATIVE = zipf_cumulative(SIZE)


def words(rng: random.Random, count: int) -> list[str]:
    return rng.choices(VOCABULARY, cum_weights=CUMULATIVE, k=count)


def zipf_rank(rng: random.Random, cumulative: list[float]) -> int:
    """One rank drawn from `cumulative` (zipf_cumulative): faster than random.choices for a single draw."""
    return bisect.bisect(cumulative, rng.random() * cumulative[-1])


def band_rotation(rng: random.Random) -> list[int]:
    """A rewriting of ranks for one article: each rank moves within its band [2**k - 1, 2**(k+1) - 1) by an offset
    drawn per band. Words keep their frequency class (a common word stays common), but which common and which rare
    words an article holds changes from article to article."""
    offsets, start = [], 0
    while start < SIZE:
        width = min(2 * start + 1, SIZE) - start
        offsets.append(rng.randrange(width))
        start += width
    return offsets


def _place(rank: int) -> tuple[int, int, int, int]:
    """The band of `rank` (band_rotation's), its first rank and width, and the rank's place in it."""
    band = (rank + 1).bit_length() - 1
    start = 2**band - 1
    return band, start, min(2 * start + 1, SIZE) - start, rank - start


class Rewritable:
    """Texts whose vocabulary words each article moves (band_rotation), found once: a template's texts are
    rewritten for every clone made of it, so each rewriting only moves the distinct words and joins the texts
    again around them."""

    def __init__(self, *texts: str):
        self.pieces = [SPLIT.split(text) for text in texts]  # the words at odd indices, what is between at even
        found = {word for pieces in self.pieces for word in pieces[1::2] if word.lower() in RANK}
        self.moves = [(word, *_place(RANK[word.lower()]), word[0].isupper()) for word in found]

    def rewrite(self, offsets: list[int]) -> list[str]:
        """The texts, in the order given, with each vocabulary word replaced by the word `offsets` give its rank."""
        moved = {
            word: (CAPITALIZED if upper else VOCABULARY)[start + (place + offsets[band]) % width]
            for word, band, start, width, place, upper in self.moves
        }
        texts = []
        for pieces in self.pieces:
            rewritten = pieces.copy()
            rewritten[1::2] = [moved.get(word, word) for word in pieces[1::2]]
            texts.append("".join(rewritten))
        return texts


CONDITIONS = ["calcium", "magnesium", "potassium", "iron", "vitamin-b12", "vitamin-d", "zinc", "sodium"]


def topic_count(articles: int) -> int:
    """8 topics up to 400 articles, then one per 50, at most 200 (a site's taxonomy grows slower than its articles)."""
    return min(200, max(len(CONDITIONS), articles // 50))


def topic_names(articles: int) -> list[str]:
    """The topics of a site of `articles`, largest first: the conditions, then pseudo-words of middle rank."""
    count = topic_count(articles)
    return [*CONDITIONS, *VOCABULARY[1000 : 1000 + count - len(CONDITIONS)]][:count]


def synonym_pairs() -> list[tuple[str, str]]:
    """The benchmark's synonym groups: a lay term that no article holds (it has an "l", which no vocabulary word has)
    for a vocabulary word of middle rank, so that a search for the lay term finds articles only through its group."""
    return [(f"l{word}", word) for word in VOCABULARY[200:2200:20]]


def topic_slug(name: str) -> str:
    return f"{name}-health"
