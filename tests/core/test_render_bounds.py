"""Rendering is bounded: text over the limits is never parsed, and a text rendered once is not parsed again."""

import html
import time

from core.markdown import RenderCache, plain_text, render_cache, render_markdown
from tests.helpers.hostile_markdown import BRACKETS_2MB, LIMIT_CASES
from tests.helpers.html_inspection import dangerous_markup


def test_text_over_a_limit_is_shown_as_escaped_plain_paragraphs_not_parsed():
    text = "**Bold** [a](https://example.org) <script>alert(1)</script>\n\n" + "*a* " * 1_001

    html = render_markdown(text)

    assert html.startswith("<p>**Bold** [a](https://example.org) &lt;script&gt;alert(1)&lt;/script&gt;</p>\n<p>*a* ")
    assert "<strong>" not in html and "<em>" not in html and dangerous_markup(html) == []
    assert plain_text(text) == text.strip()
    assert plain_text("word " * 10_000) == ("word " * 6_000).strip()  # the words as typed, up to the length limit


def test_every_limit_case_over_the_limit_renders_unparsed_and_at_the_limit_parsed():
    for case in LIMIT_CASES:
        lines = html.escape(case.over.strip(), quote=False).replace("\n", "<br>\n")
        assert render_markdown(case.over) == f"<p>{lines}</p>", case.name
    assert "<table>" in render_markdown(next(case for case in LIMIT_CASES if case.name == "table cells").at_limit)
    assert "<table>" not in render_markdown(next(case for case in LIMIT_CASES if case.name == "table cells").over)


def test_the_2_mb_hostile_body_renders_in_well_under_a_second():
    render_cache.clear()
    start = time.perf_counter()
    html, words = render_markdown(BRACKETS_2MB), plain_text(BRACKETS_2MB)
    elapsed = time.perf_counter() - start

    assert html == f"<p>{BRACKETS_2MB}</p>" and words == "[" * 30_000
    assert elapsed < 1  # the parser took more than 30 s


def test_a_text_is_parsed_once_and_its_html_and_words_come_from_the_cache_after():
    render_cache.clear()
    text = "Vitamin D **matters** [1].\n\n<script>alert(1)</script><iframe src='https://evil.example'></iframe>"

    first = render_markdown(text)
    assert (render_cache.misses, render_cache.hits) == (1, 0)
    assert plain_text(text) == "Vitamin D matters [1]."
    assert render_markdown(text) == first
    assert (render_cache.misses, render_cache.hits) == (1, 2)
    assert "<script" not in first and "<iframe" not in first  # what is kept is the sanitized HTML


def test_the_cache_keeps_the_most_recently_used_within_its_size():
    cache = RenderCache(max_chars=120)
    for word in ("alpha", "beta", "gamma"):
        cache.get(word * 4)  # about 45 characters kept each: "<p>alphaalpha…</p>" and the words
    assert len(cache) == 2 and cache.misses == 3
    cache.get("gamma" * 4)
    cache.get("alpha" * 4)  # the oldest was dropped: parsed again
    assert (cache.hits, cache.misses) == (1, 4)
    cache.get("x" * 200)  # larger than the whole cache: rendered, not kept
    assert len(cache) == 2


def test_megabytes_of_characters_html_escapes_render_fast_and_escaped():
    start = time.perf_counter()
    for char in "<>&":
        assert render_markdown(char * 2_000_000) == f"<p>{html.escape(char) * 2_000_000}</p>"
    assert time.perf_counter() - start < 1
    assert dangerous_markup(render_markdown("<img src=x onerror=alert(1)>\n\n" + "a" * 30_001)) == []
