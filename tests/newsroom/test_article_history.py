"""Every admin save keeps a version: compare, restore (as a draft), recover deleted content."""

import pytest
import reversion
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.comparison.versions import compare_versions
from articles.models import Article
from articles.versions import article_versions
from publishing.models import Publication
from tests.helpers.admin_forms import article_change_data, existing_rows, inline_rows
from tests.helpers.factories import ContributorFactory, KeyPointFactory, ReferenceFactory, complete_article
from tests.helpers.publishing import publish_reviewed

pytestmark = pytest.mark.django_db


def restore(client, article, version):
    """Post the restore page's form, from a page that showed the article's current version."""
    article.refresh_from_db()
    url = reverse("admin:articles_article_revision", args=[article.pk, version.pk])
    return client.post(url, {"shown_version": article.version})


def save(client, article, **overrides):
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]), article_change_data(article, **overrides)
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    article.refresh_from_db()
    return response


def test_each_admin_save_stores_the_whole_working_copy(admin_client):
    article = complete_article(children=2)

    save(admin_client, article, summary="First summary.")
    save(admin_client, article, summary="Second summary.")

    versions = list(article_versions(article))
    assert len(versions) == 2
    newest = versions[0]
    stored_models = {version.content_type.model for version in newest.revision.version_set.all()}
    assert {"article", "keypoint", "section", "causecomparison", "faq", "citation"} <= stored_models


def test_two_versions_are_compared_readably(admin_client):
    article = complete_article(children=1)
    save(admin_client, article, summary="Calcium keeps nerves calm.")
    save(admin_client, article, summary="Calcium keeps nerves and muscles calm.")
    newer, older = article_versions(article)[:2]

    page = admin_client.get(
        reverse("admin:articles_article_compare", args=[article.pk]), {"from": older.pk, "to": newer.pk}
    ).content.decode()

    assert "Quick summary" in page
    assert "<ins>and muscles</ins>" in page
    history = admin_client.get(reverse("admin:articles_article_history", args=[article.pk])).content.decode()
    assert "Compare the two versions" in history
    # Each radio button says which version it picks (a screen reader reads no column header for it).
    saved = f"{timezone.localtime(older.revision.date_created):%Y-%m-%d %H:%M}"
    assert f'aria-label="Compare from the version saved {saved}"' in history
    assert f'aria-label="Compare to the version saved {saved}"' in history


def test_restoring_the_first_version_brings_back_its_content_as_a_draft(admin_client):
    article = complete_article(children=1, title="Original title")
    save(admin_client, article, summary="First saved summary.")
    first = article_versions(article).first()
    save(admin_client, article, title="Rewritten title")

    preview = admin_client.get(reverse("admin:articles_article_revision", args=[article.pk, first.pk]))
    response = restore(admin_client, article, first)

    assert "Restore this version as a draft" in preview.content.decode()
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.summary) == ("Original title", "First saved summary.")
    assert article.status == "draft"
    assert article.transitions.first().action == "restore"


def test_restoring_keeps_what_was_published_and_the_review_history_since(admin_client, api_client):
    article = complete_article(children=1, title="Old title")
    save(admin_client, article, summary="Before publishing.")
    old = article_versions(article).first()
    publish_reviewed(article)
    history = list(article.transitions.values_list("pk", flat=True))
    assert history  # the import step wrote one entry

    restore(admin_client, article, old)

    assert Publication.objects.filter(article=article).count() == 1
    assert set(history) <= set(article.transitions.values_list("pk", flat=True))
    assert api_client.get(f"/api/v1/articles/{article.slug}/").status_code == 200


def test_restoring_never_publishes(admin_client, api_client):
    article = complete_article(children=1, title="Live title")
    publish_reviewed(article)
    save(admin_client, article, title="Edited title")
    save(admin_client, article, title="Edited again")
    oldest = list(article_versions(article))[-1]

    restore(admin_client, article, oldest)

    assert api_client.get(f"/api/v1/articles/{article.slug}/").json()["title"] == "Live title"
    assert Article.objects.get(pk=article.pk).status == "draft"


def test_restoring_works_after_rows_were_reordered(admin_client):
    article = complete_article(children=0)
    first = KeyPointFactory(article=article, title="First", position=1)
    second = KeyPointFactory(article=article, title="Second", position=2)
    save(admin_client, article, summary="Saved before the swap.")
    before_swap = article_versions(article).first()
    rows = existing_rows(article.key_points.all(), ["title", "text"])
    rows[0]["position"], rows[1]["position"] = "2", "1"
    save(admin_client, article, **inline_rows("key_points", rows, initial=2))
    assert list(article.key_points.values_list("pk", flat=True)) == [second.pk, first.pk]

    restore(admin_client, article, before_swap)

    assert list(article.key_points.values_list("title", "position")) == [("First", 1), ("Second", 2)]


def test_a_deleted_section_is_recovered_by_restoring_the_version_before(admin_client):
    article = complete_article(children=2)
    save(admin_client, article, summary="Saved with both sections.")
    with_both = article_versions(article).first()
    rows = existing_rows(article.sections.all(), ["heading", "anchor", "body"])
    rows[0]["DELETE"] = "on"
    deleted_heading = rows[0]["heading"]
    save(admin_client, article, **inline_rows("sections", rows, initial=2))
    assert article.sections.count() == 1

    restore(admin_client, article, with_both)

    assert article.sections.count() == 2
    assert article.sections.filter(heading=deleted_heading).exists()


