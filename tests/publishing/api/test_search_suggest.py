"""GET /api/v1/search/suggest/?q=: search as you type over live titles and public topics."""

import pytest

from articles.models import Topic
from tests.helpers.factories import TopicFactory, complete_article
from tests.helpers.publishing import publish_reviewed

pytestmark = pytest.mark.django_db

URL = "/api/v1/search/suggest/"
# the state row (publishing.api.cache), the site settings (`?language=`), the titles, the public topics.
SUGGEST_QUERIES = 4


def publish(slug: str, title: str, topic: Topic | None = None):
    article = complete_article(children=0, slug=slug, title=title)
    if topic is not None:
        article.topics.add(topic)
    publish_reviewed(article)
    return article


def suggested(api_client, q: str, **params) -> list[tuple[str, str]]:
    response = api_client.get(URL, {"q": q, **params})
    assert response.status_code == 200, response.content
    return [(item["kind"], item["text"]) for item in response.json()["suggestions"]]


def test_titles_and_topics_whose_words_begin_with_what_was_typed(api_client):
    topic = TopicFactory(name="Magnesium deficiency", slug="magnesium-deficiency")
    publish("magnesium", "Magnesium deficiency: signs", topic=topic)
    publish("cramps", "Night cramps and low magnesium")
    publish("sleep", "Sleep and screens")

    assert suggested(api_client, "magn") == [
        ("article", "Magnesium deficiency: signs"),  # begins with what was typed: first
        ("article", "Night cramps and low magnesium"),
        ("topic", "Magnesium deficiency"),
    ]
    assert suggested(api_client, "magnesium def") == [
        ("article", "Magnesium deficiency: signs"),
        ("topic", "Magnesium deficiency"),
    ]
    body = api_client.get(URL, {"q": "sleep"}).json()["suggestions"]
    assert body == [
        {
            "kind": "article",
            "text": "Sleep and screens",
            "slug": "sleep",
            "url": "http://testserver/api/v1/articles/sleep/",
        }
    ]


def test_a_misspelt_word_suggests_the_title_it_is_like(api_client):
    topic = TopicFactory(name="Hypocalcemia", slug="hypocalcemia")
    publish("hypocalcemia", "Hypocalcemia: when blood calcium runs low", topic=topic)
    publish("magnesium", "Magnesium deficiency")

    assert suggested(api_client, "magnesum") == [("article", "Magnesium deficiency")]
    assert suggested(api_client, "hypocalcaemia") == [
        ("article", "Hypocalcemia: when blood calcium runs low"),
        ("topic", "Hypocalcemia"),
    ]


def test_at_most_ten_suggestions(api_client):
    for index in range(12):
        publish(f"zinc-{index}", f"Zinc note {index:02}")

    assert len(suggested(api_client, "zinc")) == 10


def test_a_draft_is_never_suggested(api_client):
    publish("live", "Vitamin D and bones")
    complete_article(children=0, slug="draft", title="Vitamin D and sleep")  # never published

    assert suggested(api_client, "vitamin") == [("article", "Vitamin D and bones")]
    assert suggested(api_client, "sleep") == []


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "   "}, {"q": "x" * 101}])
def test_q_missing_empty_or_too_long_is_a_400_naming_it(api_client, params):
    publish("live", "Vitamin D and bones")

    response = api_client.get(URL, params)

    assert response.status_code == 400
    assert set(response.json()) == {"q"}


def test_an_unknown_parameter_or_language_is_a_400_naming_it(api_client):
    publish("live", "Vitamin D and bones")

    assert set(api_client.get(URL, {"q": "vit", "search": "x"}).json()) == {"search"}
    assert set(api_client.get(URL, {"q": "vit", "language": "xx"}).json()) == {"language"}


def test_suggestions_cost_a_fixed_number_of_queries_and_are_cached(api_client, django_assert_num_queries):
    topic = TopicFactory(name="Zinc", slug="zinc")
    for index in range(6):
        publish(f"zinc-{index}", f"Zinc note {index}", topic=topic)

    for q in ("zinc", "zinx note", "zincc"):
        with django_assert_num_queries(SUGGEST_QUERIES):
            response = api_client.get(URL, {"q": q})
        assert response.status_code == 200
        assert response["X-Cache"] == "miss"
        assert "public" in response["Cache-Control"] and response["ETag"]
    with django_assert_num_queries(1):
        again = api_client.get(URL, {"q": "zinc"})
    assert again["X-Cache"] == "hit"
    assert api_client.get(URL, {"q": "zinc"}, HTTP_IF_NONE_MATCH=again["ETag"]).status_code == 304
