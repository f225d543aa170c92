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
WORD = re.compile(r"[A-Za-z]+")


def _vocabulary() -> list[str]:
    syllables = [c + v for c, v in itertools.product(CONSONANTS, VOWELS)]
    rng = random.Random(SEED)
    words: dict[str, None] = {}
    while len(words) < SIZE:
        words["".join(rng.choice(syllables) for _ in range(rng.choice((3, 3, 4))))] = None
    return list(words)


VOCABULARY = _vocabulary()  # by rank: VOCABULARY[0] is the most frequent word
RANK = {word: rank for rank, word in enumerate(VOCABULARY)}


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


def rewrite(text: str, offsets: list[int]) -> str:
    """`text` with each vocabulary word replaced by the word band_rotation's `offsets` give its rank."""

    def replace(match: re.Match) -> str:
        word = match.group()
        rank = RANK.get(word.lower())
        if rank is None:
            return word
        band = (rank + 1).bit_length() - 1
        start = 2**band - 1
        width = min(2 * start + 1, SIZE) - start
        new = VOCABULARY[start + (rank - start + offsets[band]) % width]
        return new.capitalize() if word[0].isupper() else new

    return WORD.sub(replace, text)


CONDITIONS = ["calcium", "magnesium", "potassium", "iron", "vitamin-b12", "vitamin-d", "zinc", "sodium"]


def topic_count(articles: int) -> int:
    """8 topics up to 400 articles, then one per 50, at most 200 (a site's taxonomy grows slower than its articles)."""
    return min(200, max(len(CONDITIONS), articles // 50))


def topic_names(articles: int) -> list[str]:
    """The topics of a site of `articles`, largest first: the conditions, then pseudo-words of middle rank."""
    count = topic_count(articles)
    return [*CONDITIONS, *VOCABULARY[1000 : 1000 + count - len(CONDITIONS)]][:count]


def topic_slug(name: str) -> str:
    return f"{name}-health"
