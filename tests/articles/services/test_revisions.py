"""Restoring a stored version, recovering a deleted article, and deleting one (articles.services)."""

import pytest
import reversion
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied

from articles.edit_plan import ArticleEdit, EditProblems
from articles.models import Article, ArticleStatus, ArticleTransition
from articles.services.editing import article_create, article_delete, article_update
from articles.services.revisions import article_recover, article_restore_version
from articles.versions import article_versions
from core.exceptions import StaleVersion, StateConflict
from tests.helpers.factories import ContributorFactory, ReferenceFactory, TopicFactory, UserFactory
from tests.helpers.publishing import publish_reviewed

pytestmark = pytest.mark.django_db


def citing(first, second) -> ArticleEdit:
    """An article whose only section cites its first citation, `first`; `second` is cited second."""
    return ArticleEdit(
        fields={"title": "Restorable", "slug": "restorable", "summary": "A summary."},
        authors=[ContributorFactory(name="First author")],
        topics=[TopicFactory(name="First topic")],
        parts={
            "sections": [{"heading": "Evidence", "body": "As shown before [1]."}],
            "citations": [{"reference": first}, {"reference": second}],
        },
        markers_use_old_numbers=False,
    )


def save(article: Article, user, **edit) -> Article:
    article.refresh_from_db()
    return article_update(article=article, edit=ArticleEdit(**edit), user=user, expected_version=article.version)


def test_restoring_brings_back_authors_topics_and_citations_with_markers_citing_the_same_reference(author):
    first, second = ReferenceFactory(title="First source"), ReferenceFactory(title="Second source")
    article = article_create(edit=citing(first, second), user=author)
    original = article_versions(article).first()
    citations = [{"id": c.pk, "reference": c.reference} for c in article.citations.order_by("number")]
    # Swap the citations (the marker is rewritten to [2]) and change the people and topics.
    article = save(article, author, parts={"citations": citations[::-1]}, authors=[ContributorFactory()], topics=[])
    assert article.sections.get().body == "As shown before [2]."

    restored = article_restore_version(article=article, version=original, user=author, expected_version=article.version)

    assert [c.reference for c in restored.citations.order_by("number")] == [first, second]
    assert restored.sections.get().body == "As shown before [1]."  # [1] is the first source again
    assert [person.name for person in restored.authors.all()] == ["First author"]
    assert [topic.name for topic in restored.topics.all()] == ["First topic"]


def test_restoring_is_recorded_with_who_and_which_version_and_a_plain_edit_of_a_published_article_too(author):
    article = article_create(edit=citing(ReferenceFactory(), ReferenceFactory()), user=author)
    original = article_versions(article).first()
    publish_reviewed(article)
    article = save(article, author, fields={"summary": "Changed after publishing."})
    edited = ArticleTransition.objects.filter(article=article).order_by("-pk").first()
    assert edited.comment == "Edited after publishing: needs a new medical review. What is live stays live until then."

    article_restore_version(article=article, version=original, user=author, expected_version=article.version)

    restored = ArticleTransition.objects.filter(article=article).order_by("-pk").first()
    assert (restored.actor, restored.action) == (author, "restore")
    assert restored.comment == f"Restored the version saved on {original.revision.date_created:%Y-%m-%d %H:%M}."


def test_a_version_of_another_article_or_from_a_stale_page_is_not_restored(author):
    article = article_create(edit=citing(ReferenceFactory(), ReferenceFactory()), user=author)
    other = article_create(
        edit=ArticleEdit(fields={"title": "Other", "slug": "other", "summary": "Other."}), user=author
    )
    foreign = article_versions(other).first()

    with pytest.raises(StateConflict, match="belongs to another article"):
        article_restore_version(article=article, version=foreign, user=author, expected_version=article.version)
    with pytest.raises(StaleVersion):
        article_restore_version(
            article=article,
            version=article_versions(article).first(),
            user=author,
            expected_version=article.version - 1,
        )
    # Positive control: its own version, from a page showing the current version.
    article_restore_version(
        article=article, version=article_versions(article).first(), user=author, expected_version=article.version
    )


def test_recovering_records_who_brought_the_article_back(author):
    article = article_create(edit=citing(ReferenceFactory(), ReferenceFactory()), user=author)
    Article.objects.filter(pk=article.pk).update(status=ArticleStatus.IN_REVIEW)

    article_recover(article=article, user=author)

    entry = ArticleTransition.objects.filter(article=article).order_by("-pk").first()
    assert (entry.actor, entry.to_status, entry.comment) == (author, "draft", "Recovered after deletion, as a draft.")


def test_only_an_administrator_deletes_and_only_from_a_page_showing_the_current_version(author):
    article = article_create(edit=citing(ReferenceFactory(), ReferenceFactory()), user=author)
    chief = UserFactory(username="chief", is_superuser=True)

    with pytest.raises(PermissionDenied):
        article_delete(article=article, user=author, expected_version=article.version)
    with pytest.raises(StaleVersion):
        article_delete(article=article, user=chief, expected_version=article.version + 1)
    assert Article.objects.filter(pk=article.pk).exists()
    # Positive control: an administrator, from the current version.
    article_delete(article=article, user=chief, expected_version=article.version)
    assert not Article.objects.filter(pk=article.pk).exists()


def test_the_delete_permission_is_what_lets_an_editor_delete(author):
    article = article_create(edit=citing(ReferenceFactory(), ReferenceFactory()), user=author)
    editor = UserFactory(username="managing-editor")  # not a superuser: only the permission decides
    editor.user_permissions.add(Permission.objects.get(codename="delete_article"))
    editor = type(editor).objects.get(pk=editor.pk)  # a fresh user: permissions are cached per instance

    article_delete(article=article, user=editor, expected_version=article.version)

    assert not Article.objects.filter(pk=article.pk).exists()


def test_an_article_that_was_published_is_archived_not_deleted(author):
    article = article_create(edit=citing(ReferenceFactory(), ReferenceFactory()), user=author)
    publish_reviewed(article)

    with pytest.raises(StateConflict, match="archive it instead"):
        article_delete(article=article, user=UserFactory(is_superuser=True), expected_version=article.version)


def test_restoring_a_version_whose_text_is_over_a_rendering_limit_is_refused_and_changes_nothing(author):
    article = article_create(edit=citing(ReferenceFactory(), ReferenceFactory()), user=author)
    # A version stored before the limits (straight to the database, as no edit can now).
    article.sections.update(body="As shown before [1]. " + "[a] " * 1_500)
    with reversion.create_revision():
        Article.objects.get(pk=article.pk).save()
    over = article_versions(article).first()
    article.sections.update(body="As shown before [1].")
    article.refresh_from_db()

    with pytest.raises(EditProblems) as refused:
        article_restore_version(article=article, version=over, user=author, expected_version=article.version)

    assert "At most 1,000 links, images and citation markers" in str(refused.value)
    assert article.sections.get().body == "As shown before [1]."
    assert Article.objects.get(pk=article.pk).version == article.version
