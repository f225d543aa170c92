"""Comparisons in the admin: versions, the changes since the last approval, publications opened and compared,
and the history's review steps."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.versions import article_versions
from core.moments import moment_text
from publishing.models import Publication
from publishing.services.editorial_steps import article_transition
from tests.helpers.admin_forms import article_change_data, existing_rows, inline_rows
from tests.helpers.factories import ArticleFactory, CitationFactory, KeyPointFactory, UserFactory, complete_article
from tests.helpers.people import user_in_role
from tests.helpers.publishing import approve, publish_reviewed
from tests.newsroom.test_article_page import CHANGE_PAGE_QUERIES

pytestmark = pytest.mark.django_db


def save(client, article, **overrides):
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]), article_change_data(article, **overrides)
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    article.refresh_from_db()


def reordered(article, positions: list[int], **texts) -> dict:
    """The article's key points posted in new positions (`positions[i]` for the i-th), some texts changed
    (`texts`: title → new text)."""
    rows = existing_rows(article.key_points.all(), ["title", "text"])
    for row, position in zip(rows, positions, strict=False):
        row["position"] = str(position)
    for row in rows:
        row["text"] = texts.get(row["title"], row["text"])
    return inline_rows("key_points", rows, initial=len(rows))


def words(response) -> str:
    """The page's text, tags removed and spaces collapsed."""
    assert response.status_code == 200
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def changes(response) -> str:
    """The comparison's HTML alone (the page's title and breadcrumbs name the article as it is now)."""
    html = response.content.decode()
    assert response.status_code == 200 and 'id="version-changes"' in html
    return html[html.index('id="version-changes"') :]


def since_approval(client, article):
    return client.get(reverse("admin:articles_article_since_approval", args=[article.pk]))


def approved_then_edited(client, children=2):
    """An article saved (so a version is stored), approved, withdrawn and edited: its second key point dragged
    to the top with a new text, and its summary changed. Returns it and the approval."""
    article = complete_article(children=children)
    KeyPointFactory(article=article, title="Twitching", text="Low levels cause cramps.")
    save(client, article, summary="Vitamin D keeps calcium in the blood.")
    approval = approve(article)
    article_transition("withdraw", article=article, user=UserFactory(username="chief", is_superuser=True))
    article.refresh_from_db()
    last = article.key_points.count()
    save(
        client,
        article,
        summary="Vitamin D keeps calcium and magnesium in the blood.",
        **reordered(article, [*range(2, last + 1), 1], Twitching="Low levels cause twitching."),
    )
    return article, approval


# Versions.


def test_versions_compare_a_dragged_key_point_as_a_move_and_reordered_citations_as_one_renumbering(admin_client):
    article = ArticleFactory(intro="Calcium [1] and magnesium [2] matter.")
    CitationFactory(article=article, reference__title="Holick 2007")
    CitationFactory(article=article, reference__title="NIH fact sheet")
    for title in ("First", "Second", "Third"):
        KeyPointFactory(article=article, title=title)
    save(admin_client, article, summary="The first stored version.")
    citations = existing_rows(article.citations.all(), ["reference"], order_field="number")
    citations[0]["number"], citations[1]["number"] = "2", "1"
    save(admin_client, article, **inline_rows("citations", citations, initial=2), **reordered(article, [2, 3, 1]))
    assert article.intro == "Calcium [2] and magnesium [1] matter."  # the editing service rewrote the markers
    newer, older = article_versions(article)[:2]

    page = words(
        admin_client.get(
            reverse("admin:articles_article_compare", args=[article.pk]), {"from": older.pk, "to": newer.pk}
        )
    )

    assert "Citations renumbered: [1]→[2], [2]→[1]" in page
    assert "Third : Moved from 3rd to 1st" in page
    assert "Introduction" not in page  # the rewritten markers are no edit
    assert "First :" not in page and "Second :" not in page  # they kept their order around the move


# The changes since the last approval.


def test_the_changes_since_an_approval_of_an_older_version_are_shown_row_by_row(admin_client):
    article, approval = approved_then_edited(admin_client)
    assert approval.version < article.version  # the approval came from an older version

    response = since_approval(admin_client, article)

    page = words(response)
    assert f"; version {approval.version})" in page and f"version {article.version}, Draft" in page
    assert "Twitching : Edited, and moved from 3rd to 1st" in page
    html = response.content.decode()
    assert "Low levels cause <del>cramps</del><ins>twitching</ins>." in html
    assert "calcium <ins>and magnesium</ins> in the blood" in html
    assert "Compared by place" not in page  # the approved version is stored: its rows are known by id


