"""The benchmark's vocabulary: Zipf's law, and each article's words moved within their frequency class."""

import random
import re
from collections import Counter

from demo import bench_words
from demo.bench_words import RANK, VOCABULARY


def band(word: str) -> int:
    return (RANK[word.lower()] + 1).bit_length()


def test_the_vocabulary_is_large_fixed_and_never_a_word_of_the_documents_structure():
    assert len(set(VOCABULARY)) == 20_000
    assert VOCABULARY[:3] == ["donuraru", "nebivo", "pudivuzo"]  # the same on every run: kept databases stay valid
    assert all(re.fullmatch(r"([bdfgkmnprstvz][aeiou]){3,4}", word) for word in VOCABULARY)
    assert not {"name", "volume", "data", "title", "position", "heading", "anchor", "text"} & set(VOCABULARY)


def test_words_follow_zipfs_law():
    counts = Counter(bench_words.words(random.Random(1), 200_000))

    assert counts[VOCABULARY[0]] > 10 * counts[VOCABULARY[30]] > 0
    assert counts[VOCABULARY[30]] > 10 * counts[VOCABULARY[1000]] > 0
    assert sum(counts[word] for word in VOCABULARY[10_000:]) < 0.1 * 200_000


def test_rewriting_moves_each_word_within_its_frequency_class_and_leaves_the_rest():
    text = f'{{"heading": "{VOCABULARY[5].capitalize()} {VOCABULARY[12_000]}", "anchor": "bench-3"}} {VOCABULARY[0]}.'
    offsets = bench_words.band_rotation(random.Random(7))

    title, same = bench_words.Rewritable(text, text).rewrite(offsets)

    assert title == same
    words = re.findall(r"[A-Za-z]+", title)
    assert words[:1] + words[3:6] == ["heading", "anchor", "bench", VOCABULARY[0]]  # rank 0 is a class of its own
    assert words[1][0].isupper() and band(words[1]) == band(VOCABULARY[5])
    assert band(words[2]) == band(VOCABULARY[12_000])
    moved = [bench_words.Rewritable(VOCABULARY[12_000]).rewrite(bench_words.band_rotation(random.Random(n)))[0]
             for n in range(20)]  # fmt: skip
    assert len(set(moved)) > 15  # each article its own words
