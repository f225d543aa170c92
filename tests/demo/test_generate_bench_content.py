"""Benchmark content: clones written in bulk must read like articles published through the services."""

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

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
    assert "bench-7" in jsonld and "Bench article 7:" in jsonld
    faqs = client.get("/api/v1/faqs/", {"article": "bench-7"}).json()
    assert faqs["count"] == 7
    assert client.get("/api/v1/articles/", {"search": "calcium"}).json()["count"] > 0
    assert client.get("/api/v1/articles/", {"topic": "calcium-health"}).json()["count"] > 0
    assert len({publication.etag for publication in Publication.objects.all()}) == 12


def test_it_refuses_a_database_that_holds_articles():
    call_command("generate_bench_content", articles=2, templates=1)

    with pytest.raises(CommandError, match="already holds articles"):
        call_command("generate_bench_content", articles=2)


@override_settings(ROOT_URLCONF="config.urls_bench")
def test_the_benchmark_settings_add_a_bare_view_beside_the_site(client):
    assert client.get("/bench/bare/").json()["slug"] == "bare"
    assert client.get("/healthz").status_code == 200


def test_the_bare_view_is_not_part_of_the_site(client):
    assert client.get("/bench/bare/").status_code == 404
