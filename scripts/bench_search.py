"""What readers search for, for `make bench` (issue 28): one URL per kind of search and suggestion, and a workload of
searches and suggestions as readers type them, over the benchmark's words (demo/bench_words.py).

A search's kinds: a common word (about a third of the articles hold it), a rare one (a handful), two words, a word
misspelt (it finds nothing as typed, so the search falls back to trigram similarity), a lay term that only a synonym
group links to the articles' word, and a word nothing holds (the trigram fallback finds nothing either: the longest
path). A suggestion's: the first letters of a title's word, and a misspelt word.

The `searches` workload cycles through paths drawn once from a seeded distribution, as the others do: 60 % are
searches (a word as common as readers' are 36 %, two words 9 %, a misspelt word 6 %, a lay term 3 %, a word nothing
holds 6 %), 40 % suggestions (the first 3 to 6 letters of a word 36 %, a misspelt word 4 %). Most paths are asked
for once, so most answers are cache misses: the database path under load.
"""

import random
from urllib.parse import urlencode

from bench_services import bench_words

SEED = 20261207
SEARCH_PATHS = 200_000
COMMON, RARE, SECOND = 300, 5000, 900  # ranks: about a third of the articles, a handful, a tenth
IN_TITLES = 50  # a rank whose words are in about 1 % of the titles
NOTHING_HOLDS = "xylophone"  # no vocabulary word has an "h", a "y" or an "l"


def search(query: str) -> str:
    return f"/api/v1/articles/?{urlencode({'search': query})}"


def suggest(query: str) -> str:
    return f"/api/v1/search/suggest/?{urlencode({'q': query})}"


def misspelt(word: str) -> str:
    """`word` with a letter left out, as "magnesum" for "magnesium": not a vocabulary word, and five letters or more
    (a shorter word is not compared by similarity)."""
    for place in range(3, len(word)):
        typo = word[:place] + word[place + 1 :]
        if typo not in bench_words.RANK and len(typo) >= 5:
            return typo
    return word + "x"


def long_word(rank: int) -> str:
    """The first word from `rank` on that is six letters or more, so that its misspelling is five or more."""
    return next(word for word in bench_words.VOCABULARY[rank:] if len(word) >= 6)


# name: (path, what its count must be: "some" results or "none")
SEARCH_ROUTES = {
    "search": (search(bench_words.VOCABULARY[COMMON]), "some"),
    "search rare": (search(bench_words.VOCABULARY[RARE]), "some"),
    "search two words": (search(f"{bench_words.VOCABULARY[COMMON]} {bench_words.VOCABULARY[SECOND]}"), "some"),
    "search typo": (search(misspelt(long_word(COMMON))), "some"),
    "search synonym": (search(bench_words.synonym_pairs()[10][0]), "some"),
    "search no match": (search(NOTHING_HOLDS), "none"),
    "suggest": (suggest(long_word(IN_TITLES)[:4]), "some"),
    "suggest typo": (suggest(misspelt(long_word(IN_TITLES))), "some"),
}


def workload(size: int) -> list[str]:
    """The `searches` workload's paths (`size` is not read: the words are the same at every size)."""
    rng, lay_terms = random.Random(SEED), [lay for lay, _ in bench_words.synonym_pairs()]

    def word() -> str:
        return bench_words.VOCABULARY[bench_words.zipf_rank(rng, bench_words.CUMULATIVE)]

    paths = []
    for _ in range(SEARCH_PATHS):
        kind = rng.random()
        if kind < 0.36:
            paths.append(search(word()))
        elif kind < 0.45:
            paths.append(search(f"{word()} {word()}"))
        elif kind < 0.51:
            paths.append(search(misspelt(long_word(bench_words.zipf_rank(rng, bench_words.CUMULATIVE)))))
        elif kind < 0.54:
            paths.append(search(rng.choice(lay_terms)))
        elif kind < 0.60:
            paths.append(search("".join(rng.choice("hlwy" + bench_words.VOWELS) for _ in range(rng.randint(6, 9)))))
        elif kind < 0.96:
            paths.append(suggest(word()[: rng.randint(3, 6)]))
        else:
            paths.append(suggest(misspelt(long_word(bench_words.zipf_rank(rng, bench_words.CUMULATIVE)))))
    return paths