def test_in_the_first_review_the_page_says_there_is_no_earlier_round(admin_client):
    article = complete_article(children=1)

    page = words(since_approval(admin_client, article))

    assert "This article has no medical approval yet, so this page compares what it can instead." in page
    assert "this is its first review, so there is no earlier round to compare with" in page
    assert approve(article) is not None  # positive control: once approved, the approval is what it compares with
    page = words(since_approval(admin_client, article))
    assert "no medical approval yet" not in page and "No difference: the two have the same content." in page


def sent_back_and_resubmitted(client, reviewer, author, children=1):
    """A first round sent back with a comment, the summary edited and resubmitted: the second round."""
    article = complete_article(children=children)
    save(client, article, summary="Cramps at night are common.")  # a stored version, as the admin saves one
    article_transition("submit", article=article, user=author)
    article_transition("request_changes", article=article, user=reviewer, comment="Say how common, with [1].")
    article.refresh_from_db()
    save(client, article, summary="Cramps at night are common: one adult in three has them [1].")
    article_transition("submit", article=article, user=author)
    article.refresh_from_db()
    return article


def test_from_the_first_resubmission_the_reviewer_sees_what_changed_since_they_sent_it_back(
    admin_client, client, reviewer, author
):
    article = sent_back_and_resubmitted(admin_client, reviewer, author)
    client.force_login(reviewer)
    link = reverse("admin:articles_article_since_review", args=[article.pk])
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert f'id="since-review-link" href="{link}"' in page

    response = client.get(link)
    html = changes(response)
    assert "common<ins>: one adult in three has them [1]</ins>." in html.replace("\n", "")
    said = words(response)
    assert f"From the version {reviewer.get_username()} read when they requested changes on" in said
    assert "Say how common, with [1]." in said
    assert f"version {article.version}, In medical review" in said
    # The approval panel, with no approval yet, compares the same instead of stopping there.
    instead = since_approval(client, article)
    assert "compares what it can instead" in words(instead)
    assert "common<ins>: one adult in three has them [1]</ins>." in changes(instead).replace("\n", "")


def test_the_author_of_a_sent_back_draft_has_the_same_comparison(admin_client, client, reviewer, author):
    article = complete_article(children=1)
    save(admin_client, article, summary="Cramps at night are common.")
    article_transition("submit", article=article, user=author)
    article_transition("request_changes", article=article, user=reviewer, comment="Say how common.")
    article.refresh_from_db()
    client.force_login(author)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert 'id="since-review-link"' in page
    assert "No difference: the two have the same content." in words(
        client.get(reverse("admin:articles_article_since_review", args=[article.pk]))
    )  # not edited yet


def test_a_first_review_offers_no_comparison_with_an_earlier_round(client, reviewer, author):
    article = complete_article(children=1)
    article_transition("submit", article=article, user=author)
    client.force_login(reviewer)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert 'id="since-review-link"' not in page
    assert "this is its first review" in words(
        client.get(reverse("admin:articles_article_since_review", args=[article.pk]))
    )


def test_the_reviewer_finds_the_link_beside_the_review_buttons(client, reviewer, author):
    article = complete_article(children=1)
    url = reverse("admin:articles_article_change", args=[article.pk])
    link = reverse("admin:articles_article_since_approval", args=[article.pk])
    client.force_login(author)
    assert link not in client.get(url).content.decode()  # a draft, for its author: no review buttons
    article_transition("submit", article=article, user=author)

    client.force_login(reviewer)
    first_round = client.get(url).content.decode()
    assert "Approve" in first_round and f'href="{link}"' not in first_round  # nothing approved yet to compare with

    approve(article)
    article_transition("withdraw", article=article, user=author)
    article_transition("submit", article=article, user=author)
    client.force_login(reviewer)
    page = client.get(url).content.decode()

    assert "Approve" in page and "Request changes" in page
    assert f'href="{link}"' in page
    assert "Changes since the last approval" in words(client.get(link))


# Sessions and permissions included. The approval side reads the approval, the stored version approved and its
# parts; the working copy side the article with its parts (one query per kind), the site's settings and the
# cited papers' notices. The history: its versions, steps and review comments (their replies, and the rows they name,
# only when there are some).
SINCE_APPROVAL_QUERIES = 15
HISTORY_QUERIES = 9


@pytest.mark.parametrize("children", [2, 20])
def test_the_changes_since_an_approval_and_the_history_cost_the_same_queries_whatever_the_rows(
    admin_client, django_assert_max_num_queries, children
):
    article, _approval = approved_then_edited(admin_client, children=children)

    with django_assert_max_num_queries(SINCE_APPROVAL_QUERIES):
        response = since_approval(admin_client, article)
    with django_assert_max_num_queries(HISTORY_QUERIES):
        history = admin_client.get(reverse("admin:articles_article_history", args=[article.pk]))

    assert "Twitching : Edited, and moved" in words(response)
    assert "Approved" in words(history)


