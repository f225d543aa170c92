import pytest

from core.citation_markers import find_markers, format_numbers, rewrite_markers
from core.markdown import render_markdown


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("Bone [3].", [[3]]),
        ("Muscle [2, 5].", [[2, 5]]),
        ("Range [2-4] and [7–8].", [[2, 3, 4], [7, 8]]),
        ("Mixed [1, 3-5, 9].", [[1, 3, 4, 5, 9]]),
        ("A [link](https://x.org), a [1](https://x.org) and [word] are not markers.", []),
    ],
)
def test_markers_are_found_with_their_numbers(text, numbers):
    assert [marker.numbers for marker in find_markers(text)] == numbers


@pytest.mark.parametrize(
    ("text", "problem"), [("[4-2]", "runs backwards"), ("[0]", "numbered from 1"), ("[1-90]", "more than 50")]
)
def test_malformed_markers_say_why(text, problem):
    assert problem in find_markers(text)[0].malformed


def test_markers_render_as_links_to_reference_anchors():
    html = render_markdown("Low calcium [2, 4-5].")

    assert html == (
        '<p>Low calcium [<a href="#ref-2" rel="noopener noreferrer">2</a>, '
        '<a href="#ref-4" rel="noopener noreferrer">4</a>–<a href="#ref-5" rel="noopener noreferrer">5</a>].</p>'
    )


def test_markers_in_code_are_left_alone():
    assert render_markdown("Write `[3]` to cite.") == "<p>Write <code>[3]</code> to cite.</p>"


def test_rewrite_renumbers_only_markers_that_move():
    text = "See [1], [2, 3], [1-3], [9] and [a link](https://x.org)."

    assert rewrite_markers(text, {1: 3, 3: 1}) == "See [3], [1, 2], [1-3], [9] and [a link](https://x.org)."


def test_format_numbers_compresses_runs():
    assert format_numbers([7, 1, 2, 3, 5, 8]) == "1-3, 5, 7, 8"
