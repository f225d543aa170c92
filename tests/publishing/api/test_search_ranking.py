"""`?search=` on the public article list: ranked by where the words are, highlighted, typo tolerant, on both
databases (the order is compared, not the scores: PostgreSQL's ts_rank and SQLite's bm25 differ)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.api import filter_fields
from tests.helpers.factories import KeyPointFactory, SectionFactory, complete_article
from tests.helpers.publishing import publish_reviewed
from tests.publishing.api.test_query_counts import LIST_QUERIES

pytestmark = pytest.mark.django_db


def publish(days_ago: int, *, body: str = "", key_point: str = "", **fields):
    """An article first published `days_ago` days ago (so newest-first order is known), with a section `body`."""
    article = complete_article(children=0, **fields)
    if body:
        SectionFactory(article=article, body=body)
    if key_point:
        KeyPointFactory(article=article, text=key_point)
    publish_reviewed(article, live_from=timezone.now() - datetime.timedelta(days=days_ago))
    return article


def search(api_client, words: str, **params) -> list[dict]:
    response = api_client.get("/api/v1/articles/", {"search": words, **params})
    assert response.status_code == 200, response.content
    return response.json()["results"]


def slugs(results: list[dict]) -> list[str]:
    return [item["slug"] for item in results]


def test_a_title_match_comes_before_a_newer_body_only_match(api_client):
    publish(3, slug="in-title", title="Calcium and the heart")
    publish(1, slug="in-body", title="Bones", body="Bones hold most of the calcium the body has.")
    publish(2, slug="unrelated", title="Sleep", body="Nothing about minerals.")

    # The control: newest first, the body match leads.
    assert slugs(search(api_client, "calcium", ordering="-published_at")) == ["in-body", "in-title"]
    assert slugs(search(api_client, "calcium")) == ["in-title", "in-body"]


def test_a_summary_or_key_point_match_comes_before_a_body_only_match(api_client):
    publish(3, slug="in-summary", title="Minerals", summary="Magnesium keeps muscles calm.")
    publish(2, slug="in-key-point", title="Nerves", key_point="Magnesium matters.")
    publish(1, slug="in-body", title="Cramps", body="Some take magnesium at night.")

    ranked = slugs(search(api_client, "magnesium"))
    assert ranked[-1] == "in-body"
    assert set(ranked[:2]) == {"in-summary", "in-key-point"}


def test_equal_ranks_are_newest_first_and_pages_never_overlap(api_client):
    for index in range(5):
        publish(index + 1, slug=f"same-{index}", title=f"Zinc note {index}")

    pages = [slugs(search(api_client, "zinc", page=page, page_size=2)) for page in (1, 2, 3)]

    assert [slug for page in pages for slug in page] == [f"same-{index}" for index in range(5)]


def test_a_ranked_list_reads_its_page_by_the_keys_it_sorted_in_rank_order(api_client):
    """The ranked page is read in two steps (`KeysFirstPaginator`): the keys sorted by relevance, then the page's
    rows. The pages keep the rank order, which is not the newest-first order the rows have by their keys."""
    for index in range(3):
        publish(10 + index, slug=f"title-{index}", title=f"Calcium note {index}")
        publish(1 + index, slug=f"body-{index}", title=f"Bones {index}", body="Bones hold calcium.")
    ranked = slugs(search(api_client, "calcium", page_size=6))
    assert ranked == [*(f"title-{index}" for index in range(3)), *(f"body-{index}" for index in range(3))]

    with CaptureQueriesContext(connection) as queries:
        pages = [slugs(search(api_client, "calcium", page=page, page_size=2)) for page in (1, 2, 3)]

    assert pages == [ranked[0:2], ranked[2:4], ranked[4:6]]
    keys_then_rows = [query["sql"] for query in queries if '"articles_publication"' in query["sql"]][-2:]
    assert keys_then_rows[0].startswith('SELECT "articles_publication"."id" AS "pk" FROM'), keys_then_rows[0]
    assert '"articles_publication"."list_item"' in keys_then_rows[1] and " IN (" in keys_then_rows[1]


def test_a_list_in_an_order_its_indexes_hold_reads_its_page_in_one_statement(api_client):
    """The control: the same search ordered by date reads the page's rows at once."""
    for index in range(3):
        publish(1 + index, slug=f"body-{index}", title=f"Bones {index}", body="Bones hold calcium.")

    with CaptureQueriesContext(connection) as queries:
        assert slugs(search(api_client, "calcium", ordering="-published_at", page_size=2)) == ["body-0", "body-1"]

    page = [query["sql"] for query in queries if '"articles_publication"' in query["sql"]][-1]
    assert '"articles_publication"."list_item"' in page and "LIMIT 2" in page


