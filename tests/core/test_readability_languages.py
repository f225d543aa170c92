"""Readability by the formula made for the text's language: each formula's published constants, a worked example
per language counted by hand, syllable counts of words whose syllables are known, and "not available" (never an
English score) for a language with no formula."""

from decimal import Decimal

import pytest

from core.readability import (
    FORMULAS,
    ReadingTarget,
    amstad,
    current_block,
    flesch_kincaid_grade,
    flesch_reading_ease,
    formula_for,
    french,
    german,
    kandel_moles,
    measure,
    spanish,
    szigriszt_pazos,
)


@pytest.mark.parametrize(
    ("formula", "constant", "per_word_of_sentence", "per_syllable_of_word"),
    [
        # Flesch 1948: 206.835 - 1.015 * words/sentences - 84.6 * syllables/words
        (flesch_reading_ease, 206.835, -1.015, -84.6),
        # Kincaid et al. 1975: 0.39 * words/sentences + 11.8 * syllables/words - 15.59
        (flesch_kincaid_grade, -15.59, 0.39, 11.8),
        # Szigriszt Pazos 1993: 206.835 - 62.3 * syllables/words - words/sentences
        (szigriszt_pazos, 206.835, -1, -62.3),
        # Amstad 1978: 180 - words/sentences - 58.5 * syllables/words
        (amstad, 180, -1, -58.5),
        # Kandel & Moles 1958: 207 - 1.015 * words/sentences - 73.6 * syllables/words
        (kandel_moles, 207, -1.015, -73.6),
    ],
)
def test_each_formula_has_its_published_constants(formula, constant, per_word_of_sentence, per_syllable_of_word):
    at_zero = formula(words_per_sentence=0, syllables_per_word=0)
    assert at_zero == pytest.approx(constant)
    assert formula(words_per_sentence=1, syllables_per_word=0) - at_zero == pytest.approx(per_word_of_sentence)
    assert formula(words_per_sentence=0, syllables_per_word=1) - at_zero == pytest.approx(per_syllable_of_word)


def test_spanish_is_measured_by_szigriszt_pazos_with_spanish_syllables():
    # 2 sentences, 13 words, 24 syllables: El 1, mé-di-co 3, re-vi-sa 3, la 1, pre-sión 2, ar-te-rial 3, del 1,
    # pa-cien-te 3 (17); Hoy 1, el 1, dí-a 2, es 1, frí-o 2 (7).
    scores = measure("El médico revisa la presión arterial del paciente. Hoy el día es frío.", language="es")

    assert (scores.sentences, scores.words, scores.syllables) == (2, 13, 24)
    assert scores.score == round(206.835 - 62.3 * 24 / 13 - 13 / 2, 1) == 85.3
    assert (scores.formula.id, scores.formula.scale) == ("szigriszt-pazos", "ease")
    assert scores.flesch_kincaid_grade is None and scores.flesch_reading_ease is None  # never an English score


def test_german_is_measured_by_amstad_with_german_syllables():
    # 3 sentences, 16 words, 25 syllables: Der 1, Arzt 1, misst 1, den 1, Blut-druck 2, im 1, Kran-ken-haus 3 (10);
    # Die 1, Zei-tung 2, schreibt 1, ü-ber 2, Ge-sund-heit 3 (9); Das 1, The-a-ter 3, ist 1, alt 1 (6).
    scores = measure(
        "Der Arzt misst den Blutdruck im Krankenhaus. Die Zeitung schreibt über Gesundheit. Das Theater ist alt.",
        language="de",
    )

    assert (scores.sentences, scores.words, scores.syllables) == (3, 16, 25)
    assert scores.score == round(180 - 16 / 3 - 58.5 * 25 / 16, 1) == 83.3
    assert (scores.formula.id, scores.formula.scale) == ("amstad", "ease")
    assert scores.flesch_kincaid_grade is None and scores.flesch_reading_ease is None


def test_french_is_measured_by_kandel_moles_with_french_syllables():
    # 3 sentences, 14 words, 21 syllables: Le 1, mé-de-cin 3, soigne 1, la 1, per-sonne 2 (8); L'hô-pi-tal 3, est 1,
    # près 1, de 1, la 1, mai-son 2 (9); Une 1, bonne 1, i-dée 2 (4).
    scores = measure("Le médecin soigne la personne. L'hôpital est près de la maison. Une bonne idée.", language="fr")

    assert (scores.sentences, scores.words, scores.syllables) == (3, 14, 21)
    assert scores.score == round(207 - 1.015 * 14 / 3 - 73.6 * 21 / 14, 1) == 91.9
    assert (scores.formula.id, scores.formula.scale) == ("kandel-moles", "ease")
    assert scores.flesch_kincaid_grade is None and scores.flesch_reading_ease is None


def test_english_keeps_both_flesch_scores_with_the_grade_as_its_score():
    scores = measure("Vitamin D helps you take up calcium. Low levels make nerves fire.", language="en-US")

    assert (scores.formula.id, scores.formula.scale, scores.score) == ("flesch-kincaid", "grade", 3.5)
    assert (scores.flesch_kincaid_grade, scores.flesch_reading_ease) == (3.5, 80.9)


