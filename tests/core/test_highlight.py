"""core.highlight: the passage a search result shows, its words marked, everything else escaped."""

from core.highlight import search_highlight


def test_a_misspelt_word_is_marked_where_the_search_looked_for_it():
    texts = ("Magnesium deficiency", "", "What low magnesium does.", "the body also holds magnesia, a look-alike")
    assert search_highlight(["magnesum"], texts, alike_in=3) == "<mark>Magnesium</mark> deficiency"
    # Only in the rest of the text: not looked for there (the typo search reads title, subtitle, summary).
    assert search_highlight(["magnesia"], texts, alike_in=3).endswith("<mark>magnesia</mark>, a look-alike")
    body_only = ("A title", "", "A summary.", "only the body says magnesium")
    assert search_highlight(["magnesum"], body_only, alike_in=3) is None
    assert search_highlight(["magnesum"], body_only, alike_in=4) == "only the body says <mark>magnesium</mark>"


def test_everything_but_the_marks_is_escaped():
    texts = ("<script>alert(1)</script> calcium & bones", "", "", "")
    passage = search_highlight(["calcium", "<script>"], texts, alike_in=3)
    assert "<script>" not in passage.replace("<mark>&lt;script&gt;</mark>", "")
    assert "<mark>calcium</mark> &amp; bones" in passage
