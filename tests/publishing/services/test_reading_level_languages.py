"""The reading-level gate in the text's language: the site's target on that language's formula (at most a grade in
English, at least an ease elsewhere), and no gate where no formula fits the language (not measured, not blocked)."""

import pytest
from django.core.exceptions import ValidationError

from articles.models import Article
from core.models import SiteSettings
from core.readability import measure
from publishing.selectors import approval_of_current_version
from publishing.services.checks import READING_LEVEL, document_concerns
from publishing.services.editorial_steps import article_transition
from tests.helpers.factories import complete_article
from tests.helpers.people import user_in_role
from tests.helpers.publishing import shown

pytestmark = pytest.mark.django_db

# Szigriszt-Pazos far below 55 (one sentence of 19 long words), and far above it.
HARD_SPANISH = (
    "La hipomagnesemia desencadena hiperexcitabilidad neuromuscular, manifestándose mediante fasciculaciones, "
    "espasmos carpopedales y, en presentaciones considerablemente avanzadas, convulsiones tónico-clónicas "
    "generalizadas."
)
EASY_SPANISH = "Coma pescado. Tome el sol. Pregunte a su médico."


def site_in(language: str, **fields) -> SiteSettings:
    SiteSettings.objects.filter(pk=SiteSettings.load().pk).update(language=language, **fields)
    return SiteSettings.load()


def concerns(text: str, language: str, site_settings: SiteSettings, audience: str = "patients") -> list[str]:
    document = {"references": [], "readability": measure(text, language=language).as_block(), "audience": audience}
    return [concern.check for concern in document_concerns(document, site_settings)]


def test_spanish_text_below_the_spanish_ease_target_is_a_concern_and_above_it_is_not():
    site_settings = site_in("es", reading_targets={"es": 55})

    assert concerns(HARD_SPANISH, "es", site_settings) == [READING_LEVEL]
    assert concerns(EASY_SPANISH, "es", site_settings) == []
    assert concerns(HARD_SPANISH, "es", site_settings, audience="professionals") == []  # no target for them


def test_an_ease_target_applies_only_where_the_site_sets_one():
    assert concerns(HARD_SPANISH, "es-MX", site_in("es-MX", reading_targets={"de": 60})) == []
    assert concerns(HARD_SPANISH, "es-MX", site_in("es-MX", reading_targets={"es": 55})) == [READING_LEVEL]  # control


def test_a_language_with_no_formula_is_not_measured_and_blocks_nothing():
    site_settings = site_in("ar", target_reading_grade=1)
    hard_english = "Hypomagnesaemia precipitates neuromuscular hyperexcitability, manifesting as fasciculations."

    assert concerns(hard_english, "ar", site_settings) == []
    assert concerns(hard_english, "en", site_settings) == [READING_LEVEL]  # control: the same text measured as English


def test_approving_spanish_text_freezes_its_own_formula_and_asks_a_reason_below_the_target(reviewer):
    site_in("es", reading_targets={"es": 55})
    article = complete_article(children=0, summary=EASY_SPANISH, intro=HARD_SPANISH, comparison_intro="")
    article_transition("submit", article=article, user=user_in_role("author", "Author"))

    with pytest.raises(ValidationError) as refused:
        article_transition("approve", article=article, shown_document=shown(article), user=reviewer)
    article_transition(
        "approve", article=article, shown_document=shown(article), user=reviewer, override_reason="Terms to learn."
    )

    approval = approval_of_current_version(Article.objects.get(pk=article.pk))
    readability = approval.document["readability"]
    assert (readability["language"], readability["formula"], readability["scale"]) == ("es", "szigriszt-pazos", "ease")
    assert readability["score"] < 55
    assert readability["flesch_kincaid_grade"] is None and readability["flesch_reading_ease"] is None
    assert approval.reading_grade is None  # a Flesch-Kincaid grade, which Spanish text has not
    assert approval.overridden == [READING_LEVEL]
    assert refused.value.message_dict["override_reason"][0].startswith(
        f"It scores {readability['score']} on the Szigriszt-Pazos perspicuity, below the site's target of 55 for "
        "patients."
    )


def test_approving_text_in_a_language_with_no_formula_asks_no_reason(reviewer):
    site_in("he", target_reading_grade=1)
    article = complete_article(children=0, summary="Hard words", intro=HARD_SPANISH, comparison_intro="")
    article_transition("submit", article=article, user=user_in_role("author", "Author"))

    article_transition("approve", article=article, shown_document=shown(article), user=reviewer)  # no reason asked

    approval = approval_of_current_version(Article.objects.get(pk=article.pk))
    assert approval.document["readability"]["available"] is False
    assert approval.overridden == [] and approval.reading_grade is None
