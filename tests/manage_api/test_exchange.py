"""export_content and import_content: one JSON document, all or nothing, the same bytes after a round trip."""

import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import OperationalError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.edit_plan import ArticleEdit
from articles.models import Article, Contributor, Section, Topic
from articles.services.editing import article_create
from manage_api.exchange.dump import content_export
from manage_api.exchange.load import analyze_after_load
from media.models import Image
from publishing.models import Approval, Publication, PublicState
from publishing.services.live_set import publications_last_change
from references.models import Reference
from tests.helpers.public_bytes import public_bytes

pytestmark = pytest.mark.django_db


def empty_the_content() -> None:
    Publication.objects.all().delete()
    Approval.objects.all().delete()
    Article.objects.all().delete()
    Image.objects.all().delete()  # the media library, its renditions with it (the files stay: named by their bytes)
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
    assert len(document["articles"]) == 6  # the Spanish translations too
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

    assert "would import 7 topics, 4 contributors, 11 references, 1 images, 6 articles" in capsys.readouterr().out
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
    assert Publication.objects.filter(created_by=publisher).count() == 6


def planner_rows(table: str) -> int | None:
    """The rows the query planner counted in `table` when this test analyzed it; None if it did not.

    The test runs in a transaction that is rolled back: SQLite's sqlite_stat1 goes with it, whereas PostgreSQL
    keeps pg_class's counts and its statistics' times, hence a last ANALYZE since the transaction began (now())."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # the statistics as they are, not as first read
            cursor.execute(
                "SELECT reltuples FROM pg_class JOIN pg_stat_user_tables ON relid = pg_class.oid"
                " WHERE pg_class.relname = %s AND last_analyze >= now()",
                [table],
            )
        else:
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if not cursor.fetchone()[0]:
                return None
            cursor.execute("SELECT CAST(stat AS integer) FROM sqlite_stat1 WHERE tbl = %s", [table])
        row = cursor.fetchone()
        return None if row is None else int(row[0])


def test_an_import_leaves_the_planner_statistics_of_what_it_loaded(tmp_path, settings):
    """ANALYZE after the load: the planner counts the imported rows (PostgreSQL's pg_class, SQLite's sqlite_stat1)."""
    settings.DEBUG = True
    call_command("load_demo_content")
    exported = tmp_path / "content.json"
    call_command("export_content", str(exported))
    empty_the_content()
    assert planner_rows(Article._meta.db_table) is None  # the control: nothing analyzed them before

    call_command("import_content", str(exported))

    assert planner_rows(Article._meta.db_table) == 6
    assert planner_rows(Section._meta.db_table) == Section.objects.count() > 4
    assert planner_rows(Publication._meta.db_table) == Publication.objects.count() == 6


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statement timeout bounds commands too")
def test_on_postgresql_the_analysis_after_an_import_is_not_cut_off_by_the_statement_timeout():
    """At 10,000 articles it takes longer than the web's statement timeout (docs/deploy.md)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 1")  # until this test's transaction is rolled back
        with pytest.raises(OperationalError, match="statement timeout"), transaction.atomic():
            cursor.execute("ANALYZE")  # the control: a plain ANALYZE over 1 ms is cancelled

        analyze_after_load()
    assert planner_rows(Article._meta.db_table) == 0


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
        for publication in article["publications"]:  # and what points at an article by its id follows it
            if publication["source_article"] is not None:
                publication["source_article"] += 1000
    exported.write_text(json.dumps(document))
    empty_the_content()

    call_command("import_content", str(exported))
    created = article_create(edit=ArticleEdit(fields={"title": "After the import", "summary": "s"}), user=None)

    assert created.pk > max(article["id"] for article in document["articles"])


def exported_demo(tmp_path) -> tuple[dict, Path]:
    call_command("load_demo_content")
    exported = tmp_path / "content.json"
    call_command("export_content", str(exported))
    return json.loads(exported.read_text()), exported


def test_the_restored_live_set_last_changed_when_the_exported_one_did_to_the_microsecond(tmp_path, settings):
    settings.DEBUG = True
    document, exported = exported_demo(tmp_path)
    before = PublicState.objects.get().changed_at
    # The publications' own times come microseconds after the step read the clock: not the same moment.
    assert publications_last_change(timezone.now()) > before
    empty_the_content()

    call_command("import_content", str(exported))

    assert PublicState.objects.get().changed_at == before
    assert document["live_set_changed_at"] is not None