def test_the_best_matches_are_ranked_and_the_rest_follow_newest_first(api_client, monkeypatch):
    """A search ranks its best `RANKED_MATCHES` (scored by the index in one pass, so a word every article holds costs
    one pass, not one look-up per row); the matches past them follow in the list's order. The best is chosen by score:
    the title match is the oldest, so a bound by recency would have dropped it."""
    publish(3, slug="in-title", title="Calcium and the heart")
    publish(2, slug="in-summary", title="Minerals", summary="Calcium keeps bones hard.")
    publish(1, slug="in-body", title="Bones", body="Bones hold calcium.")
    assert slugs(search(api_client, "calcium")) == ["in-title", "in-summary", "in-body"]  # the control: all ranked

    monkeypatch.setattr(filter_fields, "RANKED_MATCHES", 1)

    assert slugs(search(api_client, "calcium", page_size=10)) == ["in-title", "in-body", "in-summary"]  # not cached


def test_among_equal_scores_the_newest_are_ranked(api_client, monkeypatch):
    """A word every article holds scores alike in all: the ranked ones are the newest (publications are numbered as
    they are published), so the list still reads newest first rather than leading with the oldest."""
    for days_ago in (3, 2, 1):  # published oldest first, as a site does
        publish(days_ago, slug=f"same-{days_ago}", title=f"Zinc note {days_ago}")
    newest_first = ["same-1", "same-2", "same-3"]
    assert slugs(search(api_client, "zinc")) == newest_first  # the control: all ranked

    monkeypatch.setattr(filter_fields, "RANKED_MATCHES", 1)

    assert slugs(search(api_client, "zinc", page_size=10)) == newest_first


@pytest.mark.parametrize(
    "ordering,expected",
    [
        ("title", ["in-body", "in-title"]),
        ("-title", ["in-title", "in-body"]),
        ("published_at", ["in-title", "in-body"]),
    ],
)
def test_an_explicit_ordering_wins_over_relevance(api_client, ordering, expected):
    publish(3, slug="in-title", title="Calcium and the heart")
    publish(1, slug="in-body", title="Bones", body="Bones hold calcium.")

    assert slugs(search(api_client, "calcium", ordering=ordering)) == expected


def test_search_highlight_marks_the_words_and_escapes_everything_else(api_client):
    publish(1, slug="hostile", title="Calcium <script>alert(1)</script> & <b>bold</b>")

    (item,) = search(api_client, "calc")
    assert item["search_highlight"] == (
        "<mark>Calcium</mark> &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"
    )
    (item,) = search(api_client, "<script>")
    assert item["search_highlight"] == (
        "Calcium <mark>&lt;script&gt;</mark>alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"
    )
    assert search(api_client, "<img src=x onerror=alert(1)>") == []


def test_search_highlight_is_a_short_passage_of_the_body_when_only_the_body_matches(api_client):
    filler = " ".join(["words"] * 80)
    publish(1, slug="long", title="Bones", summary="Short.", body=f"{filler} severe tetany happens. {filler}")

    (item,) = search(api_client, "tetany")
    text = item["search_highlight"].replace("<mark>", "").replace("</mark>", "")
    assert "<mark>tetany</mark>" in item["search_highlight"]
    assert text.startswith("…") and text.endswith("…")
    assert len(text) <= 202


