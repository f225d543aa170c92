"""import_content verifies what it trusts: an approval's document against its content hash, a publication against
its approval, its ETag and everything derived from its document. An edited export is refused (dry run too), or
imported as unreviewed drafts when the operator says so: never live."""

import copy
import datetime
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from articles.models import Article, ArticleTransition
from publishing.models import Approval, Publication
from publishing.services.editorial_steps import article_transition
from references.models import Reference, RetractionNotice
from tests.helpers.factories import complete_article
from tests.helpers.people import reviewer_user, user_in_role
from tests.helpers.publishing import publish_reviewed, shown
from tests.manage_api.test_exchange import empty_the_content

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported(settings, tmp_path) -> dict:
    settings.DEBUG = True
    call_command("load_demo_content")
    path = tmp_path / "content.json"
    call_command("export_content", str(path))
    empty_the_content()
    return json.loads(path.read_text())


def live_article(document: dict) -> tuple[int, dict]:
    index, article = next((i, a) for i, a in enumerate(document["articles"]) if a["status"] == "published")
    assert article["publications"] and article["approvals"]
    return index, article


def import_file(tmp_path, document: dict, *options: str) -> None:
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(document))
    call_command("import_content", str(path), *options)


def edit_summary_everywhere(article: dict) -> None:
    """What a careful hand edit changes: the summary in the approved and the published document and the list entry."""
    for holder in [*article["approvals"], *article["publications"]]:
        holder["document"]["summary"] = "Edited after the review."
    for publication in article["publications"]:
        publication["list_item"]["summary"] = "Edited after the review."


EDITS = {
    "summary": (edit_summary_everywhere, ["approvals[0].content_hash", "publications[0].etag"]),
    "faq answer": (
        lambda article: article["publications"][0]["faqs"][0].update(answer_html="<p>Edited answer.</p>"),
        ["publications[0].faqs"],
    ),
    "reference title": (
        lambda article: article["publications"][0]["references"][0]["data"].update(title="Edited title"),
        ["publications[0].references"],
    ),
    "json-ld": (
        lambda article: article["publications"][0]["jsonld"]["@graph"][0].update(abstract="Edited."),
        ["publications[0].jsonld"],
    ),
    "list entry": (
        lambda article: article["publications"][0]["list_item"].update(title="Edited title"),
        ["publications[0].list_item"],
    ),
    "approved document only": (
        lambda article: article["approvals"][0]["document"].update(intro="Edited."),
        ["approvals[0].content_hash", "publications[0].document"],
    ),
}


@pytest.mark.parametrize("edit", EDITS)
@pytest.mark.parametrize("dry_run", [False, True])
def test_an_edited_export_is_refused_naming_the_path(exported, tmp_path, capsys, edit, dry_run):
    index, article = live_article(exported)
    change, paths = EDITS[edit]
    change(article)

    with pytest.raises(CommandError, match="Nothing was imported"):
        import_file(tmp_path, exported, *(["--dry-run"] if dry_run else []))

    errors = capsys.readouterr().err
    for path in paths:
        assert f"articles[{index}].{path}: " in errors
    assert "the file was edited after the review" in errors or "Is not the document" in errors
    assert not Article.objects.exists()


def test_the_unedited_export_imports_with_every_publication(exported, tmp_path, capsys):
    """Positive control for the refusals above."""
    import_file(tmp_path, copy.deepcopy(exported), "--dry-run")
    assert "All checks passed" in capsys.readouterr().out
    import_file(tmp_path, exported)
    assert Publication.objects.live().count() == 5  # one of the six was superseded by its source's new version