# Publications.


@pytest.fixture
def republished(admin_client):
    """An article published, edited and published again: (article, first publication, second)."""
    article = complete_article(children=2, title="Vitamin D and cramps")
    save(admin_client, article, summary="The first stored version.")
    first = publish_reviewed(article)
    save(admin_client, article, title="Vitamin D and muscle cramps")
    second = publish_reviewed(article)
    return article, first, second


def test_the_article_page_tells_the_publications_apart_and_opens_each(admin_client, republished):
    article, first, second = republished

    page = admin_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()

    assert "Live now" in page and "Replaced by a later publication" in page
    for publication in (first, second):
        assert reverse("admin:articles_article_publication", args=[article.pk, publication.pk]) in page
        assert reverse("admin:articles_article_publication_compare", args=[article.pk, publication.pk]) in page


def test_a_publication_opens_read_only_as_it_was_published(admin_client, republished):
    article, first, second = republished
    save(admin_client, article, title="A working title nobody published")

    response = admin_client.get(reverse("admin:articles_article_publication", args=[article.pk, first.pk]))

    page = words(response)
    document = page[page.index("The document as published") :]
    assert "Vitamin D and cramps" in document and "A working title nobody published" not in document
    assert "Replaced by a later publication" in page
    compare_second = reverse("admin:articles_article_publication_compare", args=[article.pk, first.pk])
    assert f'href="{compare_second}?with={second.pk}"' in response.content.decode()
    content = response.content.decode().split('id="content-main"')[1]
    assert "<form" not in content and "<textarea" not in content and "<input" not in content  # read-only


def test_a_publication_compares_with_the_working_copy_and_with_another_publication(admin_client, republished):
    article, first, second = republished
    save(admin_client, article, title="Vitamin D and muscle cramps, explained")
    url = reverse("admin:articles_article_publication_compare", args=[article.pk, first.pk])

    with_working_copy = changes(admin_client.get(url))
    with_second = changes(admin_client.get(url, {"with": second.pk}))
    from_second = changes(
        admin_client.get(
            reverse("admin:articles_article_publication_compare", args=[article.pk, second.pk]), {"with": first.pk}
        )
    )

    assert "Vitamin D and <ins>muscle</ins> cramps<ins>, explained</ins>" in with_working_copy
    assert "Vitamin D and <ins>muscle</ins> cramps<" in with_second
    assert "explained" not in with_second
    assert from_second == with_second  # the older is "before", whichever was opened


def test_a_publications_stored_html_is_sanitized_again_before_the_admin_shows_it(admin_client, republished):
    article, first, _second = republished
    document = {**first.document, "intro_html": '<p>Hello<script>alert("x")</script><img src=x onerror="y"></p>'}
    Publication.objects.filter(pk=first.pk).update(document=document)

    page = admin_client.get(reverse("admin:articles_article_publication", args=[article.pk, first.pk]))

    html = page.content.decode()
    assert "<p>Hello" in html  # positive control: the stored HTML is shown as HTML
    assert "<script>alert" not in html and "onerror" not in html


# Sessions and permissions included: the publication and the list of the article's publications; to compare,
# the stored version each was approved from and its parts; the working copy as in SINCE_APPROVAL_QUERIES.
PUBLICATION_QUERIES = 5
PUBLICATIONS_COMPARED_QUERIES = 9
PUBLICATION_AND_WORKING_COPY_QUERIES = 15


@pytest.mark.parametrize("children", [2, 20])
def test_publication_pages_cost_the_same_queries_whatever_the_rows(
    admin_client, django_assert_max_num_queries, children
):
    article = complete_article(children=children)
    save(admin_client, article, summary="The first stored version.")
    first = publish_reviewed(article)
    save(admin_client, article, **reordered(article, [2, 1]))
    second = publish_reviewed(article)
    opened = reverse("admin:articles_article_publication", args=[article.pk, first.pk])
    compared = reverse("admin:articles_article_publication_compare", args=[article.pk, first.pk])

    with django_assert_max_num_queries(PUBLICATION_QUERIES):
        assert admin_client.get(opened).status_code == 200
    with django_assert_max_num_queries(PUBLICATIONS_COMPARED_QUERIES):
        assert "Moved from 2nd to 1st" in words(admin_client.get(compared, {"with": second.pk}))
    with django_assert_max_num_queries(PUBLICATION_AND_WORKING_COPY_QUERIES):
        assert "Moved from 2nd to 1st" in words(admin_client.get(compared))


