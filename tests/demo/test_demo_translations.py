"""The demo serves English and Spanish: a Spanish translation of the vitamin D article, reviewed by a reviewer who
reads Spanish and published through the editorial steps, and one translation left behind its improved source."""

import re

import pytest
from django.core.management import call_command

from articles.models import Article, ArticleAction, ArticleStatus
from core.models import SiteSettings, SynonymGroup
from publishing.models import Publication
from publishing.selectors import translations_behind

pytestmark = pytest.mark.django_db

VITAMIN_D = "vitamin-d-deficiency-muscle-twitching"
VITAMINA_D = "vitamina-d-contracciones-musculares"
HYPOCALCEMIA = "hypocalcemia-low-blood-calcium"
HIPOCALCEMIA = "hipocalcemia-calcio-bajo-en-la-sangre"
MAGNESIUM = "magnesium-deficiency-signs-and-causes"


@pytest.fixture
def demo(settings):
    settings.DEBUG = True  # the translations are reviewed and published by the demo users
    call_command("load_demo_content")


def test_the_site_serves_english_and_spanish(demo):
    site_settings = SiteSettings.load()

    assert site_settings.language == "en"
    assert site_settings.served_languages() == ["en", "es"]


def test_the_spanish_vitamin_d_article_was_reviewed_by_a_reviewer_who_reads_spanish(demo):
    source = Article.objects.get(slug=VITAMIN_D, language="en")
    translation = Article.objects.get(slug=VITAMINA_D, language="es")

    assert translation.status == ArticleStatus.PUBLISHED
    assert (translation.translation_of, translation.translation_key) == (source, source.translation_key)
    assert translation.medical_reviewer.slug == "lucia-ferrer"
    assert translation.medical_reviewer.languages_reviewed(default="en") == ["en", "es"]
    assert translation.medical_reviewer.user.username == "reviewer-es"
    steps = list(translation.transitions.order_by("pk").values_list("action", flat=True))
    assert steps[-3:] == [ArticleAction.SUBMIT, ArticleAction.APPROVE, ArticleAction.PUBLISH]
    assert ArticleAction.IMPORT not in steps
    approval = Publication.objects.live().get(article=translation).approval
    assert approval.approved_by.username == "reviewer-es" and not approval.overridden


def test_the_spanish_article_is_served_and_linked_both_ways(demo, api_client):
    spanish = api_client.get(f"/api/v1/articles/{VITAMINA_D}/?language=es")
    english = api_client.get(f"/api/v1/articles/{VITAMIN_D}/").json()

    assert spanish.status_code == 200
    assert spanish["Content-Language"] == "es"
    body = spanish.json()
    assert body["language"] == "es" and body["text_direction"] == "ltr"
    assert body["title"] == "¿La falta de vitamina D puede causar contracciones musculares?"
    assert [(item["language"], item["slug"]) for item in body["translations"]] == [("en", VITAMIN_D)]
    assert body["translation_of"]["slug"] == VITAMIN_D
    assert body["source_updated_since_translation"] is False
    assert body["medical_reviewer"]["name"] == "Lucía Ferrer"
    # Every part translated, the same references cited, the disclaimer in Spanish.
    for part in ("key_points", "sections", "cause_comparisons", "faqs"):
        assert len(body[part]) == len(english[part]), part
        assert body[part] != english[part], part
    assert all(faq["question"].startswith("¿") and faq["question"].endswith("?") for faq in body["faqs"])
    assert [ref["url"] for ref in body["references"]] == [ref["url"] for ref in english["references"]]
    assert body["disclaimer"].startswith("Este artículo")
    assert body["readability"]["formula"] == "szigriszt-pazos"
    assert [(item["language"], item["slug"]) for item in english["translations"]] == [("es", VITAMINA_D)]
    assert english["translation_of"] is None


def test_the_spanish_list_and_what_english_readers_see(demo, api_client):
    spanish = api_client.get("/api/v1/articles/?language=es").json()
    english = api_client.get("/api/v1/articles/").json()

    assert sorted(item["slug"] for item in spanish["results"]) == [HIPOCALCEMIA, VITAMINA_D]
    assert english["count"] == 3
    missing = api_client.get("/api/v1/articles/magnesium-deficiency-signs-and-causes/?language=es")
    assert missing.status_code == 404 and missing.json()["available_languages"] == ["en"]


def test_one_translation_is_behind_its_improved_source(demo, api_client):
    behind = list(translations_behind())

    assert [article.slug for article in behind] == [HIPOCALCEMIA]
    source = Article.objects.get(slug=HYPOCALCEMIA, language="en")
    assert behind[0].source_live_version == source.version > behind[0].source_version
    assert "four small glands in the neck" in api_client.get(f"/api/v1/articles/{HYPOCALCEMIA}/").json()["intro"]
    body = api_client.get(f"/api/v1/articles/{HIPOCALCEMIA}/?language=es").json()
    assert body["source_updated_since_translation"] is True


def test_without_demo_users_there_are_no_translations(settings):
    settings.DEBUG = False
    call_command("load_demo_content")

    assert not Article.objects.filter(language="es").exists()
    assert Publication.objects.count() == 3


def test_the_spanish_article_shows_the_diagram_with_its_spanish_texts(demo, api_client):
    spanish = api_client.get(f"/api/v1/articles/{VITAMINA_D}/?language=es").json()
    english = api_client.get(f"/api/v1/articles/{VITAMIN_D}/").json()

    hero = spanish["hero_image"]
    assert hero["alt_text"].startswith("Diagrama de cinco pasos") and "calcitriol" in hero["alt_text"]
    assert (
        hero["caption"].startswith("Cómo ayuda la vitamina D") and hero["credit"] == "Demo del CMS de artículos médicos"
    )
    assert hero["licence"] == "CC BY 4.0"  # the same in every language
    pictures = [html for html in map(str, [spanish["intro"], *[s["body_html"] for s in spanish["sections"]]])]
    placed = re.findall(r'<img [^>]*alt="([^"]*)"', "".join(pictures))
    assert placed and all(alt.startswith("Diagrama de cinco pasos") for alt in placed)
    # Positive control: the English article, the same image, shows the English texts.
    assert english["hero_image"]["alt_text"].startswith("Diagram of five steps")
    assert english["hero_image"]["id"] == hero["id"]
    english_placed = re.findall(r'<img [^>]*alt="([^"]*)"', "".join(s["body_html"] for s in english["sections"]))
    assert english_placed and all(alt.startswith("Diagram of five steps") for alt in english_placed)


def test_the_demo_synonyms_find_articles_by_the_lay_or_the_clinical_word_in_each_language(demo, api_client):
    call_command("load_demo_content")  # again: the groups are made once

    def found(search: str, language: str = "en") -> list[str]:
        params = {"search": search, "language": language, "ordering": "title"}
        return [item["slug"] for item in api_client.get("/api/v1/articles/", params).json()["results"]]

    assert SynonymGroup.objects.filter(language="en").count() == 4
    assert SynonymGroup.objects.filter(language="es").count() == 4
    # The magnesium article says "twitches" and "low magnesium", never "fasciculation" or "hypomagnesemia".
    assert found("fasciculation") == [VITAMIN_D, MAGNESIUM]
    assert found("hypomagnesemia") == [VITAMIN_D, HYPOCALCEMIA, MAGNESIUM]
    # The Spanish article says "fasciculaciones" and "contracciones musculares", never "tics".
    assert found("tics", language="es") == [VITAMINA_D]
    assert found("tics") == []  # Spanish synonyms are not applied to English
