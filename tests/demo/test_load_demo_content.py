import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from articles.models import FAQ, Article, CauseComparison, Citation, Contributor, KeyPoint, Section, Topic
from publishing.models import Publication
from references.models import Reference

pytestmark = pytest.mark.django_db

VITAMIN_D = "vitamin-d-deficiency-muscle-twitching"


def row_counts() -> dict[str, int]:
    models = [
        Article,
        KeyPoint,
        Section,
        CauseComparison,
        FAQ,
        Citation,
        Reference,
        Topic,
        Contributor,
        Publication,
        get_user_model(),
    ]
    return {model.__name__: model.objects.count() for model in models}


def test_loader_runs_twice_without_errors_or_duplicates(settings):
    settings.DEBUG = True
    call_command("load_demo_content")
    first = row_counts()
    updated_at = dict(Article.objects.values_list("slug", "updated_at"))

    call_command("load_demo_content")

    assert row_counts() == first
    assert dict(Article.objects.values_list("slug", "updated_at")) == updated_at
    # Four English articles and two Spanish translations; three imported publications, two translations published
    # after review, and the English source improved and published again.
    assert first["Article"] == 6
    assert first["Publication"] == 6


def test_vitamin_d_article_is_complete_in_the_api(api_client):
    call_command("load_demo_content")

    body = api_client.get(f"/api/v1/articles/{VITAMIN_D}/").json()

    assert len(body["key_points"]) == 7
    assert len(body["sections"]) >= 5
    assert len(body["cause_comparisons"]) == 6
    assert len(body["faqs"]) == 7
    assert all(faq["question"].endswith("?") for faq in body["faqs"])
    assert len(body["references"]) >= 5
    assert body["medical_reviewer"]["name"] == "Maya Lindqvist"
    assert body["last_reviewed_at"]
    assert body["summary"] and body["intro"] and body["comparison_intro"]
    assert any("ods.od.nih.gov/factsheets/VitaminD" in ref["url"] for ref in body["references"])


def test_other_published_articles_have_every_part(api_client):
    call_command("load_demo_content")

    slugs = [item["slug"] for item in api_client.get("/api/v1/articles/").json()["results"]]

    assert len(slugs) == 3
    for slug in slugs:
        body = api_client.get(f"/api/v1/articles/{slug}/").json()
        for part in ("key_points", "sections", "cause_comparisons", "faqs", "references", "authors", "topics"):
            assert body[part], (slug, part)


def test_the_draft_stays_out_of_the_api(api_client):
    call_command("load_demo_content")

    assert Article.objects.filter(slug="vitamin-d-and-sleep").exists()
    assert api_client.get("/api/v1/articles/vitamin-d-and-sleep/").status_code == 404


def test_demo_users_only_in_debug(settings):
    settings.DEBUG = False
    call_command("load_demo_content")
    assert not get_user_model().objects.exists()

    settings.DEBUG = True
    call_command("load_demo_content")
    users = get_user_model().objects.order_by("username")
    assert [user.username for user in users] == ["admin", "author", "publisher", "reviewer", "reviewer-es"]
    assert all(user.check_password("demo-password") and user.is_staff for user in users)
    assert Contributor.objects.get(slug="maya-lindqvist").user.username == "reviewer"
    assert Contributor.objects.get(slug="lucia-ferrer").user.username == "reviewer-es"


def test_demo_references_cite_real_identifiers_only():
    call_command("load_demo_content")

    assert dict(Reference.objects.exclude(doi="").values_list("doi", "pmid")) == {
        "10.1056/nejmra070553": "17634462",
        "10.1210/jc.2011-0385": "21646368",
    }


def test_demo_articles_start_with_a_stored_version_and_review_history():
    from articles.versions import article_versions

    call_command("load_demo_content")

    article = Article.objects.get(slug=VITAMIN_D)
    assert article_versions(article).count() == 1
    assert article.transitions.get().action == "import"
