"""The v1 contract of the public article, topic and contributor endpoints."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from core.models import SiteSettings
from publishing.api.filters import PublishedArticleFilter
from publishing.models import Publication
from tests.helpers.factories import (
    ContributorFactory,
    KeyPointFactory,
    ReviewerFactory,
    SectionFactory,
    TopicFactory,
    complete_article,
)
from tests.helpers.publishing import publish_reviewed

pytestmark = pytest.mark.django_db

LIST_FIELDS = {
    "id",
    "slug",
    "title",
    "subtitle",
    "summary",
    "reading_time_minutes",
    "topics",
    "published_at",
    "updated_at",
    "last_reviewed_at",
    "language",
    "url",
}
DETAIL_FIELDS = LIST_FIELDS | {
    "intro",
    "authors",
    "medical_reviewer",
    "next_review_due",
    "disclaimer",
    "key_points",
    "table_of_contents",
    "sections",
    "comparison_intro",
    "cause_comparisons",
    "faqs",
    "references",
}


def publish(live_from=None, **fields):
    article = complete_article(children=1, **fields)
    publish_reviewed(article, live_from=live_from)
    return article


def slugs(response) -> list[str]:
    return [item["slug"] for item in response.json()["results"]]


def test_list_has_the_pagination_envelope_and_list_fields(api_client, published_article):
    body = api_client.get("/api/v1/articles/").json()

    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 1
    item = body["results"][0]
    assert set(item) == LIST_FIELDS | {"search_highlight"}
    assert item["search_highlight"] is None  # without ?search=
    assert item["url"] == f"http://testserver/api/v1/articles/{published_article.slug}/"
    assert item["topics"][0].keys() == {"slug", "name"}


def test_detail_has_every_contract_field(api_client, published_article):
    body = api_client.get(f"/api/v1/articles/{published_article.slug}/").json()

    assert set(body) >= DETAIL_FIELDS
    assert set(body["key_points"][0]) == {"position", "title", "text"}
    assert set(body["table_of_contents"][0]) == {"heading", "anchor"}
    assert set(body["sections"][0]) == {"position", "heading", "anchor", "body_markdown", "body_html"}
    assert set(body["cause_comparisons"][0]) == {
        "position",
        "cause",
        "related_symptoms",
        "differentiating_factors",
    }
    assert set(body["faqs"][0]) == {"id", "position", "question", "answer_markdown", "answer_html"}
    assert {"number", "citation", "kind", "title", "authors", "container", "year", "doi", "pmid", "url"} <= set(
        body["references"][0]
    )
    assert body["medical_reviewer"]["slug"] == published_article.medical_reviewer.slug
    assert [entry["number"] for entry in body["references"]] == [1, 2]


def test_detail_datetimes_are_iso_8601_with_offset(api_client, published_article):
    body = api_client.get(f"/api/v1/articles/{published_article.slug}/").json()

    for name in ("published_at", "updated_at", "last_reviewed_at"):
        parsed = datetime.datetime.fromisoformat(body[name])
        assert parsed.utcoffset() is not None, name


def test_detail_uses_the_site_disclaimer_unless_the_article_has_its_own(api_client):
    SiteSettings.objects.filter(pk=1).update(default_disclaimer="Site-wide disclaimer.")
    publish(slug="default-one")
    publish(slug="own-one", disclaimer="Talk to your pharmacist first.")

    assert api_client.get("/api/v1/articles/default-one/").json()["disclaimer"] == "Site-wide disclaimer."
    assert api_client.get("/api/v1/articles/own-one/").json()["disclaimer"] == "Talk to your pharmacist first."


def test_list_is_newest_first_by_default(api_client):
    now = timezone.now()
    publish(slug="older", live_from=now - datetime.timedelta(days=2))
    publish(slug="newer", live_from=now - datetime.timedelta(days=1))

    assert slugs(api_client.get("/api/v1/articles/")) == ["newer", "older"]


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("published_at", ["b-old", "a-new"]),
        ("-published_at", ["a-new", "b-old"]),
        ("title", ["a-new", "b-old"]),
        ("-title", ["b-old", "a-new"]),
        ("updated_at", ["b-old", "a-new"]),
        ("-updated_at", ["a-new", "b-old"]),
    ],
)
def test_list_ordering(api_client, ordering, expected):
    now = timezone.now()
    publish(slug="b-old", title="B old", live_from=now - datetime.timedelta(days=3))
    publish(slug="a-new", title="A new", live_from=now - datetime.timedelta(days=1))

    assert slugs(api_client.get("/api/v1/articles/", {"ordering": ordering})) == expected


def test_filter_by_topic(api_client):
    topic = TopicFactory(slug="electrolytes")
    tagged = complete_article(children=1, slug="tagged")
    tagged.topics.add(topic)
    publish_reviewed(tagged)
    publish(slug="untagged")

    assert slugs(api_client.get("/api/v1/articles/", {"topic": "electrolytes"})) == ["tagged"]


def test_filter_by_reviewer(api_client):
    reviewer = ReviewerFactory(slug="dr-lind")
    publish(slug="reviewed-by-lind", medical_reviewer=reviewer)
    publish(slug="reviewed-by-other")

    assert slugs(api_client.get("/api/v1/articles/", {"reviewer": "dr-lind"})) == ["reviewed-by-lind"]


@pytest.mark.parametrize(
    ("term", "where"),
    [
        ("cholecalciferol", "title"),
        ("sunshine", "subtitle"),
        ("fasciculations", "summary"),
        ("hypomagnesemia", "key point"),
        ("tetany", "section"),
    ],
)
def test_search_covers_title_subtitle_summary_key_points_and_sections(api_client, term, where):
    article = complete_article(children=1, slug="target")
    if where == "title":
        article.title = "All about Cholecalciferol"
    elif where == "subtitle":
        article.subtitle = "The sunshine vitamin"
    elif where == "summary":
        article.summary = "Twitches are called fasciculations."
    article.save()
    if where == "key point":
        KeyPointFactory(article=article, text="Hypomagnesemia makes it worse.")
    if where == "section":
        SectionFactory(article=article, body="Severe cases cause **tetany**.")
    publish_reviewed(article)
    publish(slug="unrelated")

    assert slugs(api_client.get("/api/v1/articles/", {"search": term.upper()})) == ["target"]


def test_search_requires_every_word(api_client):
    publish(slug="both", title="Vitamin D and calcium")
    publish(slug="one", title="Vitamin C")

    assert slugs(api_client.get("/api/v1/articles/", {"search": "vitamin calcium"})) == ["both"]


def test_date_filters(api_client):
    now = timezone.now()
    publish(slug="last-year", live_from=now - datetime.timedelta(days=365))
    publish(slug="last-week", live_from=now - datetime.timedelta(days=7))
    month_ago = (now - datetime.timedelta(days=30)).isoformat()

    assert slugs(api_client.get("/api/v1/articles/", {"published_after": month_ago})) == ["last-week"]
    assert slugs(api_client.get("/api/v1/articles/", {"published_before": month_ago})) == ["last-year"]
    assert slugs(api_client.get("/api/v1/articles/", {"updated_since": month_ago})) == ["last-week"]
    assert slugs(
        api_client.get("/api/v1/articles/", {"published_after": (now - datetime.timedelta(days=30)).date()})
    ) == ["last-week"]


def test_date_filter_accepts_an_offset_whose_plus_sign_was_not_encoded(api_client):
    publish(slug="recent")

    response = api_client.get("/api/v1/articles/?updated_since=2000-01-01T00:00:00+02:00")

    assert response.status_code == 200
    assert slugs(response) == ["recent"]


def test_pagination_pages_and_links(api_client):
    for index in range(5):
        publish(slug=f"article-{index}")

    first = api_client.get("/api/v1/articles/", {"page_size": 2}).json()
    last = api_client.get("/api/v1/articles/", {"page_size": 2, "page": 3}).json()

    assert first["count"] == 5
    assert len(first["results"]) == 2
    assert first["previous"] is None
    assert "page=2" in first["next"] and "page_size=2" in first["next"]
    assert len(last["results"]) == 1
    assert last["next"] is None


def test_default_page_size_is_20(api_client):
    for index in range(21):
        publish(slug=f"article-{index}")

    assert len(api_client.get("/api/v1/articles/").json()["results"]) == 20


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"ordering": "popularity"}, "ordering"),
        ({"published_after": "yesterday"}, "published_after"),
        ({"published_before": "2026-13-45"}, "published_before"),
        ({"updated_since": "31/12/2025"}, "updated_since"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "101"}, "page_size"),
        ({"page_size": "ten"}, "page_size"),
        ({"page": "first"}, "page"),
        ({"page": "0"}, "page"),
        ({"topics": "electrolytes"}, "topics"),
        ({"search": "x" * 201}, "search"),
    ],
)
def test_bad_query_parameters_are_a_400_that_names_them(api_client, published_article, params, named):
    response = api_client.get("/api/v1/articles/", params)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert list(body) == [named]
    assert isinstance(body[named], list) and body[named][0]


def test_page_past_the_end_is_a_json_404(api_client, published_article):
    response = api_client.get("/api/v1/articles/", {"page": 9})

    assert response.status_code == 404
    assert "detail" in response.json()


def test_unknown_slug_and_unknown_url_are_json_404s(api_client):
    for url in ("/api/v1/articles/no-such-article/", "/api/v1/nothing-here/", "/api/unknown"):
        response = api_client.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"] == "application/json", url
        body = response.json()
        assert set(body) == {"detail"}, url
        assert body["detail"].strip(), url


def test_writes_to_the_public_api_are_refused_as_json(api_client, published_article):
    response = api_client.post("/api/v1/articles/", {"title": "x"}, format="json")

    assert response.status_code == 405
    assert "detail" in response.json()


def test_topics_and_contributors_are_paginated_and_have_detail_by_slug(api_client):
    article = complete_article(children=1)
    article.topics.set([TopicFactory(slug="nutrition", name="Nutrition")])
    article.authors.set([ContributorFactory(slug="jo", name="Jo", credentials="RD", bio="Dietitian.")])
    publish_reviewed(article)

    topics = api_client.get("/api/v1/topics/").json()
    people = api_client.get("/api/v1/contributors/").json()

    assert set(topics) == {"count", "next", "previous", "results"}
    assert set(topics["results"][0]) == {"id", "slug", "name", "description", "language"}
    assert set(people["results"][0]) == {"id", "slug", "name", "credentials", "roles", "bio", "language"}
    assert [person["roles"] for person in people["results"] if person["slug"] == "jo"] == [["author"]]
    assert api_client.get("/api/v1/topics/nutrition/").json()["name"] == "Nutrition"
    assert api_client.get("/api/v1/contributors/jo/").json()["credentials"] == "RD"


@pytest.mark.parametrize("ordering", ["title", "-title", "published_at", "updated_at"])
def test_equal_sort_keys_fall_back_to_the_newest_id_so_pages_never_overlap(api_client, ordering):
    moment = timezone.now() - datetime.timedelta(days=1)
    published = [publish(slug=f"same-{index}", title="Same title", live_from=moment) for index in range(4)]
    newest_first = [article.slug for article in sorted(published, key=lambda article: -article.pk)]

    pages = [
        slugs(api_client.get("/api/v1/articles/", {"ordering": ordering, "page_size": 1, "page": page}))
        for page in range(1, 5)
    ]

    assert [slug for page in pages for slug in page] == newest_first


def test_search_matches_word_beginnings_on_both_databases(api_client):
    publish(slug="minerals", title="Calcium and magnesium, side-by-side, in_vitro, café")
    publish(slug="unrelated", title="Vitamin C")

    assert slugs(api_client.get("/api/v1/articles/", {"search": "calc magnes"})) == ["minerals"]
    assert slugs(api_client.get("/api/v1/articles/", {"search": "side-by-side"})) == ["minerals"]
    assert slugs(api_client.get("/api/v1/articles/", {"search": "side-by-front"})) == []
    assert slugs(api_client.get("/api/v1/articles/", {"search": "in_vitro"})) == ["minerals"]
    assert slugs(api_client.get("/api/v1/articles/", {"search": "caf"})) == ["minerals"]
    assert slugs(api_client.get("/api/v1/articles/", {"search": "cafe"})) == []  # diacritics are kept
    assert slugs(api_client.get("/api/v1/articles/", {"search": "cium"})) == []


def test_search_on_sqlite_reads_the_full_text_index_kept_in_step_with_the_publications(api_client, publisher):
    if connection.vendor != "sqlite":
        pytest.skip("the FTS5 index is SQLite's")
    article = publish(slug="minerals", title="Calcium and magnesium")
    queryset = PublishedArticleFilter({"search": "calcium"}, queryset=Publication.objects.all()).qs
    plan = queryset.explain()
    assert "VIRTUAL TABLE INDEX" in plan and "publication_search" in plan
    assert slugs(api_client.get("/api/v1/articles/", {"search": "calcium"})) == ["minerals"]

    article.title = "Zinc and copper"
    article.save()
    publish_reviewed(article)  # a new publication; the old one is superseded, still in the index
    assert slugs(api_client.get("/api/v1/articles/", {"search": "zinc"})) == ["minerals"]
    assert slugs(api_client.get("/api/v1/articles/", {"search": "calcium"})) == []
    Publication.objects.filter(article=article).update(search_text="iron", title="Iron")  # the update trigger

    def found(words: str) -> int:
        return PublishedArticleFilter({"search": words}, queryset=Publication.objects.all()).qs.count()

    assert (found("zinc"), found("iron")) == (0, 2)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM publication_search WHERE publication_search MATCH 'iron'")
        assert cursor.fetchone()[0] == 2
        Publication.objects.filter(article=article).delete()  # the delete trigger
        cursor.execute("SELECT count(*) FROM publication_search WHERE publication_search MATCH 'iron'")
        assert cursor.fetchone()[0] == 0


def test_search_on_postgresql_reads_the_full_text_index(api_client):
    if connection.vendor != "postgresql":
        pytest.skip("the full-text index is PostgreSQL's")
    publish(slug="minerals", title="Calcium and magnesium")
    # All publications, so the live set's partial indexes do not apply, and no sequential scan: a table this
    # small would be read whole otherwise. What remains is the full-text index, if the filter can use it.
    queryset = PublishedArticleFilter({"search": "calcium"}, queryset=Publication.objects.all()).qs

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()

    assert "publication_search_vector" in plan
    assert [publication.slug for publication in queryset] == ["minerals"]


def test_a_topic_or_search_list_reads_its_ordering_index_not_each_rows_document():
    """On SQLite a publication's row holds its documents before the columns a list sorts and filters on: a topic or
    a search is checked while the ordering's covering index is read, never by looking up each member's row."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's row layout")
    article = publish(slug="minerals", title="Calcium and magnesium")
    topic = article.topics.first()
    live = Publication.objects.live().filter(language="en").order_by("-first_published_at", "-pk")  # as the view

    # A search without `ordering` is ranked: its matches are sorted by relevance (test_search_relevance.py).
    for params in (
        {"topic": topic.slug},
        {"search": "calcium", "ordering": "-published_at"},
        {"topic": topic.slug, "search": "calcium", "ordering": "-published_at"},
    ):
        listed = PublishedArticleFilter(params, queryset=live).qs
        plan = listed[:20].explain()
        assert "publication_live_order" in plan, params
        assert "INTEGER PRIMARY KEY" not in plan, params
        assert [publication.slug for publication in listed] == ["minerals"], params


# Not ?ordering=updated_at: it reads the pending index (led by `live_from`) and sorts only among equal times, a plan
# SQLite's planner picks from the statistics of a full table, not of a test's few rows.
@pytest.mark.parametrize("ordering", ["published_at", "-published_at", "title", "-title"])
def test_every_ordering_of_the_list_reads_an_index_in_its_order(ordering):
    """On SQLite, sorting the live set would read every publication's row (its documents come first): each of these
    orderings, ties to the newest id included, has an index to read in order instead."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's row layout")
    publish(slug="one")
    live = Publication.objects.live().filter(language="en")  # a list is always of one language, as the view's
    listed = PublishedArticleFilter({"ordering": ordering}, queryset=live).qs

    plan = listed[:20].explain()

    assert "USE TEMP B-TREE FOR ORDER BY" not in plan  # a sort of all rows ("RIGHT PART": only among equal keys)
    assert [publication.slug for publication in listed] == ["one"]