def test_without_search_there_is_no_highlight(api_client):
    publish(1, slug="plain", title="Calcium")

    assert api_client.get("/api/v1/articles/").json()["results"][0]["search_highlight"] is None


@pytest.mark.parametrize(
    "typed,found",
    [("magnesum", "magnesium"), ("hypocalcaemia", "hypocalcemia"), ("defficiency magnesium", "magnesium")],
)
def test_a_misspelt_word_finds_the_article_with_the_word_it_is_like(api_client, typed, found):
    publish(2, slug="magnesium", title="Magnesium deficiency: signs and causes")
    publish(1, slug="hypocalcemia", title="Hypocalcemia: when blood calcium runs low")
    publish(3, slug="unrelated", title="Sleep and screens")

    results = search(api_client, typed)
    assert slugs(results) == [found]
    assert "<mark>" in results[0]["search_highlight"]


def test_the_typo_fallback_adds_nothing_when_the_word_as_typed_is_found(api_client):
    publish(2, slug="magnesium", title="Magnesium deficiency")
    publish(1, slug="magnesia", title="Milk of magnesia")  # trigram-alike to "magnesium"

    assert slugs(search(api_client, "magnesium")) == ["magnesium"]
    assert slugs(search(api_client, "magnesia")) == ["magnesia"]
    assert slugs(search(api_client, "magnesiu")) == ["magnesium"]  # a prefix is found as typed
    assert slugs(search(api_client, "cium")) == []  # short words never fall back


def test_a_typo_is_looked_for_one_edit_away_in_the_title_summary_and_key_points_on_both_databases(api_client):
    """Both databases look up the words one edit from a misspelt word (SQLite in its index's vocabulary, PostgreSQL
    in the title-and-summary vector's index): the same articles on both. Only the title, subtitle, summary and key
    points: a look-alike in the rest of the text is too weak a sign."""
    publish(4, slug="in-title", title="Fasciculations explained")
    publish(3, slug="in-summary", title="Twitches", summary="Benign fasciculations are common.")
    publish(2, slug="in-key-point", title="Muscles", key_point="Most fasciculations are harmless.")
    publish(1, slug="in-body", title="Nerves", body="Some fasciculations follow exercise.")
    assert set(slugs(search(api_client, "fasciculations"))) == {"in-title", "in-summary", "in-key-point", "in-body"}

    assert set(slugs(search(api_client, "fasciculatoins"))) == {"in-title", "in-summary", "in-key-point"}  # swapped
    assert set(slugs(search(api_client, "fascculations"))) == {"in-title", "in-summary", "in-key-point"}  # left out
    assert slugs(search(api_client, "fscculations")) == []  # two edits: too far


def test_a_search_list_costs_the_same_queries_ranked_and_with_the_typo_fallback(api_client, django_assert_num_queries):
    for index in range(6):
        publish(index + 1, slug=f"article-{index}", title=f"Magnesium note {index}", body="Calcium too.")

    for words in ("magnesium calcium", "magnesum", "calcium"):
        # And the searched words' synonyms (core.synonyms), and the page's rows read by the keys the ranked page
        # sorted (`KeysFirstPaginator`).
        with django_assert_num_queries(LIST_QUERIES + 2):
            results = search(api_client, words)
        assert len(results) == 6, words


def test_a_ranked_search_is_cached_by_its_whole_query_string(api_client):
    publish(2, slug="in-title", title="Calcium")
    publish(1, slug="in-body", title="Bones", body="Calcium.")

    first = api_client.get("/api/v1/articles/", {"search": "calcium"})
    again = api_client.get("/api/v1/articles/", {"search": "calcium"})
    ordered = api_client.get("/api/v1/articles/", {"search": "calcium", "ordering": "-published_at"})

    assert (first["X-Cache"], again["X-Cache"], ordered["X-Cache"]) == ("miss", "hit", "miss")
    assert again.content == first.content
    assert slugs(ordered.json()["results"]) == ["in-body", "in-title"]