@pytest.mark.parametrize("language", ["ar", "he", "zh-Hans", "ja"])
def test_a_language_without_a_formula_is_not_available_rather_than_scored_as_english(language):
    text = "Vitamin D helps you take up calcium. Low levels make nerves fire."

    scores = measure(text, language=language)

    assert scores.available is False and scores.formula is None
    assert (scores.score, scores.flesch_kincaid_grade, scores.flesch_reading_ease, scores.syllables) == (None,) * 4
    assert (scores.words, scores.sentences) == (12, 2)  # counted: words and sentences need no formula
    assert scores.as_block() == {
        "language": language,
        "available": False,
        "formula": None,
        "scale": None,
        "score": None,
        "flesch_kincaid_grade": None,
        "flesch_reading_ease": None,
    }
    assert measure(text, language="en").available is True  # the positive control: the same text, in English


@pytest.mark.parametrize(
    ("language", "formula"),
    [("es-MX", "szigriszt-pazos"), ("es_419", "szigriszt-pazos"), ("DE-at", "amstad"), ("fr-CA", "kandel-moles")],
)
def test_a_language_tag_is_matched_on_its_primary_subtag(language, formula):
    assert formula_for(language=language).id == formula
    assert formula_for(language="esperanto") is None  # control: a prefix is not a primary subtag


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        ("salud", 2),
        ("médico", 3),
        ("enfermedad", 4),
        ("corazón", 3),
        ("ciudad", 2),  # iu: a diphthong
        ("huevo", 2),
        ("guerra", 2),
        ("también", 2),
        ("quién", 1),
        ("buey", 1),  # a triphthong
        ("construcción", 3),
        ("poeta", 3),  # o-e: two strong vowels, a hiatus
        ("leer", 2),
        ("aéreo", 4),
        ("día", 2),  # í breaks the diphthong
        ("país", 2),
        ("Raúl", 2),
        ("oír", 2),
        ("pingüino", 3),
        ("hoy", 1),  # y with no vowel after it is a vowel
        ("y", 1),
        ("ayuda", 3),  # before a vowel, a consonant
        ("ahora", 3),
    ],
)
def test_spanish_syllables_of_words_whose_count_is_known(word, syllables):
    assert spanish.count_syllables(word) == syllables


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        ("Arzt", 1),
        ("Boot", 1),
        ("Tee", 1),
        ("Zeitung", 2),
        ("Häuser", 2),
        ("Ärztin", 2),
        ("Blutdruck", 2),
        ("Schmerzen", 2),
        ("Feuer", 2),
        ("Bauer", 2),
        ("Quelle", 2),
        ("Gesundheit", 3),
        ("Krankenhaus", 3),
        ("Theater", 3),
        ("Diabetes", 4),
        ("Krankenversicherung", 6),
    ],
)
def test_german_syllables_of_words_whose_count_is_known(word, syllables):
    assert german.count_syllables(word) == syllables


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        ("le", 1),
        ("des", 1),
        ("eau", 1),
        ("cœur", 1),
        ("joues", 1),
        ("qu'il", 1),
        ("santé", 2),
        ("oiseau", 2),
        ("douleur", 2),
        ("personne", 2),  # the final e is mute
        ("personnes", 2),
        ("idée", 2),
        ("réel", 2),
        ("naïf", 2),
        ("Noël", 2),
        ("maladie", 3),
        ("médecin", 3),
        ("hôpital", 3),
        ("l'hôpital", 3),
        ("aujourd'hui", 3),
        ("infection", 3),
        ("poésie", 3),
    ],
)
def test_french_syllables_of_words_whose_count_is_known(word, syllables):
    assert french.count_syllables(word) == syllables


def test_a_grade_target_is_missed_above_it_and_an_ease_target_below_it():
    grade = ReadingTarget(formula=FORMULAS["en"], value=Decimal(8))
    ease = ReadingTarget(formula=FORMULAS["es"], value=Decimal(55))

    assert (grade.missed_by(8.1), grade.missed_by(8.0), grade.missed_by(3.0)) == (True, False, False)
    assert (ease.missed_by(54.9), ease.missed_by(55.0), ease.missed_by(80.0)) == (True, False, False)


def test_a_block_frozen_before_languages_reads_as_the_english_grade_it_was():
    old = {"flesch_kincaid_grade": 9.2, "flesch_reading_ease": 51.0}

    assert current_block(old) == {
        "language": "en",
        "available": True,
        "formula": "flesch-kincaid",
        "scale": "grade",
        "score": 9.2,
        "flesch_kincaid_grade": 9.2,
        "flesch_reading_ease": 51.0,
    }
    today = measure("Eat fish.", language="es").as_block()
    assert current_block(today) == today  # control: a block in today's shape is kept as it is
    assert current_block(None) is None
