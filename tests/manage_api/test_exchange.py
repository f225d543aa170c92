"""export_content and import_content: one JSON document, all or nothing, the same bytes after a round trip."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from articles.edit_plan import ArticleEdit
from articles.models import Article, Contributor, Topic
from articles.services.editing import article_create
from publishing.models import Approval, Publication
from references.models import Reference
from tests.helpers.public_bytes import public_bytes

pytestmark = pytest.mark.django_db


def empty_the_content() -> None:
    Publication.objects.all().delete()
    Approval.objects.all().delete()
    Article.objects.all().delete()
    Reference.objects.all().delete()
    Contributor.objects.all().delete()
    Topic.objects.all().delete()


def test_export_import_export_gives_the_same_document_and_the_same_public_bytes(tmp_path, settings):
    settings.DEBUG = True
    call_command("load_demo_content")
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    call_command("export_content", str(first))
    before = public_bytes()

    empty_the_content()
    assert not Article.objects.exists()
    call_command("import_content", str(first))
    call_command("export_content", str(second))

    assert second.read_bytes() == first.read_bytes()
    assert public_bytes() == before
    document = json.loads(first.read_text())
    assert document["format"] == "medical-articles-cms/1"
    assert len(document["articles"]) == 4
    assert all(article["approvals"] for article in document["articles"] if article["status"] == "published")


def test_one_bad_record_imports_nothing_and_is_named_by_its_path(tmp_path, settings, capsys):
    settings.DEBUG = True
    call_command("load_demo_content")
    exported = tmp_path / "content.json"
    call_command("export_content", str(exported))
    document = json.loads(exported.read_text())
    document["articles"][1]["sections"][2]["body_markdown"] = "A claim citing nothing [42]."
    document["references"][0]["doi"] = "not a doi"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(document))
    empty_the_content()

    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_content", str(broken))

    errors = capsys.readouterr().err
    assert "references[0].doi:" in errors
    assert "articles[1].sections[2].body_markdown: [42] points at citation 42" in errors
    assert not (Article.objects.exists() or Reference.objects.exists() or Topic.objects.exists())


def test_a_dry_run_checks_everything_and_imports_nothing(tmp_path, settings, capsys):
    settings.DEBUG = True
    call_command("load_demo_content")
    exported = tmp_path / "content.json"
    call_command("export_content", str(exported))
    empty_the_content()

    call_command("import_content", str(exported), "--dry-run")

    assert "would import 7 topics, 3 contributors, 11 references, 4 articles" in capsys.readouterr().out
    assert not Article.objects.exists()


def test_users_that_do_not_exist_here_come_back_as_inactive_accounts(tmp_path, settings):
    settings.DEBUG = True
    call_command("load_demo_content")
    exported = tmp_path / "content.json"
    call_command("export_content", str(exported))
    empty_the_content()
    get_user_model().objects.filter(username="publisher").delete()

    call_command("import_content", str(exported))

    publisher = get_user_model().objects.get(username="publisher")
    assert not publisher.is_active
    assert not publisher.has_usable_password()
    assert Publication.objects.filter(created_by=publisher).count() == 3


def test_a_file_that_is_not_an_export_is_refused(tmp_path):
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"format": "something-else"}))

    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_content", str(other))


def test_new_rows_are_numbered_after_the_imported_ones(tmp_path, settings):
    """Imported rows keep their ids; the database's counters move past them (PostgreSQL's sequences)."""
    settings.DEBUG = True
    call_command("load_demo_content")
    exported = tmp_path / "content.json"
    call_command("export_content", str(exported))
    document = json.loads(exported.read_text())
    for article in document["articles"]:
        article["id"] += 1000  # above anything the counter has handed out here
    exported.write_text(json.dumps(document))
    empty_the_content()

    call_command("import_content", str(exported))
    created = article_create(edit=ArticleEdit(fields={"title": "After the import", "summary": "s"}), user=None)

    assert created.pk > max(article["id"] for article in document["articles"])
