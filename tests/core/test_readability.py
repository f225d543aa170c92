import pytest

from core.readability import count_syllables, measure


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        ("the", 1),
        ("cat", 1),
        ("free", 1),
        ("used", 1),
        ("makes", 1),
        ("helped", 1),
        ("mile", 1),
        ("idea", 2),
        ("muscle", 2),
        ("people", 2),
        ("table", 2),
        ("wanted", 2),
        ("passes", 2),
        ("changes", 2),
        ("special", 2),
        ("treatment", 2),
        ("vitamin", 3),
        ("calcium", 3),
        ("essential", 3),
        ("magnesium", 4),
        ("deficiency", 4),
        ("potassium", 4),
        ("anemia", 4),
        ("fasciculations", 5),
        ("hypocalcemia", 6),
    ],
)
def test_syllables_of_words_whose_count_is_known(word, syllables):
    assert count_syllables(word) == syllables


def test_scores_follow_the_flesch_formulas():
    # 2 sentences, 12 words, 17 syllables ("Vitamin" 3, "calcium" 3, "levels" 2, every other word 1).
    scores = measure("Vitamin D helps you take up calcium. Low levels make nerves fire.", language="en")

    assert (scores.sentences, scores.words, scores.syllables) == (2, 12, 17)
    assert scores.flesch_reading_ease == round(206.835 - 1.015 * 12 / 2 - 84.6 * 17 / 12, 1) == 80.9
    assert scores.flesch_kincaid_grade == round(0.39 * 12 / 2 + 11.8 * 17 / 12 - 15.59, 1) == 3.5


def test_longer_words_and_sentences_read_harder():
    plain = measure("Eat fish. Get some sun. Take the pills your doctor gave you.", language="en")
    dense = measure(
        "Hypovitaminosis D precipitates hypocalcemia, consequently engendering neuromuscular hyperexcitability "
        "manifesting as fasciculations.",
        language="en",
    )

    assert plain.flesch_kincaid_grade < 3 < 10 < dense.flesch_kincaid_grade
    assert plain.flesch_reading_ease > 80 > 20 > dense.flesch_reading_ease


def test_text_without_words_has_no_score():
    assert measure("  \n ", language="en") is None


def test_accented_letters_are_letters():
    """ "déclenche" is one word (the old splitter read "d" and "clenche"), with the syllables of "declenche"."""
    scores = measure("La carence déclenche des crampes. Élevé, naïve, façade.", language="fr")

    assert scores.words == 8
    assert count_syllables("déclenche") == count_syllables("declenche") == 2
    assert count_syllables("naïve") == count_syllables("naive")
