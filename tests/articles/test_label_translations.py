"""Topic names and descriptions and contributor bios in the other languages the site serves: edited in the admin,
frozen with each approval, shown by the public API in the language asked for, each record saying its language."""

import re

import pytest
from django.urls import reverse

from articles.models import Article, Topic
from core.models import SiteSettings
from publishing.services.translations import article_translate
from tests.helpers.factories import ContributorFactory, TopicFactory, complete_article
from tests.helpers.publishing import publish_reviewed, shown

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def serves_spanish():
    SiteSettings.objects.filter(pk=SiteSettings.load().pk).update(language="en", languages="es")


def live_in_both_languages(*topics: Topic, authors=()) -> tuple[Article, Article]:
    """A live English article with these topics and authors, and its live Spanish translation."""
    english = complete_article(children=1, slug="vitamin-d", title="Vitamin D")
    english.topics.set(topics)
    english.authors.set(authors)
    publish_reviewed(english)
    spanish = article_translate(source=Article.objects.get(pk=english.pk), language="es", copy_text=True, user=None)
    Article.objects.filter(pk=spanish.pk).update(slug="vitamina-d", title="Vitamina D")
    publish_reviewed(Article.objects.get(pk=spanish.pk))
    return Article.objects.get(pk=english.pk), Article.objects.get(pk=spanish.pk)


def test_the_admin_edits_a_topics_name_and_description_in_each_served_language(client, editor):
    topic = TopicFactory(name="Vitamins", slug="vitamins", description="Nutrients the body needs in small amounts.")
    client.force_login(editor)
    url = reverse("admin:articles_topic_change", args=[topic.pk])
    page = client.get(url).content.decode()
    form = {
        "name": "Vitamins",
        "slug": "vitamins",
        "description": "Nutrients the body needs in small amounts.",
        "name__es": "  Vitaminas ",
        "description__es": "",
        "loaded_version": str(topic.version),
    }

    response = client.post(url, form)

    assert 'name="name__es"' in page and "Name (español)" in page
    assert re.search(r'<input[^>]*name="name__es"[^>]*>', page) and 'lang="es"' in re.search(
        r'<input[^>]*name="name__es"[^>]*>', page
    ).group(0)
    assert 'name="translations"' not in page  # the stored map is not typed by hand
    assert response.status_code == 302, response.context["adminform"].form.errors
    topic.refresh_from_db()
    assert topic.translations == {"es": {"name": "Vitaminas"}}
    assert topic.version == 2  # a change like any other: an in-review article naming the topic is stale


def test_a_blank_translation_removes_it_and_a_language_no_longer_served_keeps_its_text(client, editor):
    topic = TopicFactory(
        name="Vitamins", slug="vitamins", translations={"es": {"name": "Vitaminas"}, "fr": {"name": "X"}}
    )
    client.force_login(editor)
    url = reverse("admin:articles_topic_change", args=[topic.pk])
    form = {"name": "Vitamins", "slug": "vitamins", "description": "", "name__es": "", "description__es": ""}

    response = client.post(url, {**form, "loaded_version": str(topic.version)})

    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.translations == {"fr": {"name": "X"}}


def test_a_spanish_article_shows_its_topics_spanish_names_and_the_english_one_the_english(api_client):
    translated = TopicFactory(name="Vitamins", slug="vitamins", translations={"es": {"name": "Vitaminas"}})
    untranslated = TopicFactory(name="Muscles", slug="muscles")
    live_in_both_languages(translated, untranslated)

    english = api_client.get("/api/v1/articles/vitamin-d/").json()
    spanish = api_client.get("/api/v1/articles/vitamina-d/", {"language": "es"}).json()
    listed = api_client.get("/api/v1/articles/", {"language": "es"}).json()["results"]

    assert sorted(topic["name"] for topic in english["topics"]) == ["Muscles", "Vitamins"]
    assert sorted(topic["name"] for topic in spanish["topics"]) == ["Muscles", "Vitaminas"]
    assert listed and sorted(topic["name"] for topic in listed[0]["topics"]) == ["Muscles", "Vitaminas"]


