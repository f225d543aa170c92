"""An approval binds to the document the reviewer's page showed, shared records included: a cited reference, an
author (name or bio), a topic, the site's default disclaimer or its citation style edited while the reviewer reads
makes Approve stale, in the admin and in the management API, saying what changed and by whom; re-read, it approves
and freezes the new text (the positive control of each case)."""

import html

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from articles.models import Article, ArticleStatus
from core.exceptions import StaleDocument
from core.models import SiteSettings
from core.versioning import record_update
from publishing.models import Approval, ShownDocument
from publishing.selectors import approval_of_current_version
from publishing.services.editorial_steps import article_transition
from references.models import Reference, RetractionNotice
from tests.helpers.factories import complete_article
from tests.helpers.manage_api import token_client
from tests.helpers.people import reviewer_user, user_in_role
from tests.helpers.publishing import shown, shown_on_page

pytestmark = pytest.mark.django_db

URL = "/api/v1/manage/articles/"


@pytest.fixture
def editor():
    """Authors may edit any reference, person and topic; the site settings are an administrator's (same service)."""
    return user_in_role("other-editor", "Author")


@pytest.fixture
def in_review() -> Article:
    article = complete_article(children=1, disclaimer="")
    article_transition("submit", article=article, user=user_in_role("writer", "Author"))
    return Article.objects.get(pk=article.pk)


def _edit(record, editor, **fields):
    record_update(record=record, fields=fields, expected_version=record.version, user=editor)


# Each shared input of the approved document: how it is changed, what the refusal says, and what the approval
# freezes once the reviewer has read it again.
VARIANTS = {
    "reference title": (
        lambda article, editor: _edit(article.citations.get().reference, editor, title="A title nobody reviewed"),
        "Reference [1] “A title nobody reviewed” was edited by other-editor at",
        lambda document: document["references"][0]["title"] == "A title nobody reviewed",
    ),
    "author name": (
        lambda article, editor: _edit(article.authors.order_by("pk").first(), editor, name="Renamed Author"),
        "Contributor “Renamed Author” was edited by other-editor at",
        lambda document: "Renamed Author" in [person["name"] for person in document["authors"]],
    ),
    "author bio": (
        lambda article, editor: _edit(article.authors.order_by("pk").first(), editor, bio="Claims nobody checked."),
        "was edited by other-editor at",
        lambda document: True,  # the bio is in /contributors/, frozen with the approval's records (asserted below)
    ),
    "topic name": (
        lambda article, editor: _edit(article.topics.order_by("pk").first(), editor, name="Renamed topic"),
        "Topic “Renamed topic” was edited by other-editor at",
        lambda document: "Renamed topic" in [topic["name"] for topic in document["topics"]],
    ),
    "default disclaimer": (
        lambda article, editor: _edit(SiteSettings.load(), editor, default_disclaimer="A disclaimer nobody read."),
        "The site's default disclaimer was edited by other-editor at",
        lambda document: document["disclaimer"] == "A disclaimer nobody read.",
    ),
    "citation style": (
        lambda article, editor: _edit(SiteSettings.load(), editor, citation_style="vancouver"),
        "The site's citation style was edited by other-editor at",
        lambda document: document["references"][0]["citation"].startswith("Office of Dietary Supplements."),
    ),
}


def _frozen_as_read_again(article: Article, variant: str) -> None:
    approval = approval_of_current_version(Article.objects.get(pk=article.pk))
    assert approval is not None
    assert VARIANTS[variant][2](approval.document)
    if variant == "author bio":
        bios = [person["bio"] for person in approval.records["contributor"]]
        assert "Claims nobody checked." in bios


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_shared_record_edited_while_the_reviewer_reads_makes_the_admin_approve_stale(
    client, in_review, editor, variant
):
    reviewer = reviewer_user()
    client.force_login(reviewer)
    read = shown_on_page(client, in_review)
    change, said, _frozen = VARIANTS[variant]
    change(in_review, editor)
    url = reverse("admin:articles_article_transition", args=[in_review.pk, "approve"])

    response = client.post(url, {"shown_version": in_review.version, "shown_document": read})

    message = html.unescape(" ".join(str(message) for message in get_messages(response.wsgi_request)))
    assert said in message and "after you opened the article" in message, message
    assert "Reload the page and read it again before you approve." in message
    assert f"/changes-since-shown/{read}/" in message
    assert Article.objects.get(pk=in_review.pk).status == ArticleStatus.IN_REVIEW
    assert not Approval.objects.filter(article=in_review).exists()
    # The page the link opens shows what changed.
    page = client.get(reverse("admin:articles_article_since_shown", args=[in_review.pk, read]))
    assert page.status_code == 200 and said.split(" was edited")[0] in html.unescape(page.content.decode())
    # Positive control: read again, the same click approves, and freezes what the page now shows.
    client.post(url, {"shown_version": in_review.version, "shown_document": shown_on_page(client, in_review)})
    assert Article.objects.get(pk=in_review.pk).status == ArticleStatus.APPROVED
    _frozen_as_read_again(in_review, variant)


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_shared_record_edited_while_the_reviewer_reads_makes_the_api_approve_a_412(in_review, editor, variant):
    api = token_client(reviewer_user())
    read = api.get(f"{URL}{in_review.slug}/")
    change, said, _frozen = VARIANTS[variant]
    change(in_review, editor)
    step = {"action": "approve", "document_fingerprint": read.headers["Document-Fingerprint"]}

    refused = api.post(f"{URL}{in_review.slug}/transitions/", step, format="json", HTTP_IF_MATCH=read.headers["ETag"])

    assert refused.status_code == 412, refused.json()
    body = refused.json()
    assert any(said in change for change in body["changes"]), body
    assert body["current_document_fingerprint"] != step["document_fingerprint"]
    assert not Approval.objects.filter(article=in_review).exists()
    # Positive control: read again, approved.
    again = api.get(f"{URL}{in_review.slug}/")
    assert again.headers["Document-Fingerprint"] == body["current_document_fingerprint"]
    step["document_fingerprint"] = again.headers["Document-Fingerprint"]
    approved = api.post(f"{URL}{in_review.slug}/transitions/", step, format="json", HTTP_IF_MATCH=again.headers["ETag"])
    assert approved.status_code == 200, approved.json()
    _frozen_as_read_again(in_review, variant)


