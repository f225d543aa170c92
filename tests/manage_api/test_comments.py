"""Review comments in the management API: list, add, reply, resolve, reopen; roles; 4xx naming the field; queries."""

import pytest

from publishing.models import ReviewComment
from publishing.services.editorial_steps import article_transition
from tests.helpers.factories import UserFactory, complete_article
from tests.helpers.manage_api import token_client
from tests.helpers.people import user_in_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(author):
    article = complete_article(
        children=2, slug="zinc-healing", summary="Zinc helps skin repair itself. Eat a varied diet."
    )
    article_transition("submit", article=article, user=author)
    article.refresh_from_db()
    return article


def url(article, tail=""):
    return f"/api/v1/manage/articles/{article.slug}/comments/{tail}"


def test_a_reviewer_comments_on_a_passage_and_everyone_on_the_article_reads_it(article, reviewer, author):
    section = article.sections.order_by("position")[1]
    sent = {"anchor": f"sections[{section.pk}].body", "quote": section.body[:12], "body": "Which study says so?"}
    response = token_client(reviewer).post(url(article), sent, format="json")
    assert response.status_code == 201, response.json()
    made = response.json()
    assert made | sent == made
    assert (made["field_label"], made["version"], made["author"], made["resolved"]) == (
        "Section 2: Body", article.version, "reviewer", False,
    )  # fmt: skip
    listed = token_client(author).get(url(article))
    assert listed.status_code == 200 and listed.headers["ETag"]
    assert listed.json() == {"open": 1, "results": [made]}


@pytest.mark.parametrize(
    ("sent", "field"),
    [
        ({"anchor": "status", "body": "x"}, "anchor"),
        ({"anchor": "sections[999999].body", "body": "x"}, "anchor"),
        ({"anchor": "summary", "quote": "calcium", "body": "x"}, "quote"),
        ({"anchor": "summary", "body": ""}, "body"),
        ({"anchor": "summary", "body": "x" * 5001}, "body"),
        ({"anchor": "summary"}, "body"),
        ({"anchor": "summary", "body": "x", "resolved": True}, "resolved"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(article, reviewer, sent, field):
    response = token_client(reviewer).post(url(article), sent, format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert not ReviewComment.objects.exists()


def test_an_author_replies_and_resolves_a_reviewer_reopens(article, reviewer, author):
    made = token_client(reviewer).post(url(article), {"anchor": "title", "body": "Shorter?"}, format="json").json()
    replied = token_client(author).post(url(article, f"{made['id']}/replies/"), {"body": "Done."}, format="json")
    assert replied.status_code == 201
    assert [(reply["author"], reply["body"]) for reply in replied.json()["replies"]] == [("author", "Done.")]
    resolved = token_client(author).post(url(article, f"{made['id']}/resolve/"))
    assert resolved.status_code == 200
    assert (resolved.json()["resolved"], resolved.json()["resolved_by"]) == (True, "author")
    assert token_client(author).post(url(article, f"{made['id']}/resolve/")).status_code == 409
    assert token_client(reviewer).get(url(article)).json()["open"] == 0
    reopened = token_client(reviewer).post(url(article, f"{made['id']}/reopen/"))
    assert reopened.status_code == 200 and reopened.json()["resolved"] is False


def test_roles(article, reviewer, author):
    assert (
        token_client(author).post(url(article), {"anchor": "title", "body": "Mine"}, format="json").status_code == 403
    )
    made = token_client(reviewer).post(url(article), {"anchor": "title", "body": "Shorter?"}, format="json").json()
    colleague = user_in_role("colleague", "Author")  # an author, not of this article
    assert token_client(colleague).post(url(article, f"{made['id']}/resolve/")).status_code == 403
    reply = token_client(colleague).post(url(article, f"{made['id']}/replies/"), {"body": "Me too"}, format="json")
    assert reply.status_code == 403
    assert token_client(UserFactory(username="nobody")).get(url(article)).status_code == 403


def test_a_comment_of_another_article_is_a_404(article, reviewer):
    other = complete_article(children=1, slug="other")
    made = token_client(reviewer).post(url(article), {"anchor": "title", "body": "Shorter?"}, format="json").json()
    assert token_client(reviewer).post(url(other, f"{made['id']}/resolve/")).status_code == 404
    assert token_client(reviewer).post(url(article, "999999/resolve/")).status_code == 404


# The token (2), the permissions (2), the throttle's counts (4), the article with its rows and people (8: the rows give
# the field labels their place), the comments and their replies (2), and the transaction's savepoints.
LIST_QUERIES = 20


def test_the_list_costs_the_same_queries_whatever_the_number_of_comments(
    article, reviewer, author, django_assert_num_queries
):
    client = token_client(author)
    reviewing = token_client(reviewer)

    def add(n):
        for i in range(n):
            made = reviewing.post(url(article), {"anchor": "summary", "body": f"Point {i}"}, format="json").json()
            client.post(url(article, f"{made['id']}/replies/"), {"body": "Done."}, format="json")
            client.post(url(article, f"{made['id']}/resolve/"))

    add(1)
    client.get(url(article))  # warm what is read once per process (the site settings)
    with django_assert_num_queries(LIST_QUERIES):
        assert len(client.get(url(article)).json()["results"]) == 1
    add(4)
    with django_assert_num_queries(LIST_QUERIES):
        assert len(client.get(url(article)).json()["results"]) == 5