def test_a_deleted_article_is_recovered_as_a_draft(admin_client):
    article = complete_article(children=1, status="approved", title="Deleted by mistake")
    with reversion.create_revision():  # a version stored while the article was approved
        article.save()
    delete = admin_client.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})
    assert delete.status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()
    version = Version.objects.get_deleted(Article).get()

    recover_list = admin_client.get(reverse("admin:articles_article_recoverlist")).content.decode()
    form = admin_client.get(reverse("admin:articles_article_recover", args=[version.pk]))
    data = {
        key: value
        for key, value in form.context["adminform"].form.initial.items()
        if key in {"title", "slug", "summary", "intro"}
    }
    response = admin_client.post(
        reverse("admin:articles_article_recover", args=[version.pk]),
        article_change_data(Article(**{**data, "pk": version.object_id}), **data) | stored_children_rows(version),
    )

    assert "Deleted by mistake" in recover_list
    assert response.status_code == 302
    recovered = Article.objects.get(pk=version.object_id)
    assert recovered.title == "Deleted by mistake"
    assert recovered.status == "draft"
    assert recovered.key_points.count() == 1
    said = [str(message) for message in get_messages(response.wsgi_request)]
    recovered_message = (
        "“Deleted by mistake” is recovered as a draft. It needs a medical review before it can be published."
    )
    assert recovered_message in said
    assert not [message for message in said if "changed successfully" in message]


def stored_children_rows(version):
    """The recover form posts the recovered children back as they were stored."""
    rows = {"key_points": [], "sections": [], "cause_comparisons": [], "faqs": [], "citations": []}
    fields = {
        "keypoint": ("key_points", ["title", "text"], "position"),
        "section": ("sections", ["heading", "anchor", "body"], "position"),
        "causecomparison": ("cause_comparisons", ["cause", "related_symptoms", "differentiating_factors"], "position"),
        "faq": ("faqs", ["question", "answer"], "position"),
        "citation": ("citations", ["reference_id"], "number"),
    }
    for child in version.revision.version_set.exclude(pk=version.pk):
        prefix, names, order = fields[child.content_type.model]
        stored = child.field_dict
        row = {"id": str(child.object_id), order: str(stored[order])}
        row.update({name.removesuffix("_id"): str(stored[name]) for name in names})
        rows[prefix].append(row)
    data = {}
    for prefix, prefix_rows in rows.items():
        data.update(inline_rows(prefix, prefix_rows, initial=len(prefix_rows)))
    return data


def test_comparison_names_changed_authors_and_citations(admin_client):
    article = complete_article(children=1)
    save(admin_client, article, summary="Before the new author.")
    author = ContributorFactory(name="Ada Newauthor")
    reference = ReferenceFactory(title="A newly cited paper")
    rows = [*existing_rows(article.citations.all(), ["reference"], order_field="number")]
    rows.append({"reference": str(reference.pk), "number": ""})
    save(
        admin_client,
        article,
        authors=[str(author.pk)],
        **inline_rows("citations", rows, initial=1),
    )
    newer, older = article_versions(article)[:2]

    comparison = compare_versions(older, newer)

    changes = {change.label: str(change.diff) for change in comparison.fields}
    assert "<ins>Ada Newauthor</ins>" in changes["Authors"]
    [citations] = [part for part in comparison.parts if part.label == "Citations"]
    assert [(row.change, row.name) for row in citations.rows] == [("added", "A newly cited paper")]


@pytest.mark.parametrize("params", [{"from": "abc", "to": "1"}, {"from": "", "to": ""}, {}])
def test_comparing_with_malformed_version_ids_is_a_404(admin_client, params):
    article = complete_article(children=1)
    save(admin_client, article, summary="Changed.")

    response = admin_client.get(reverse("admin:articles_article_compare", args=[article.pk]), params)

    assert response.status_code == 404


def test_a_restore_is_a_version_with_every_part_and_keeps_the_rows_that_still_exist(admin_client):
    article = complete_article(children=2)
    faq_ids = set(article.faqs.values_list("pk", flat=True))
    save(admin_client, article, summary="First.")
    first = article_versions(article).first()
    faqs = existing_rows(article.faqs.all(), ["question", "answer"])
    faqs[1]["DELETE"] = "on"
    save(admin_client, article, summary="Second.", **inline_rows("faqs", faqs, initial=2))
    assert article.faqs.count() == 1

    restore(admin_client, article, first)

    restored = article_versions(article).first()
    kept = sorted(version.content_type.model for version in restored.revision.version_set.all())
    assert kept.count("faq") == 2 and kept.count("citation") == 2 and "section" in kept
    assert not compare_versions(first, restored)  # the restored version has the same content as the first
    ids_now = set(article.faqs.values_list("pk", flat=True))
    assert len(ids_now) == 2 and len(ids_now & faq_ids) == 1  # the kept FAQ keeps its (public) id


def test_a_restore_from_a_page_opened_before_someone_saved_is_refused_and_says_who(admin_client):
    article = complete_article(children=1, title="Original title")
    save(admin_client, article, summary="First saved summary.")
    first = article_versions(article).first()
    article.refresh_from_db()
    shown = article.version  # the restore page is opened now
    save(admin_client, article, title="Saved while the restore page was open")

    url = reverse("admin:articles_article_revision", args=[article.pk, first.pk])
    refused = admin_client.post(url, {"shown_version": shown}, follow=True)

    said = [str(message) for message in get_messages(refused.wsgi_request)]
    assert any(text.startswith("Not done (restore): editor saved this article at ") for text in said), said
    article.refresh_from_db()
    assert article.title == "Saved while the restore page was open"
    missing = admin_client.post(url, {}, follow=True)
    assert "The page did not say which version you saw" in str(list(get_messages(missing.wsgi_request)))
    # Positive control: from a page showing the current version, the restore goes through.
    assert restore(admin_client, article, first).status_code == 302
    article.refresh_from_db()
    assert article.title == "Original title"