def test_an_api_approve_without_the_document_it_read_is_refused_naming_the_field(in_review):
    api = token_client(reviewer_user())
    read = api.get(f"{URL}{in_review.slug}/")

    refused = api.post(
        f"{URL}{in_review.slug}/transitions/", {"action": "approve"}, format="json", HTTP_IF_MATCH=read.headers["ETag"]
    )

    assert refused.status_code == 400
    assert "Document-Fingerprint" in refused.json()["document_fingerprint"][0]
    assert Article.objects.get(pk=in_review.pk).status == ArticleStatus.IN_REVIEW


def test_the_admin_page_the_preview_and_the_api_read_carry_the_same_fingerprint(client, api_client, in_review):
    reviewer = reviewer_user()
    client.force_login(reviewer)
    preview = token_client(reviewer).post(f"{URL}{in_review.slug}/preview-token/").json()

    fingerprints = {
        shown_on_page(client, in_review),
        token_client(reviewer).get(f"{URL}{in_review.slug}/").headers["Document-Fingerprint"],
        api_client.get(preview["api_url"]).headers["Document-Fingerprint"],
        api_client.get(preview["url"]).headers["Document-Fingerprint"],
        shown(in_review),
    }

    assert len(fingerprints) == 1 and len(fingerprints.pop()) == 64


def test_a_fingerprint_the_server_never_gave_is_stale_and_says_so(in_review):
    with pytest.raises(Exception, match="showed a document this server did not render for it"):
        article_transition("approve", article=in_review, user=reviewer_user(), shown_document="0" * 64)
    assert not Approval.objects.filter(article=in_review).exists()


def test_the_approving_reviewer_and_the_dates_are_not_part_of_what_the_page_shows(in_review):
    """The approval sets the reviewer and the review's dates; a page read before cannot show them, so a fingerprint
    read by one reviewer holds for another's approval (the positive control of every case above)."""
    read_by_another = shown(in_review)
    reviewer_user("second-reviewer", "Dr Second")  # someone else approves with the page the first one read
    article_transition(
        "approve", article=in_review, user=reviewer_user("second-reviewer"), shown_document=read_by_another
    )
    assert Article.objects.get(pk=in_review.pk).status == ArticleStatus.APPROVED


def test_an_approval_forgets_the_documents_shown_for_that_article_only(in_review):
    read = shown(in_review)
    other = complete_article(children=1, slug="another-in-review")
    other_read = shown(other)
    assert ShownDocument.objects.filter(article=in_review).exists()

    article_transition("approve", article=in_review, user=reviewer_user(), shown_document=read)

    assert not ShownDocument.objects.filter(article=in_review).exists()
    assert ShownDocument.objects.filter(fingerprint=other_read).exists()  # another article's are kept


def test_a_retraction_notice_arriving_while_the_reviewer_reads_is_named_as_such(in_review):
    reference = in_review.citations.get().reference
    Reference.objects.filter(pk=reference.pk).update(doi="10.1000/retracted-meanwhile")
    read = shown(in_review)
    RetractionNotice.objects.create(record_id=7, nature="retraction", original_doi="10.1000/retracted-meanwhile")

    with pytest.raises(StaleDocument) as refused:
        article_transition("approve", article=in_review, user=reviewer_user(), shown_document=read)

    assert refused.value.changes == [f"The retraction notices of reference [1] “{reference.title}” changed"]
