"""The comparison of two snapshots of an article: pure functions, no database."""

from articles.comparison import Row, Snapshot, compare, text_diff, text_marked
from articles.comparison.text import tokens
from core.citation_markers import rewrite_markers


def key_point(pk, title, text="What to remember."):
    return Row(id=pk, name=title, texts={"title": title, "text": text})


def citation(reference_id, title):
    return Row(id=reference_id, name=title, texts={"reference": title})


def snapshot(fields=None, **parts):
    return Snapshot(fields={"title": "Vitamin D", **(fields or {})}, parts=parts)


def rows_of(comparison, label):
    parts = {part.label: part for part in comparison.parts}
    assert label in parts, f"no change in {label}: {[part.label for part in comparison.parts]}"
    return parts[label]


# Text: lines first, then words within a changed line.


def test_tokens_keep_line_breaks_and_punctuation_apart_and_give_the_text_back():
    text = "Eat fish.\nEat less  salt [1, 2]; it's fine."

    found = tokens(text)

    assert found[:4] == ["Eat", " ", "fish", "."]
    assert found[4] == "\n"
    assert "[1, 2]" in found and "it's" in found
    assert "".join(found) == text


def test_a_word_changed_within_a_line_is_marked_and_the_line_breaks_stay():
    diff = text_diff("Eat fish.\nEat less salt.\nSleep well.", "Eat fish.\nEat more salt.\nSleep well.")

    assert diff == "Eat fish.<br>Eat <del>less</del><ins>more</ins> salt.<br>Sleep well."


def test_a_new_line_is_one_insertion_and_the_lines_around_it_are_untouched():
    diff = text_diff("Eat fish.\nEat less salt.", "Eat fish.\nDrink water.\nEat less salt.")

    assert diff == "Eat fish.<br><ins>Drink water.</ins><br>Eat less salt."


def test_a_removed_line_is_one_deletion():
    diff = text_diff("One.\nTwo.\nThree.", "One.\nThree.")

    assert diff == "One.<br><del>Two.</del><br>Three."


def test_a_word_glued_to_a_line_break_is_still_a_word():
    # Split on spaces, "fish.\nEat" was one token: changing "fish" marked the next line's first word too.
    diff = text_diff("Eat fish.\nEat less salt.", "Eat salmon.\nEat less salt.")

    assert diff == "Eat <del>fish</del><ins>salmon</ins>.<br>Eat less salt."


def test_a_new_paragraph_break_shows():
    diff = text_diff("Eat fish. Eat less salt.", "Eat fish.\n\nEat less salt.")

    assert "<ins" in diff and "¶" in diff
    assert diff.startswith("Eat fish.") and diff.endswith("Eat less salt.")


def test_a_rewritten_line_reads_as_removed_then_added_not_as_a_patchwork():
    diff = text_diff("Zinc helps wounds heal.", "Iron carries oxygen.")

    assert diff == "<del>Zinc helps wounds heal.</del><br><ins>Iron carries oxygen.</ins>"


def test_the_diff_escapes_what_editors_typed():
    diff = text_diff('<script>alert("x")</script> calm', '<img src=x onerror="y"> calm')

    assert "<script>" not in diff and "<img" not in diff
    assert "&lt;script&gt;" in diff and "&lt;img" in diff
    assert text_marked("ins", "<b>bold</b>") == "<ins>&lt;b&gt;bold&lt;/b&gt;</ins>"


def test_identical_texts_have_no_marks_and_line_endings_do_not_count():
    assert text_diff("A\r\nB", "A\nB") == "A<br>B"


# Rows: matched by their id.


def test_an_edited_key_point_is_an_edit_of_that_row_with_its_diff():
    before = snapshot(key_points=[key_point(1, "Calcium"), key_point(2, "Magnesium", "Low levels cause cramps.")])
    after = snapshot(key_points=[key_point(1, "Calcium"), key_point(2, "Magnesium", "Low levels cause twitching.")])

    [change] = rows_of(compare(before, after), "Key points").rows

    assert (change.change, change.name, change.summary) == ("edited", "Magnesium", "Edited")
    assert [field.label for field in change.fields] == ["Text"]
    assert str(change.fields[0].diff) == "Low levels cause <del>cramps</del><ins>twitching</ins>."


def test_a_key_point_dragged_to_the_top_is_one_move_and_nothing_else():
    rows = [key_point(1, "First"), key_point(2, "Second"), key_point(3, "Third")]
    before, after = snapshot(key_points=rows), snapshot(key_points=[rows[2], rows[0], rows[1]])

    part = rows_of(compare(before, after), "Key points")

    assert [(row.change, row.name, row.summary) for row in part.rows] == [("moved", "Third", "Moved from 3rd to 1st")]
    assert part.rows[0].fields == []


def test_two_key_points_swapped_are_one_move():
    rows = [key_point(1, "First"), key_point(2, "Second")]

    part = rows_of(compare(snapshot(key_points=rows), snapshot(key_points=rows[::-1])), "Key points")

    assert [(row.name, row.summary) for row in part.rows] == [("Second", "Moved from 2nd to 1st")]


def test_a_moved_and_edited_row_says_both():
    first, second = key_point(1, "First"), key_point(2, "Second")
    before = snapshot(key_points=[first, second, key_point(3, "Third", "Old text.")])
    after = snapshot(key_points=[key_point(3, "Third", "New text."), first, second])

    [change] = rows_of(compare(before, after), "Key points").rows

    assert change.summary == "Edited, and moved from 3rd to 1st"
    assert "<del>Old</del><ins>New</ins>" in str(change.fields[0].diff)


