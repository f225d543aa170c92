"""The limits that keep rendering bounded: each counted without the parser, each named when a text goes over."""

import time

import pytest

from core.markdown_limits import markdown_limit_problem, markdown_over_limit
from tests.helpers.hostile_markdown import BRACKETS_2MB, LIMIT_CASES


@pytest.mark.parametrize("case", LIMIT_CASES, ids=lambda case: case.name)
def test_a_text_at_a_limit_passes_and_one_more_is_named(case):
    assert markdown_limit_problem(case.at_limit) is None
    assert markdown_limit_problem(case.over) == case.message


def test_a_real_article_is_far_inside_every_limit():
    text = (
        "Vitamin D helps the body absorb **calcium** [1, 2].\n\n"
        "- Sun on the skin\n- Oily fish [3]\n  - salmon\n  - sardines\n\n"
        "> A quote from a guideline [4-6].\n\n"
        "| Source | IU |\n|---|---|\n| Salmon | 570 |\n| Egg | 44 |\n\n"
        "See the [NHS page](https://www.nhs.uk/conditions/vitamins-and-minerals/vitamin-d/) and `25(OH)D`.\n"
    ) * 40
    assert markdown_over_limit(text) is None


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("- a\n  - b\n    - c\n      - d\n        - e\n          - f\n            - g\n              - h\n", 8),
        (
            "- a\n  - b\n    - c\n      - d\n        - e\n          - f\n            - g\n              - h\n"
            "                - i\n",
            9,
        ),
        ("> - > 1. > * a", 6),
    ],
)
def test_nesting_counts_quotes_list_markers_and_list_indentation(text, depth):
    over = markdown_over_limit(text)
    assert (over[2] if over else None) == (depth if depth > 8 else None)
    # Within the limit too, the depth is the one counted: one quote more than the limit allows is over by one.
    deeper = "\n".join("> " * (9 - depth) + line for line in text.split("\n"))
    assert markdown_over_limit(deeper) == ("levels of quotes and lists inside each other", 8, 9)


def test_table_cells_are_columns_times_rows_to_the_blank_line():
    table = "|a|b|c|\n|---|:-:|--|\n" + "x\n" * 700 + "\nAfter the table.\n" + "y\n" * 800
    assert markdown_over_limit(table) == ("table cells", 2_000, 3 * 702)
    assert markdown_over_limit("a\n---\n" + "x\n" * 1_000) is None  # a heading's underline is no table


def test_the_check_reads_a_2_mb_hostile_text_without_the_parser_in_milliseconds():
    start = time.perf_counter()
    for text in (BRACKETS_2MB, "**a " * 500_000):
        assert markdown_over_limit(text)[0] == "characters"
    # Within the length, long runs of spaces where the line scans look for markers do not make them backtrack.
    for text in ("a\n" + " " * 29_000 + "x", "- " + " " * 29_000 + "x", "|" + " " * 29_000 + "-x"):
        assert markdown_over_limit(text) is None
    assert markdown_over_limit("> " * 14_000) == ("levels of quotes and lists inside each other", 8, 14_000)
    assert time.perf_counter() - start < 0.5  # the parser needs minutes for the first one