def test_a_publication_of_another_article_or_a_bad_id_is_a_404(admin_client, republished):
    article, first, second = republished
    other = complete_article(children=1)
    compare = reverse("admin:articles_article_publication_compare", args=[article.pk, first.pk])

    assert admin_client.get(compare, {"with": second.pk}).status_code == 200  # positive control
    assert admin_client.get(reverse("admin:articles_article_publication", args=[other.pk, first.pk])).status_code == 404
    assert admin_client.get(compare, {"with": "abc"}).status_code == 404
    assert admin_client.get(compare, {"with": 999999}).status_code == 404
    assert admin_client.get(compare, {"with": "²"}).status_code == 404  # a digit to str.isdigit, not to int()
    assert admin_client.get(compare, {"with": "9" * 5000}).status_code == 404  # past int()'s digit limit
    versions = reverse("admin:articles_article_compare", args=[article.pk])
    assert admin_client.get(versions, {"from": "²", "to": "1"}).status_code == 404


# Who may see them.


def test_someone_without_view_permission_sees_none_of_the_comparisons(client, republished):
    article, first, _second = republished
    urls = [
        reverse("admin:articles_article_since_approval", args=[article.pk]),
        reverse("admin:articles_article_publication", args=[article.pk, first.pk]),
        reverse("admin:articles_article_publication_compare", args=[article.pk, first.pk]),
        reverse("admin:articles_article_history", args=[article.pk]),
    ]
    client.force_login(user_in_role("an-author", "Author"))
    assert [client.get(url).status_code for url in urls] == [200, 200, 200, 200]  # positive control

    client.force_login(UserFactory(username="staff-without-permissions"))

    assert [client.get(url).status_code for url in urls] == [404, 404, 404, 404]


# The history: review steps beside the versions.


def test_the_history_marks_submissions_requests_approvals_and_publications_in_words(admin_client, author, reviewer):
    article = complete_article(children=1)
    save(admin_client, article, summary="Ready for review.")
    article_transition("submit", article=article, user=author)
    article_transition("request_changes", article=article, user=reviewer, comment="Add the dosing table.")
    article.refresh_from_db()
    save(admin_client, article, summary="Ready for review, with the dosing table.")
    approve(article, reviewer=reviewer)
    article_transition("publish", article=article, user=user_in_role("the-publisher", "Publisher"))

    response = admin_client.get(reverse("admin:articles_article_history", args=[article.pk]))

    page = words(response)
    steps = [entry.step.done for entry in response.context["entries"] if entry.step]
    assert steps  # there are steps to look at
    assert steps[:5] == [
        "Published",
        "Approved",
        "Submitted for medical review",
        "Changes requested",
        "Submitted for medical review",
    ]
    assert "Changes requested : “Add the dosing table.”" in page
    assert "request_changes" not in response.content.decode()
    kinds = ["version" if entry.version else entry.step.action for entry in response.context["entries"]]
    # Newest first: each step above the version it was taken on.
    assert kinds[:7] == ["publish", "approve", "submit", "version", "request_changes", "submit", "version"]


def test_the_history_tells_a_scheduled_publication_from_a_go_live(admin_client, reviewer):
    article = complete_article(children=1)
    approve(article, reviewer=reviewer)
    go_live = timezone.now() + datetime.timedelta(days=2)
    article_transition(
        "publish",
        article=article,
        user=user_in_role("the-publisher", "Publisher"),
        live_from=go_live,
        comment="Embargo.",
    )

    response = admin_client.get(reverse("admin:articles_article_history", args=[article.pk]))

    page = words(response)
    assert f"Scheduled to go live on {moment_text(go_live)} : “Embargo.”" in page
    assert "Published" not in page  # nothing of it is live yet


# Sessions and permissions included; the request for changes, the version read then, the latest version, the
# stored parts and names of both, and the review comments (of that round, shown beside it).
SINCE_REVIEW_QUERIES = 14


@pytest.mark.parametrize("children", [1, 12])
def test_the_second_round_costs_fixed_queries_on_the_page_and_its_comparison(
    admin_client, client, reviewer, author, django_assert_max_num_queries, children
):
    article = sent_back_and_resubmitted(admin_client, reviewer, author, children=children)
    client.force_login(reviewer)
    page = reverse("admin:articles_article_change", args=[article.pk])
    client.get(page)
    with django_assert_max_num_queries(CHANGE_PAGE_QUERIES):
        assert 'id="since-review-link"' in client.get(page).content.decode()
    with django_assert_max_num_queries(SINCE_REVIEW_QUERIES):
        response = client.get(reverse("admin:articles_article_since_review", args=[article.pk]))
    assert "one adult in three" in changes(response)
