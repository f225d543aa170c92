"""Data migrations keep what the rows said: moving FAQ, Citation and Publication between apps keeps every row,
permission and stored version; a scheduled publication's go-live time moves from its history comment to its field.

Run on a database of its own (a temporary SQLite file in a child process): it migrates back to
before the change, writes rows the way the old models did, then migrates forward.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # migrates a database of its own in a child process

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import json, os
import django
django.setup()
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("articles", "0004_roles"), ("faq", "0001_initial"), ("references", "0001_initial"),
          ("reversion", "0002_add_index_on_version_for_content_type_and_db")]
call_command("migrate", "reversion", verbosity=0)
call_command("migrate", "articles", "0004_roles", verbosity=0)
old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
ContentType = old.get_model("contenttypes", "ContentType")
Article, Publication = old.get_model("articles", "Article"), old.get_model("articles", "Publication")
FAQ, PublishedFAQ = old.get_model("faq", "FAQ"), old.get_model("faq", "PublishedFAQ")
Citation, Reference = old.get_model("references", "Citation"), old.get_model("references", "Reference")
Version, Revision = old.get_model("reversion", "Version"), old.get_model("reversion", "Revision")
article = Article.objects.create(title="Old", slug="old", summary="s", status="published")
faq = FAQ.objects.create(article=article, position=1, question="Q?", answer="A.")
reference = Reference.objects.create(kind="website", title="Ref")
citation = Citation.objects.create(article=article, reference=reference, number=1)
publication = Publication.objects.create(article=article, slug="old", title="Old", search_text="old",
    first_published_at="2026-01-01T00:00:00Z", live_from="2026-01-01T00:00:00Z", document={"slug": "old"},
    list_item={"slug": "old"}, etag="e")
PublishedFAQ.objects.create(publication=publication, faq_id=faq.pk, position=1, question="Q?",
    answer_markdown="A.", answer_html="<p>A.</p>", search_text="q? a.")
faq_type = ContentType.objects.get(app_label="faq", model="faq")
revision = Revision.objects.create(date_created="2026-01-01T00:00:00Z", comment="old")
data = json.dumps([{"model": "faq.faq", "pk": faq.pk, "fields": {"article": article.pk, "position": 1,
    "question": "Q?", "answer": "A.", "answer_html": ""}}])
Version.objects.create(revision=revision, object_id=str(faq.pk), content_type=faq_type, db="default",
    format="json", serialized_data=data, object_repr="Q?")

call_command("migrate", verbosity=0)

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from reversion.models import Version
from articles.models import FAQ, Article, Citation
from publishing.models import Publication, PublishedFAQ
version = Version.objects.get(object_id=str(faq.pk))
print(json.dumps({
    "faq": FAQ.objects.get(pk=faq.pk).question,
    "citation": Citation.objects.get(pk=citation.pk).reference_id == reference.pk,
    "publication": Publication.objects.get(pk=publication.pk).article_id == article.pk,
    "published_faq": PublishedFAQ.objects.get().publication_id == publication.pk,
    "faq_type": [version.content_type.app_label, version.content_type.model],
    "version_fields": version.field_dict["question"],
    "author_may_change_faq": Group.objects.get(name="Author").permissions.filter(
        content_type__app_label="articles", codename="change_faq").exists(),
    "stale_types": list(ContentType.objects.filter(app_label__in=["faq"]).values_list("model", flat=True))
        + list(ContentType.objects.filter(app_label="references", model="citation").values_list("model", flat=True)),
}))
"""


def migrated(tmp_path, script: str):
    """What `script` prints last (JSON), run in a child process on a SQLite database of its own."""
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'migrations.sqlite3'}",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_moving_models_between_apps_keeps_rows_permissions_and_versions(tmp_path):
    moved = migrated(tmp_path, SCRIPT)
    assert moved == {
        "faq": "Q?",
        "citation": True,
        "publication": True,
        "published_faq": True,
        "faq_type": ["articles", "faq"],
        "version_fields": "Q?",
        "author_may_change_faq": True,
        "stale_types": [],
    }


SCHEDULE_SCRIPT = r"""
import json
import django
django.setup()
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

call_command("migrate", verbosity=0)
call_command("migrate", "articles", "0016_hero_image", verbosity=0)
old = MigrationExecutor(connection).loader.project_state([("articles", "0016_hero_image")]).apps
Article, Transition = old.get_model("articles", "Article"), old.get_model("articles", "ArticleTransition")
article = Article.objects.create(title="Old", slug="old", summary="s", status="published")
comments = {
    "scheduled": "Scheduled to go live on 2026-12-08 09:30 UTC. After the embargo.",
    "programado": "Programado para publicarse el 2026-12-09 10:00 Europe/Madrid.",
    "published": "Scheduled to go live on Monday, as agreed.",  # the editor's own words: no time to take
}
entries = {name: Transition.objects.create(article=article, action="publish", from_status="approved",
                                           to_status="published", comment=text).pk
           for name, text in comments.items()}

call_command("migrate", verbosity=0)

from articles.models import ArticleTransition
print(json.dumps({name: [str(entry.scheduled_for), entry.comment]
                  for name, entry in ((name, ArticleTransition.objects.get(pk=pk)) for name, pk in entries.items())}))
"""


def test_a_scheduled_publication_s_time_moves_from_its_comment_to_its_own_field(tmp_path):
    assert migrated(tmp_path, SCHEDULE_SCRIPT) == {
        "scheduled": ["2026-12-08 09:30:00+00:00", "After the embargo."],
        "programado": ["2026-12-09 09:00:00+00:00", ""],
        "published": ["None", "Scheduled to go live on Monday, as agreed."],  # control: left as it was
    }