def test_rows_added_and_removed_are_so_and_the_others_did_not_move():
    before = snapshot(key_points=[key_point(1, "Kept"), key_point(2, "Dropped")])
    after = snapshot(key_points=[key_point(3, "New on top", "Fresh text."), key_point(1, "Kept")])

    rows = rows_of(compare(before, after), "Key points").rows

    assert [(row.change, row.name, row.summary) for row in rows] == [
        ("added", "New on top", "Added as 1st"),
        ("removed", "Dropped", "Removed (was 2nd)"),
    ]
    assert [str(field.diff) for field in rows[0].fields] == ["<ins>New on top</ins>", "<ins>Fresh text.</ins>"]
    assert str(rows[1].fields[0].diff) == "<del>Dropped</del>"


def test_every_kind_of_part_is_compared_by_row():
    def row(pk, name, **texts):
        return Row(id=pk, name=name, texts=texts)

    before = snapshot(
        sections=[row(1, "Causes", heading="Causes", anchor="causes", body="Low sun.")],
        cause_comparisons=[row(1, "Low calcium", cause="Low calcium", related_symptoms="Cramps")],
        faqs=[row(7, "Is it serious?", question="Is it serious?", answer="Rarely.")],
    )
    after = snapshot(
        sections=[row(1, "Causes", heading="Causes", anchor="causes", body="Little sun.")],
        cause_comparisons=[],
        faqs=[row(8, "Can I test it?", question="Can I test it?", answer="Yes.")],
    )

    comparison = compare(before, after)

    assert [part.label for part in comparison.parts] == ["Sections", "Comparison table", "FAQs"]
    assert [row.change for part in comparison.parts for row in part.rows] == ["edited", "removed", "added", "removed"]


# Citations: a reorder is a renumbering, reported once.


def test_reordered_citations_are_one_renumbering_and_the_rewritten_markers_are_no_edit():
    citations = [citation(10, "Holick 2007"), citation(20, "NIH fact sheet")]
    text = "Low vitamin D lowers calcium [1]. Magnesium matters too [2]."
    renumbered = rewrite_markers(text, {1: 2, 2: 1})
    assert renumbered != text  # the editing service rewrote the markers
    before = snapshot({"intro": text}, citations=citations, key_points=[key_point(1, "Calcium", text)])
    after = snapshot({"intro": renumbered}, citations=citations[::-1], key_points=[key_point(1, "Calcium", renumbered)])

    comparison = compare(before, after)

    assert comparison.renumbering == {1: 2, 2: 1}
    assert comparison.fields == []
    [part] = comparison.parts
    assert part.label == "Citations" and part.rows == []
    assert part.notes == ["Citations renumbered: [1]→[2], [2]→[1]"]


def test_a_real_edit_beside_a_renumbering_still_shows_without_the_marker_noise():
    citations = [citation(10, "Holick 2007"), citation(20, "NIH fact sheet")]
    text = "Low vitamin D lowers calcium [1]. Magnesium matters too [2]."
    edited = rewrite_markers(text, {1: 2, 2: 1}).replace("matters too", "matters as well")

    comparison = compare(
        snapshot({"intro": text}, citations=citations), snapshot({"intro": edited}, citations=citations[::-1])
    )

    [intro] = comparison.fields
    assert intro.label == "Introduction"
    assert "<del>too</del><ins>as well</ins>" in str(intro.diff)
    assert "[1]" in str(intro.diff) and "<del>[1]" not in str(intro.diff) and "<ins>[2]" not in str(intro.diff)


def test_a_citation_added_at_the_top_renumbers_the_others_and_is_an_addition():
    before = snapshot(citations=[citation(10, "Holick 2007")])
    after = snapshot(citations=[citation(30, "A new trial"), citation(10, "Holick 2007")])

    part = rows_of(compare(before, after), "Citations")

    assert [(row.change, row.summary) for row in part.rows] == [("added", "Added as [1]")]
    assert part.notes == ["Citations renumbered: [1]→[2]"]


# The whole comparison.


def test_identical_snapshots_compare_as_no_change_and_a_field_edit_as_one():
    rows = [key_point(1, "Calcium")]
    same = compare(snapshot(key_points=rows), snapshot(key_points=rows))
    changed = compare(snapshot(key_points=rows), snapshot({"title": "Vitamin D, explained"}, key_points=rows))

    assert not same and same.parts == [] and same.fields == []
    assert changed  # positive control
    assert [(field.label, str(field.diff)) for field in changed.fields] == [
        ("Title", "Vitamin D<ins>, explained</ins>")
    ]


def test_rows_without_ids_are_compared_by_place_and_the_comparison_says_so():
    before = snapshot(key_points=[key_point(None, "First"), key_point(None, "Second")])
    after = snapshot(key_points=[key_point(None, "Second"), key_point(None, "First")])

    part = rows_of(compare(before, after), "Key points")

    assert [row.change for row in part.rows] == ["edited", "edited"]
    assert part.notes == ["Compared by place: one of the two does not record which row is which."]


def test_a_row_made_again_with_the_same_texts_is_not_removed_and_added():
    # Restoring a version brings a deleted FAQ back under a new id.
    def faq(pk, question):
        return Row(id=pk, name=question, texts={"question": question, "answer": "Yes."})

    before = snapshot(faqs=[faq(1, "Is it common?"), faq(2, "Is it serious?")])
    remade = snapshot(faqs=[faq(1, "Is it common?"), faq(9, "Is it serious?")])
    replaced = snapshot(faqs=[faq(1, "Is it common?"), faq(9, "Is it rare?")])

    assert not compare(before, remade)
    assert [row.change for row in rows_of(compare(before, replaced), "FAQs").rows] == ["added", "removed"]
