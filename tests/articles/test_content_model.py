"""The content model declared once (`articles.content_model`).

Every field of the article and of its parts is declared or named as state, so a field added to a model without a
declaration fails here, by name. And a plain field added with nothing but the model field, its column and one
declaration is edited in the admin and over the management API, stored in versions, frozen by the approval, served
when published, compared, restored and exported: no other list had to learn it.
"""

import pytest
import reversion
from django.db import connection, models
from django.urls import reverse

from articles import content_model
from articles.comparison import compare
from articles.comparison.versions import compare_versions
from articles.content_model import Fieldset, Purpose, plain
from articles.models import VERSIONED_PARTS, Article
from articles.prose import search_text
from articles.services.revisions import article_restore_version
from articles.versions import article_versions
from core.markdown import plain_text
from manage_api.exchange.dump import content_export
from publishing.models import Publication
from publishing.services.editorial_steps import article_transition
from publishing.snapshots import publication_snapshot, working_copy_snapshot
from tests.helpers.admin_forms import article_change_data
from tests.helpers.factories import complete_article
from tests.helpers.manage_api import token_client
from tests.helpers.people import editing_every_article, user_in_role
from tests.helpers.publishing import approve

MANAGE = "/api/v1/manage/articles/"


def undeclared(model, declared, state) -> list[str]:
    """The model's own fields (not the reverse side of a relation) that are neither declared nor state."""
    own = [field.name for field in model._meta.get_fields() if not (field.auto_created and not field.concrete)]
    return [name for name in own if name not in declared and name not in state]


def declarations():
    yield Article, {spec.name for spec in content_model.ARTICLE}, content_model.STATE | content_model.TRANSLATION
    for part in content_model.PARTS.values():
        yield part.model, set(part.names), part.state


@pytest.mark.parametrize(
    ("model", "declared", "state"), [pytest.param(*entry, id=entry[0].__name__) for entry in declarations()]
)
def test_every_field_of_the_article_and_its_parts_is_declared_or_state(model, declared, state):
    assert declared, "the declaration lists fields"
    assert undeclared(model, declared, state) == [], (
        f"{model.__name__}: declare these in articles/content_model.py (or name them as state)"
    )
    assert [name for name in declared | state if not _has_field(model, name)] == []


def _has_field(model, name: str) -> bool:
    return any(field.name == name for field in model._meta.get_fields())


def test_the_purposes_gather_the_texts_they_did_before_the_declaration(db):
    article = Article.objects.with_content().get(pk=complete_article(children=1).pk)
    point, section = article.key_points.get(), article.sections.get()

    words = [article.title, article.subtitle, article.summary, point.title, point.text, section.heading]
    assert search_text(article) == " ".join([*words, plain_text(section.body)]).lower()
    assert {spec.name for spec in content_model.ARTICLE if Purpose.CITING in spec.texts} == {"intro"}


# A field added the way an engineer adds one: the model field, its column (what its migration would do), and one
# declaration. Nothing else in the code names it.
NOTE = "audience_note"


@pytest.fixture(autouse=True)
def responses_keep_the_contract():
    """The throwaway field is not in the published contract, so responses here are not checked against it."""


@pytest.fixture
def audience_note():
    """The column is added outside a transaction (SQLite's schema editor refuses one inside), so its tests run with
    `transaction=True`, and the data migrations' rows (roles, site settings) are restored afterwards."""
    field = models.TextField("audience note", blank=True, default="")
    field.contribute_to_class(Article, NOTE)
    with connection.schema_editor() as editor:
        editor.add_field(Article, field)
    _register_versions()  # django-reversion reads a model's fields when it is registered: as a restart would
    yield field
    with connection.schema_editor() as editor:
        editor.remove_field(Article, field)
    Article._meta.local_fields.remove(field)
    delattr(Article, NOTE)
    Article._meta._expire_cache()
    _register_versions()


def _register_versions() -> None:
    reversion.unregister(Article)
    reversion.register(Article, follow=VERSIONED_PARTS)


@pytest.fixture
def declared(audience_note, monkeypatch):
    monkeypatch.setattr(content_model, "ARTICLE", (*content_model.ARTICLE, plain(NOTE, Fieldset.READER, Purpose.WORDS)))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_field_on_the_model_without_a_declaration_is_named(audience_note):
    assert undeclared(
        Article, {spec.name for spec in content_model.ARTICLE}, content_model.STATE | content_model.TRANSLATION
    ) == [NOTE]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_field_declared_once_round_trips_through_every_consumer(declared, client, django_user_model):
    article = complete_article(children=1)
    editor = editing_every_article(user_in_role("the-author", "Author"))
    client.force_login(django_user_model.objects.create_superuser("the-admin", "a@example.org", "x"))
    change = reverse("admin:articles_article_change", args=[article.pk])

    # The admin shows it in its fieldset and keeps what the editor typed.
    page = client.get(change).content.decode()
    assert f'name="{NOTE}"' in page
    saved = client.post(change, article_change_data(article, **{NOTE: "For adults over 65."}))
    assert saved.status_code == 302, saved.content.decode()[:2000]
    article.refresh_from_db()
    assert getattr(article, NOTE) == "For adults over 65."

    # The management API reads and writes it.
    api = token_client(editor)
    read = api.get(f"{MANAGE}{article.slug}/")
    assert read.json()[NOTE] == "For adults over 65."
    written = api.patch(
        f"{MANAGE}{article.slug}/", {NOTE: "For adults over 70."}, format="json", HTTP_IF_MATCH=read["ETag"]
    )
    assert written.status_code == 200, written.json()
    assert written.json()[NOTE] == "For adults over 70."

    # Stored versions hold it, and their comparison shows it changed.
    newer, older = list(article_versions(article)[:2])
    labels = [change.label for change in compare_versions(older, newer).fields]
    assert "Audience note" in labels

    # The approval freezes it, publication serves it, the public API shows it.
    approval = approve(article)
    assert approval.document[NOTE] == "For adults over 70."
    publisher = user_in_role("the-publisher", "Publisher")
    article_transition("publish", article=Article.objects.get(pk=article.pk), user=publisher)
    publication = Publication.objects.select_related("approval").get(article=article)
    assert publication.document[NOTE] == "For adults over 70."
    public = client.get(f"/api/v1/articles/{article.slug}/")
    assert public.status_code == 200
    assert public.json()[NOTE] == "For adults over 70."

    # A later edit of it is a change against what was published.
    article.refresh_from_db()
    again = api.patch(
        f"{MANAGE}{article.slug}/", {NOTE: "For everyone."}, format="json", HTTP_IF_MATCH=f'"{article.version}"'
    )
    assert again.status_code == 200, again.json()
    comparison = compare(publication_snapshot(publication, article), working_copy_snapshot(article))
    changed = {change.label: change.diff for change in comparison.fields}
    assert "Audience note" in changed
    assert "everyone" in changed["Audience note"]

    # Restoring the published version brings it back; an export carries it.
    article.refresh_from_db()
    published_version = next(
        version for version in article_versions(article) if version.field_dict.get(NOTE) == "For adults over 70."
    )
    article_restore_version(article=article, version=published_version, user=editor, expected_version=article.version)
    article.refresh_from_db()
    assert getattr(article, NOTE) == "For adults over 70."
    exported = next(entry for entry in content_export()["articles"] if entry["id"] == article.pk)
    assert exported[NOTE] == "For adults over 70."
