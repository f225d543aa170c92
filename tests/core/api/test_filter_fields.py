"""The look-alikes of a misspelt word (`one_edit_away`), which SQLite's typo fallback looks up in its index's
vocabulary."""

from core.api.filter_fields import TYPO_MAX_LENGTH, one_edit_away


def test_each_kind_of_edit_is_one_away():
    alike = set(one_edit_away("magnesum"))

    assert "magnesium" in alike  # a letter left out
    assert "magnesum" not in alike  # not the word itself
    assert {"magneum", "magensum", "magnesim"} <= alike  # one left out, two swapped, one changed
    assert "hypocalcemia" in one_edit_away("hypocalcaemia")  # one added
    assert "deficiency" in one_edit_away("defficiency")


def test_two_edits_are_not_one():
    assert "magnesium" not in one_edit_away("mgnesum")  # two letters left out
    assert "calcium" not in one_edit_away("claicum")


def test_letters_of_the_sites_languages_and_of_the_word_itself():
    assert "magnésio" in one_edit_away("magnesio")
    assert "niño" in one_edit_away("nino")
    assert "ωmega" in one_edit_away("ωmga")  # a letter the word has


def test_a_word_past_the_longest_has_none_and_one_at_it_has_some():
    assert one_edit_away("a" * (TYPO_MAX_LENGTH + 1)) == []
    assert "a" * (TYPO_MAX_LENGTH - 1) in one_edit_away("a" * TYPO_MAX_LENGTH)