def test_an_export_without_the_live_set_time_is_dated_by_its_publications(tmp_path, settings):
    settings.DEBUG = True
    document, _ = exported_demo(tmp_path)
    del document["live_set_changed_at"]  # written before the export carried it
    older = tmp_path / "older.json"
    older.write_text(json.dumps(document))
    empty_the_content()

    call_command("import_content", str(older))

    assert PublicState.objects.get().changed_at == publications_last_change(timezone.now())


@pytest.mark.parametrize("written", ["yesterday", "2026-13-01T08:00:00Z", "2026-03-01T08:00:00", 1700000000])
def test_a_live_set_time_that_is_not_a_zoned_date_and_time_imports_nothing(tmp_path, settings, capsys, written):
    settings.DEBUG = True
    document, _ = exported_demo(tmp_path)
    document["live_set_changed_at"] = written
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(document))
    document["live_set_changed_at"] = "2026-03-01T08:00:00Z"  # positive control: a zoned time is taken
    fine = tmp_path / "fine.json"
    fine.write_text(json.dumps(document))
    empty_the_content()

    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_content", str(broken))

    assert "live_set_changed_at: Expected a date and time with its zone" in capsys.readouterr().err
    assert not Article.objects.exists()
    call_command("import_content", str(fine))
    assert Article.objects.count() == 6


def test_the_export_reads_when_the_live_set_changed_after_its_rows(settings):
    """A publish while the rows are read must date the export later than what it holds, never earlier: so the time
    is read last (the export takes no snapshot)."""
    settings.DEBUG = True
    call_command("load_demo_content")

    with CaptureQueriesContext(connection) as queries:
        content_export()

    statements = [query["sql"] for query in queries.captured_queries]
    state_reads = [i for i, sql in enumerate(statements) if '"publishing_publicstate"' in sql]
    row_reads = [
        i for i, sql in enumerate(statements) if '"publishing_publication"' in sql or '"articles_article"' in sql
    ]
    assert state_reads and row_reads
    assert min(state_reads) > max(row_reads)


def test_a_file_nested_too_deep_is_refused_naming_the_limit(tmp_path):
    deep, shallow = tmp_path / "deep.json", tmp_path / "shallow.json"
    deep.write_text('{"format": "medical-articles-cms/1", "articles": ' + "[" * 10_000 + "]" * 10_000 + "}")
    shallow.write_text('{"format": "medical-articles-cms/1", "articles": ' + "[" * 99 + "]" * 99 + "}")

    with pytest.raises(CommandError, match="nested more than 100 levels deep, the limit"):
        call_command("import_content", str(deep))
    with pytest.raises(CommandError, match="not an export"):  # positive control: read, then found wrong
        call_command("import_content", str(shallow))
    assert not Article.objects.exists()


def test_review_comments_and_their_replies_make_the_round_trip(tmp_path, settings):
    from publishing.models import ReviewComment
    from publishing.services.comments import review_comment_add, review_comment_reply, review_comment_resolve
    from tests.helpers.people import editing_every_article, reviewer_user, user_in_role

    settings.DEBUG = True
    call_command("load_demo_content")
    article = Article.objects.get(slug="vitamin-d-deficiency-muscle-twitching", language="en")
    reviewer = reviewer_user("round-trip-reviewer")
    writer = editing_every_article(user_in_role("round-trip-author", "Author"))
    section = article.sections.first()
    comment = review_comment_add(
        article=article, user=reviewer, anchor=f"sections[{section.pk}].body", quote=section.body[:10], body="Source?"
    )
    review_comment_reply(comment=comment, user=writer, body="Added [2].")
    review_comment_resolve(comment=comment, user=writer)
    review_comment_add(article=article, user=reviewer, anchor="title", body="Still open.")
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    call_command("export_content", str(first))
    exported = next(item for item in json.loads(first.read_text())["articles"] if item["id"] == article.pk)
    assert [(item["anchor"], item["resolved_by"], len(item["replies"])) for item in exported["review_comments"]] == [
        (f"sections[{section.pk}].body", "round-trip-author", 1),
        ("title", None, 0),
    ]

    empty_the_content()
    assert not ReviewComment.objects.exists()
    call_command("import_content", str(first))
    call_command("export_content", str(second))

    assert second.read_bytes() == first.read_bytes()
    restored = ReviewComment.objects.get(pk=comment.pk)
    assert (restored.author.username, restored.replies.get().body) == ("round-trip-reviewer", "Added [2].")
