"""What goes live is exactly what the medical reviewer approved."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.edit_plan import ArticleEdit
from articles.models import Article, ArticleStatus
from articles.services.editing import article_update
from core.exceptions import StaleVersion, StateConflict
from core.models import SiteSettings
from publishing.models import Approval, Publication
from publishing.selectors import approval_of_current_version, references_changed_since
from publishing.services.editorial_steps import article_import_published, article_rollback, article_transition
from publishing.services.freezing import PUBLICATION_FIELDS, document_hash
from references.services import reference_update
from tests.helpers.factories import ContributorFactory, ReviewerFactory, complete_article
from tests.helpers.publishing import approve, approved_article, publish_reviewed, shown

pytestmark = pytest.mark.django_db

# 18, and one DELETE of the documents shown for review of the article (`shown_forget`: no page can approve them now).
APPROVE_QUERIES = 19
# The import of a published article: and what the live set keeps as a publish does (publishing.services.live_set):
# the surrogate keys of its publications' topics (2), the current topic, person and reference rows (6), the other
# articles of its translation group (1).
IMPORT_QUERIES = 36
UNREVIEWED = "Taking 10,000 IU of vitamin D every night cures insomnia."


def content(document: dict) -> str:
    """The document as bytes, without the two times that only a publication has."""
    return json.dumps({k: v for k, v in document.items() if k not in PUBLICATION_FIELDS}, sort_keys=True)


def live_document(api_client, article) -> dict:
    response = api_client.get(f"/api/v1/articles/{article.slug}/")
    assert response.status_code == 200
    return response.json()


def test_approving_freezes_the_document_the_reviewer_read(reviewer, author):
    article = complete_article(children=2)
    article_transition("submit", article=article, user=author)
    article.refresh_from_db()

    article_transition(
        "approve", article=article, shown_document=shown(article), user=reviewer, expected_version=article.version
    )

    approval = Approval.objects.get(article=article)
    assert approval.version == article.version
    assert approval.document["summary"] == article.summary
    assert approval.document["medical_reviewer"]["name"] == "Dr Review"
    assert approval.content_hash == document_hash(approval.document)
    assert approval.approved_by == reviewer
    # Times of a publication, not of the content: blank until a publication of it goes live.
    assert {name: approval.document[name] for name in PUBLICATION_FIELDS} == {"published_at": None, "updated_at": None}


def test_approving_costs_the_same_queries_for_a_short_and_a_long_article(author, reviewer):
    SiteSettings.load()  # made once, by whichever request comes first
    counts = []
    for children in (1, 6):
        article = complete_article(children=children)
        article_transition("submit", article=article, user=author)
        article.refresh_from_db()
        signing = type(reviewer).objects.get(pk=reviewer.pk)  # a new request: no permissions cached yet
        read = shown(article)
        with CaptureQueriesContext(connection) as queries:
            article_transition(
                "approve",
                article=article,
                shown_document=read,
                user=signing,
                expected_version=article.version,
            )
        counts.append(len(queries))

    assert counts == [APPROVE_QUERIES, APPROVE_QUERIES]


def test_importing_a_reviewed_article_costs_the_same_queries_short_or_long():
    SiteSettings.load()
    reviewer = ReviewerFactory()
    counts = []
    for children in (1, 6):
        article = complete_article(children=children)
        with CaptureQueriesContext(connection) as queries:
            article_import_published(
                article=article,
                user=None,  # an operator's command
                reviewer=reviewer,
                reviewed_at=timezone.now(),
                next_review_due=None,
                comment="Reviewed elsewhere.",
            )
        counts.append(len(queries))

    assert counts == [IMPORT_QUERIES, IMPORT_QUERIES]


def test_the_content_hash_fingerprints_the_content_alone():
    document = Approval.objects.get(article=approved_article()).document  # as stored and read back
    fingerprint = document_hash(document)

    went_live = {"published_at": "2026-03-01T08:00:00Z", "updated_at": "2026-03-02T08:00:00Z"}
    assert document_hash({**document, **went_live}) == fingerprint  # times of a publication, not of the content
    # PostgreSQL's jsonb gives keys back in an order of its own.
    assert document_hash(dict(reversed(document.items()))) == fingerprint
    assert document_hash({**document, "summary": UNREVIEWED}) != fingerprint


def test_the_reviewer_race_unreviewed_text_never_goes_live(api_client, author, reviewer, publisher):
    """The reviewer opens version N; the author withdraws, adds a sentence, resubmits; the reviewer's
    Approve, sent with version N, is refused and approves nothing."""
    article = complete_article(children=1, summary="Vitamin D helps bones.")
    article_transition("submit", article=article, user=author)
    article.refresh_from_db()
    seen_by_reviewer = article.version

    article_transition("withdraw", article=article, user=author)
    article.refresh_from_db()
    article_update(
        article=article, edit=ArticleEdit(fields={"summary": UNREVIEWED}), user=author, expected_version=article.version
    )
    article_transition("submit", article=article, user=author)

    with pytest.raises(StaleVersion):
        article_transition(
            "approve", article=article, shown_document=shown(article), user=reviewer, expected_version=seen_by_reviewer
        )
    article.refresh_from_db()
    assert article.status == ArticleStatus.IN_REVIEW
    assert not Approval.objects.filter(article=article).exists()
    with pytest.raises(StateConflict):
        article_transition("publish", article=article, user=publisher)
    assert api_client.get(f"/api/v1/articles/{article.slug}/").status_code == 404
    # Positive control: approving the version on the reviewer's screen after a reload works.
    article_transition(
        "approve", article=article, shown_document=shown(article), user=reviewer, expected_version=article.version
    )
    assert Approval.objects.get(article=article).document["summary"] == UNREVIEWED


def test_a_shared_reference_swapped_after_approval_does_not_go_live(api_client, author, publisher):
    article = approved_article()
    approval = approval_of_current_version(article)
    reference = article.citations.get().reference
    original_title = reference.title
    assert references_changed_since(approval) == []

    reference_update(
        reference=reference,
        fields={"title": "Miracle cure blog post", "container": "Sponsored", "url": "https://miracle.example.com/"},
        expected_version=reference.version,
    )
    article.refresh_from_db()
    assert article.status == ArticleStatus.APPROVED  # the article itself was not edited
    assert references_changed_since(approval) == [1]
    article_transition("publish", article=article, user=publisher)

    published = Publication.objects.get(article=article)
    assert content(published.document) == content(approval.document)  # byte for byte
    assert published.approval == approval
    served = live_document(api_client, article)
    assert served["references"][0]["title"] == original_title
    assert "miracle" not in json.dumps(served).lower()
    listed = api_client.get("/api/v1/references/", {"article": article.slug}).json()["results"]
    assert [item["title"] for item in listed] == [original_title]


def test_a_new_review_puts_the_changed_reference_live(api_client, author, publisher):
    article = approved_article()
    reference = article.citations.get().reference
    reference_update(reference=reference, fields={"title": "A corrected title"}, expected_version=reference.version)
    article_transition("publish", article=article, user=publisher)

    approve(article)  # the published article goes back to review, and is approved again
    article_transition("publish", article=article, user=publisher)

    assert live_document(api_client, article)["references"][0]["title"] == "A corrected title"


def test_another_article_citing_the_same_reference_keeps_its_approved_text(api_client, publisher):
    first = approved_article(slug="first")
    shared = first.citations.get().reference
    second = complete_article(children=0, slug="second")
    second.citations.create(reference=shared, number=1)
    approve(second)
    article_transition("publish", article=first, user=publisher)

    reference_update(reference=shared, fields={"title": "Swapped"}, expected_version=shared.version)
    article_transition("publish", article=second, user=publisher)

    assert live_document(api_client, first)["references"][0]["title"] != "Swapped"
    assert live_document(api_client, second)["references"][0]["title"] == shared.title


def test_a_contributor_edited_after_approval_is_published_as_approved(api_client, publisher):
    author = ContributorFactory(name="Jo Writer", credentials="RD")
    article = complete_article(children=1)
    article.authors.set([author])
    approve(article)

    author.credentials = "PhD (unverified)"
    author.save()
    article_transition("publish", article=article, user=publisher)

    assert live_document(api_client, article)["authors"] == [
        {"slug": author.slug, "name": "Jo Writer", "credentials": "RD"}
    ]


def test_publishing_without_an_approval_of_this_version_is_refused(publisher):
    article = complete_article(children=1)
    Article.objects.filter(pk=article.pk).update(status=ArticleStatus.APPROVED)  # no approval behind it

    with pytest.raises(StateConflict, match="no medical approval"):
        article_transition("publish", article=article, user=publisher)
    assert not Publication.objects.exists()


def test_an_edit_after_approval_voids_it(publisher, author):
    article = approved_article()
    article_transition("withdraw", article=article, user=author)
    article.refresh_from_db()
    article_update(
        article=article, edit=ArticleEdit(fields={"summary": UNREVIEWED}), user=author, expected_version=article.version
    )
    article.refresh_from_db()

    assert approval_of_current_version(article) is None
    Article.objects.filter(pk=article.pk).update(status=ArticleStatus.APPROVED)  # even if the status said so
    with pytest.raises(StateConflict):
        article_transition("publish", article=article, user=publisher)


def test_approving_refuses_markers_that_point_nowhere(author, reviewer):
    article = complete_article(children=1, intro="Unsupported [7].")
    article_transition("submit", article=article, user=author)

    with pytest.raises(ValidationError, match=r"\[7\] points at citation 7"):
        article_transition("approve", article=article, shown_document=shown(article), user=reviewer)
    assert not Approval.objects.exists()


def test_rolling_back_an_archived_article_is_refused(api_client, publisher):
    article = complete_article(children=1)
    first = publish_reviewed(article)
    article_transition("archive", article=article, user=publisher)

    with pytest.raises(StateConflict, match="archived"):
        article_rollback(article=article, publication=first, user=publisher)
    assert api_client.get(f"/api/v1/articles/{article.slug}/").status_code == 404
    assert Article.objects.get(pk=article.pk).status == ArticleStatus.ARCHIVED
    # Positive control: returned to draft, the same rollback puts it live again.
    article_transition("unarchive", article=article, user=publisher)
    article_rollback(article=article, publication=first, user=publisher)
    assert api_client.get(f"/api/v1/articles/{article.slug}/").status_code == 200


def test_a_version_that_was_never_live_cannot_be_rolled_back_to(publisher):
    article = approved_article()
    article_transition(
        "publish", article=article, user=publisher, live_from=timezone.now() + datetime.timedelta(days=1)
    )
    scheduled = Publication.objects.get(article=article)

    with pytest.raises(StateConflict, match="never live"):
        article_rollback(article=article, publication=scheduled, user=publisher)
    assert Publication.objects.filter(article=article).count() == 1


def test_a_new_approval_of_a_published_article_leaves_the_publication_times_blank(published_article, author):
    assert Article.objects.get(pk=published_article.pk).published_at is not None
    approval = approve(published_article)
    assert {name: approval.document[name] for name in PUBLICATION_FIELDS} == {"published_at": None, "updated_at": None}
