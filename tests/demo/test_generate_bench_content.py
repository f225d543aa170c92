"""Benchmark content: clones written in bulk must read like articles published through the services."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count
from django.test import override_settings

from articles.models import Article, Topic
from demo import bench_words
from demo.bench_words import VOCABULARY
from demo.management.commands import generate_bench_content
from publishing.models import Publication

pytestmark = pytest.mark.django_db


def test_every_generated_article_is_live_with_its_own_slug_title_and_parts(client):
    call_command("generate_bench_content", articles=12, templates=3)

    listed = client.get("/api/v1/articles/", {"page_size": 100}).json()
    assert listed["count"] == 12
    assert sorted(item["slug"] for item in listed["results"]) == sorted(f"bench-{n}" for n in range(12))
    clone = client.get("/api/v1/articles/bench-7/").json()
    assert clone["title"].startswith("Bench article 7:")
    assert (len(clone["key_points"]), len(clone["sections"]), len(clone["faqs"]), len(clone["references"])) == (
        7, 8, 7, 15,
    )  # fmt: skip
    jsonld = client.get("/api/v1/articles/bench-7/jsonld/").content.decode()
    assert "bench-7" in jsonld and clone["title"] in jsonld
    faqs = client.get("/api/v1/faqs/", {"article": "bench-7"}).json()
    assert faqs["count"] == 7
    assert client.get("/api/v1/articles/", {"topic": "calcium-health"}).json()["count"] > 0
    assert len({publication.etag for publication in Publication.objects.all()}) == 12


def test_a_clone_has_words_of_its_own_in_its_document_and_its_search_text():
    call_command("generate_bench_content", articles=4, templates=1)

    english = Publication.objects.filter(language="en")
    template, clone = english.get(slug="bench-0"), english.get(slug="bench-3")
    assert clone.document["summary"] != template.document["summary"]
    assert clone.document["summary"].lower()[:-1] in clone.search_text
    assert clone.title.lower() in clone.search_text and template.title.lower() not in clone.search_text


def test_every_third_clone_is_also_live_in_spanish_linked_to_its_source(client):
    call_command("generate_bench_content", articles=8, templates=2)

    spanish = client.get("/api/v1/articles/bench-6/", {"language": "es"}).json()
    english = client.get("/api/v1/articles/bench-6/").json()
    listed = client.get("/api/v1/articles/", {"language": "es"}).json()
    untranslated = client.get("/api/v1/articles/bench-7/", {"language": "es"})
    jsonld = client.get("/api/v1/articles/bench-6/jsonld/", {"language": "es"}).json()

    translated_title = "Artículo de prueba 6:" + english["title"].split(":", 1)[1]
    assert (spanish["language"], spanish["title"]) == ("es", translated_title)
    assert spanish["translation_of"] == {"language": "en", "slug": "bench-6", "version": 1}
    assert spanish["source_updated_since_translation"] is False
    assert [(link["language"], link["slug"]) for link in english["translations"]] == [("es", "bench-6")]
    assert sorted(item["slug"] for item in listed["results"]) == ["bench-3", "bench-6"]
    assert untranslated.status_code == 404 and untranslated.json()["available_languages"] == ["en"]
    assert jsonld["inLanguage"] == "es"
    assert len(spanish["faqs"]) == len(english["faqs"]) == 7


def test_a_common_word_matches_most_articles_and_a_rare_word_few(client):
    call_command("generate_bench_content", articles=60, templates=3)

    def matches(word: str) -> int:
        return client.get("/api/v1/articles/", {"search": word}).json()["count"]

    assert matches(VOCABULARY[0]) == 60
    assert 10 <= matches(VOCABULARY[100]) <= 55
    # A rare word that no article holds would be looked for by likeness (the typo fallback): only those held count.
    rare = [matches(word) for word in VOCABULARY[10_000:10_040] if holders(word)]
    assert rare and max(rare) <= 6  # about 1 % of the articles each, and the rare words do occur


def holders(word: str) -> int:
    """The live publications whose searched text holds `word` as it is."""
    return Publication.objects.filter(search_text__contains=word).count()


def test_topics_are_many_and_of_zipf_like_sizes():
    assert [bench_words.topic_count(size) for size in (12, 1000, 10_000, 100_000)] == [8, 20, 200, 200]
    call_command("generate_bench_content", articles=80, templates=2, translated_every=0)

    sizes = sorted(Topic.objects.annotate(size=Count("publications")).values_list("size", flat=True), reverse=True)
    assert len(sizes) == 8 and sum(sizes) == 160
    assert sizes[0] >= 3 * sizes[-1]


def test_a_run_that_stopped_is_continued_to_exactly_the_size_asked(monkeypatch):
    monkeypatch.setattr(generate_bench_content, "BATCH", 4)
    original = generate_bench_content.Clone.publication

    def stop_at_bench_9(self, article, when):
        if self.n == 9:
            raise KeyboardInterrupt
        return original(self, article, when)

    monkeypatch.setattr(generate_bench_content.Clone, "publication", stop_at_bench_9)
    with pytest.raises(KeyboardInterrupt):
        call_command("generate_bench_content", articles=14, templates=2)
    # The templates and the first batch, with the Spanish edition of bench-3: the batch with bench-9 left nothing.
    assert Article.objects.filter(language="en").count() == 6
    assert list(Article.objects.filter(language="es").values_list("slug", flat=True)) == ["bench-3"]

    monkeypatch.setattr(generate_bench_content.Clone, "publication", original)
    call_command("generate_bench_content", articles=14, templates=2)
    call_command("generate_bench_content", articles=14, templates=2)  # nothing left to do: nothing duplicated

    english = Article.objects.filter(language="en").values_list("slug", flat=True)
    spanish = Article.objects.filter(language="es").values_list("slug", flat=True)
    assert sorted(english) == sorted(f"bench-{n}" for n in range(14))
    assert sorted(spanish) == ["bench-12", "bench-3", "bench-6", "bench-9"]  # clones (2 on) numbered 3k
    assert Publication.objects.count() == 14 + 4 and Topic.objects.count() == 8
    assert Publication.objects.filter(article__sections__isnull=False).distinct().count() == 2


def test_it_refuses_a_database_that_holds_articles_of_its_own():
    Article.objects.create(slug="mine", title="Mine")

    with pytest.raises(CommandError, match="articles of its own"):
        call_command("generate_bench_content", articles=2)


def test_it_refuses_to_shrink_what_an_earlier_run_made():
    call_command("generate_bench_content", articles=3, templates=1)

    with pytest.raises(CommandError, match="already holds 3 benchmark articles"):
        call_command("generate_bench_content", articles=2)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the statistics table of SQLite")
def test_the_planner_has_statistics_of_what_was_made():
    call_command("generate_bench_content", articles=3, templates=1)

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_stat1")
        assert cursor.fetchone()[0] > 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the site's statement timeout is PostgreSQL's")
def test_it_runs_without_the_statement_timeout_of_a_request():
    call_command("generate_bench_content", articles=2, templates=1)

    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "0"


@override_settings(ROOT_URLCONF="config.urls_bench")
def test_the_benchmark_settings_add_a_bare_view_beside_the_site(client):
    assert client.get("/bench/bare/").json()["slug"] == "bare"
    assert client.get("/healthz").status_code == 200


def test_the_bare_view_is_not_part_of_the_site(client):
    assert client.get("/bench/bare/").status_code == 404