def test_topics_and_contributors_are_served_in_the_language_asked_for_each_saying_its_language(api_client):
    vitamins = TopicFactory(
        name="Vitamins",
        slug="vitamins",
        description="Small nutrients.",
        translations={"es": {"name": "Vitaminas", "description": "Nutrientes pequeños."}},
    )
    half_translated = TopicFactory(
        name="Muscles", slug="muscles", description="How they work.", translations={"es": {"name": "Músculos"}}
    )
    author = ContributorFactory(slug="ana", name="Ana", bio="Dietitian.", translations={"es": {"bio": "Dietista."}})
    live_in_both_languages(vitamins, half_translated, authors=[author])

    default = {row["slug"]: row for row in api_client.get("/api/v1/topics/").json()["results"]}
    response = api_client.get("/api/v1/topics/", {"language": "es"})
    spanish = {row["slug"]: row for row in response.json()["results"]}
    one = api_client.get("/api/v1/topics/vitamins/", {"language": "es"}).json()
    person = api_client.get("/api/v1/contributors/ana/", {"language": "es"}).json()
    person_default = api_client.get("/api/v1/contributors/ana/").json()

    assert (default["vitamins"]["name"], default["vitamins"]["language"]) == ("Vitamins", "en")
    assert (spanish["vitamins"]["name"], spanish["vitamins"]["description"]) == ("Vitaminas", "Nutrientes pequeños.")
    assert spanish["vitamins"]["language"] == "es"
    # A description without its translation: the whole record in English, saying so, never half and half.
    assert (spanish["muscles"]["name"], spanish["muscles"]["language"]) == ("Muscles", "en")
    assert "translations" not in spanish["vitamins"]
    assert response["Content-Language"] == "es"
    assert (one["name"], one["language"]) == ("Vitaminas", "es")
    assert (person["bio"], person["language"]) == ("Dietista.", "es")
    assert (person_default["bio"], person_default["language"]) == ("Dietitian.", "en")


def test_a_translation_of_a_topic_reaches_readers_only_with_a_new_approval(api_client):
    topic = TopicFactory(name="Vitamins", slug="vitamins")
    live_in_both_languages(topic)
    Topic.objects.filter(pk=topic.pk).update(translations={"es": {"name": "Vitaminas"}})

    before = api_client.get("/api/v1/articles/vitamina-d/", {"language": "es"}).json()
    publish_reviewed(Article.objects.get(slug="vitamina-d"))
    after = api_client.get("/api/v1/articles/vitamina-d/", {"language": "es"}).json()

    assert [row["name"] for row in before["topics"]] == ["Vitamins"]  # frozen as approved
    assert [row["name"] for row in after["topics"]] == ["Vitaminas"]


def test_editing_a_label_translation_changes_what_the_reviewer_approves(author):
    """The approved document covers the shared records it names, in every language they are frozen with."""
    topic = TopicFactory(name="Vitamins", slug="vitamins")
    person = ContributorFactory(slug="ana", bio="Dietitian.")
    article = complete_article(children=1)
    article.topics.set([topic])
    article.authors.set([person])
    read = shown(article)
    assert shown(article) == read  # control: nothing changed, the same document

    Topic.objects.filter(pk=topic.pk).update(translations={"es": {"name": "Vitaminas"}})
    after_topic = shown(article)
    person.translations = {"es": {"bio": "Dietista."}}
    person.save()

    assert after_topic != read
    assert shown(article) != after_topic


def test_structured_data_names_a_condition_in_the_articles_language(api_client):
    condition = TopicFactory(
        name="Hypocalcemia", slug="hypocalcemia", is_condition=True, translations={"es": {"name": "Hipocalcemia"}}
    )
    live_in_both_languages(condition)

    english = api_client.get("/api/v1/articles/vitamin-d/jsonld/").json()
    spanish = api_client.get("/api/v1/articles/vitamina-d/jsonld/", {"language": "es"}).json()

    assert "Hypocalcemia" in str(english) and "Hipocalcemia" not in str(english)
    assert "Hipocalcemia" in str(spanish)
