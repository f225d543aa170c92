"""How deeply JSON nests, measured in linear time without recursion."""

import json
import time

import pytest

from core.json_depth import json_depth


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("1", 0),
        ("[]", 1),
        ('{"a": [1, {"b": []}]}', 4),
        ('["[[[", "\\"[[", "]]]]"]', 1),  # brackets inside strings, escaped quotes included, do not count
        ("[" * 10_000 + "]" * 10_000, 10_000),
    ],
)
def test_the_depth_counts_arrays_and_objects_outside_strings(text, depth):
    assert json_depth(text) == depth


def test_a_large_body_is_measured_quickly():
    text = json.dumps([[index, {"key": "x" * 10}] for index in range(100_000)])  # about 2 MB

    started = time.perf_counter()
    assert json_depth(text) == 3
    assert time.perf_counter() - started < 2