def test_edited_articles_come_in_as_unreviewed_drafts_only_when_asked(exported, tmp_path, capsys, client):
    _index, article = live_article(exported)
    slug = article["slug"]
    edit_summary_everywhere(article)
    article["publications"][0]["faqs"][0]["answer_html"] = "<p>Edited answer.</p>"

    import_file(tmp_path, exported, "--edited-as-drafts")

    assert "1 articles imported as unreviewed drafts" in capsys.readouterr().out
    imported = Article.objects.get(slug=slug)
    assert imported.status == "draft" and imported.published_at is None
    assert not Approval.objects.filter(article=imported).exists()
    assert not Publication.objects.filter(article=imported).exists()
    assert client.get(f"/api/v1/articles/{slug}/").status_code == 404
    assert "Edited after the review." not in client.get("/api/v1/articles/").content.decode()
    assert "Edited answer" not in client.get("/api/v1/faqs/").content.decode()
    last = ArticleTransition.objects.filter(article=imported).order_by("pk").last()
    assert last.action == "import" and "did not match their hashes" in last.comment
    # The other articles verified and are live as they were.
    assert Publication.objects.live().count() == 4


def _approved_past_a_retraction(slug: str, live_from=None) -> Article:
    """An article citing a paper that is retracted, approved past it with the reviewer's reason, and published (now, or
    scheduled at `live_from`)."""
    article = complete_article(children=1, slug=slug)
    Reference.objects.filter(citations__article=article).update(doi=f"10.1000/{slug}")
    RetractionNotice.objects.create(record_id=len(slug), nature="retraction", original_doi=f"10.1000/{slug}")
    article_transition("submit", article=article, user=user_in_role(f"{slug}-writer", "Author"))
    reviewer = reviewer_user(f"{slug}-reviewer", "Dr Reason")
    article = Article.objects.get(pk=article.pk)
    article_transition(
        "approve", article=article, user=reviewer, shown_document=shown(article), override_reason="It is discussed."
    )
    publisher = user_in_role(f"{slug}-publisher", "Publisher")
    article_transition("publish", article=Article.objects.get(pk=article.pk), user=publisher, live_from=live_from)
    return article


def test_the_reviewers_reasons_survive_an_export_and_import(settings, tmp_path, capsys):
    article = _approved_past_a_retraction("discussed")
    before = Approval.objects.get(article=article)
    path = tmp_path / "content.json"
    call_command("export_content", str(path))
    empty_the_content()

    call_command("import_content", str(path))

    after = Approval.objects.get(pk=before.pk)
    assert (after.overridden, after.override_reason, after.reading_grade) == (
        ["retraction"],
        "It is discussed.",
        before.reading_grade,
    )
    # Restored live as it was, and said to need a new review, as import_retractions says it.
    assert "Needs re-review: “" in capsys.readouterr().out


def test_an_export_written_before_the_reasons_were_exported_still_imports(exported, tmp_path):
    for article in exported["articles"]:
        for approval in article["approvals"]:
            for name in ("reading_grade", "overridden", "override_reason"):
                approval.pop(name)

    import_file(tmp_path, exported)

    assert Approval.objects.exists() and set(Approval.objects.values_list("override_reason", flat=True)) == {""}


def test_a_scheduled_publication_that_a_publish_would_refuse_now_is_not_imported(settings, tmp_path, capsys):
    soon = timezone.now() + datetime.timedelta(days=2)
    scheduled = complete_article(children=1, slug="scheduled-one")
    Reference.objects.filter(citations__article=scheduled).update(doi="10.1000/retracted-after-scheduling")
    publish_reviewed(scheduled, live_from=soon)
    path = tmp_path / "content.json"
    call_command("export_content", str(path))
    document = json.loads(path.read_text())
    empty_the_content()
    # Positive control: before the retraction, it imports and waits for its time.
    import_file(tmp_path, copy.deepcopy(document))
    assert Publication.objects.pending().filter(slug="scheduled-one").exists()
    empty_the_content()
    RetractionNotice.objects.create(
        record_id=99, nature="retraction", original_doi="10.1000/retracted-after-scheduling"
    )

    with pytest.raises(CommandError, match="Nothing was imported"):
        import_file(tmp_path, document)

    assert "articles[0].publications[0]: It cites 1 retracted paper(s)" in capsys.readouterr().err
    assert not Article.objects.exists()
