"""Review comments: anchored to a field of the content model, quoting its text; who may add, reply, resolve, reopen."""

import pytest
from django.core.exceptions import ValidationError

from articles.models import ArticleStatus
from core.exceptions import RoleError, StateConflict
from publishing.comment_anchors import anchor_choices, anchor_label, anchor_parse, row_positions
from publishing.models import ReviewComment
from publishing.selectors import open_review_comments, review_comments
from publishing.services.comments import (
    review_comment_add,
    review_comment_reopen,
    review_comment_reply,
    review_comment_resolve,
)
from publishing.services.editorial_steps import article_transition
from tests.helpers.factories import UserFactory, complete_article
from tests.helpers.people import user_in_role
from tests.helpers.publishing import shown

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(author):
    article = complete_article(children=2, summary="Low vitamin D can cause muscle twitching. See a doctor.")
    article_transition("submit", article=article, user=author)
    article.refresh_from_db()
    return article


def test_a_reviewer_comments_on_a_passage_of_a_field_at_its_version(article, reviewer):
    comment = review_comment_add(
        article=article, user=reviewer, anchor="summary", quote="muscle twitching", body="Say how often."
    )
    assert (comment.anchor, comment.quote, comment.version, comment.author) == (
        "summary", "muscle twitching", article.version, reviewer,
    )  # fmt: skip
    assert not comment.resolved


def test_a_quote_not_in_the_field_is_refused_naming_quote(article, reviewer):
    with pytest.raises(ValidationError) as refused:
        review_comment_add(article=article, user=reviewer, anchor="summary", quote="calcium", body="Why?")
    assert list(refused.value.message_dict) == ["quote"]
    assert not ReviewComment.objects.exists()


def test_a_quote_matches_whatever_whitespace_the_page_showed_and_keeps_the_texts_own(article, reviewer):
    article.summary = "Low vitamin D can cause  muscle\r\ntwitching. See a doctor."
    article.save()
    comment = review_comment_add(article=article, user=reviewer, anchor="summary", quote=" muscle twitching", body="?")
    assert comment.quote == "muscle\r\ntwitching"  # the field's own passage
    with pytest.raises(ValidationError):  # the words must be the text's, in order
        review_comment_add(article=article, user=reviewer, anchor="summary", quote="twitching muscle", body="?")


def test_a_quote_of_a_rows_text_is_found_in_that_row(article, reviewer):
    section = article.sections.first()
    passage = section.body[3:20]
    comment = review_comment_add(
        article=article, user=reviewer, anchor=f"sections[{section.pk}].body", quote=passage, body="Source?"
    )
    assert comment.anchor == f"sections[{section.pk}].body"
    other = complete_article(children=1).sections.first()
    with pytest.raises(ValidationError) as refused:  # a row of another article
        review_comment_add(article=article, user=reviewer, anchor=f"sections[{other.pk}].body", body="Source?")
    assert list(refused.value.message_dict) == ["anchor"]


def test_without_a_quote_the_comment_is_on_the_whole_field(article, reviewer):
    faq = article.faqs.first()
    comment = review_comment_add(article=article, user=reviewer, anchor=f"faqs[{faq.pk}].answer", body="Too long.")
    assert comment.quote == ""


@pytest.mark.parametrize(
    "anchor",
    ["", "nonsense", "status", "authors", "medical_reviewer", "sections[1].position", "citations[1].reference",
     "secret[1].body", "sections[x].body", "summary.text", "sections[1]"],
)  # fmt: skip
def test_anchors_are_the_text_fields_the_content_model_declares(article, reviewer, anchor):
    with pytest.raises(ValidationError) as refused:
        review_comment_add(article=article, user=reviewer, anchor=anchor, body="Hm.")
    assert list(refused.value.message_dict) == ["anchor"]


def test_every_declared_text_field_is_offered_and_accepted(article, reviewer):
    article.refresh_from_db()
    anchors = [anchor for anchor, _label in anchor_choices(article)]
    assert "title" in anchors and "summary" in anchors
    assert f"key_points[{article.key_points.first().pk}].text" in anchors
    for anchor in anchors:
        assert str(anchor_parse(anchor)) == anchor
    assert anchor_label("summary") == "Quick summary"
    second = list(article.sections.all())[1]
    assert anchor_label(f"sections[{second.pk}].body", row_positions(article)) == "Section 2: Body"


def test_empty_and_too_long_bodies_are_refused_naming_body(article, reviewer):
    for body in ["  ", "x" * 5001]:
        with pytest.raises(ValidationError) as refused:
            review_comment_add(article=article, user=reviewer, anchor="summary", body=body)
        assert list(refused.value.message_dict) == ["body"]


def test_authors_and_other_staff_do_not_add_comments(article, author):
    for user in [author, UserFactory(username="intern")]:
        with pytest.raises(RoleError):
            review_comment_add(article=article, user=user, anchor="summary", body="Looks fine to me.")


def test_the_author_replies_and_resolves_a_reviewer_reopens(article, reviewer, author):
    comment = review_comment_add(article=article, user=reviewer, anchor="title", body="Shorter?")
    review_comment_reply(comment=comment, user=author, body="Shortened in the next round.")
    review_comment_reply(comment=comment, user=reviewer, body="Thanks.")
    assert review_comment_resolve(comment=comment, user=author).resolved_by == author
    with pytest.raises(StateConflict):
        review_comment_resolve(comment=comment, user=reviewer)
    assert open_review_comments(article) == []
    assert review_comment_reopen(comment=comment, user=reviewer).resolved_at is None
    with pytest.raises(StateConflict):
        review_comment_reopen(comment=comment, user=reviewer)
    assert open_review_comments(article) == [comment]


def test_someone_who_is_neither_author_nor_reviewer_cannot_answer(article, reviewer):
    comment = review_comment_add(article=article, user=reviewer, anchor="title", body="Shorter?")
    colleague = user_in_role("colleague", "Author")  # an author, but not of this article
    for user in [colleague, UserFactory(username="intern")]:
        for step in [
            lambda user=user: review_comment_reply(comment=comment, user=user, body="Me too."),
            lambda user=user: review_comment_resolve(comment=comment, user=user),
        ]:
            with pytest.raises(RoleError):
                step()


def test_an_archived_article_takes_no_comments(article, reviewer):
    article.status = ArticleStatus.ARCHIVED
    article.save()
    with pytest.raises(StateConflict):
        review_comment_add(article=article, user=reviewer, anchor="title", body="Shorter?")


def test_comments_with_replies_are_read_in_two_queries(article, reviewer, author, django_assert_num_queries):
    for n in range(3):
        comment = review_comment_add(article=article, user=reviewer, anchor="title", body=f"Point {n}")
        review_comment_reply(comment=comment, user=author, body="Done.")
        review_comment_resolve(comment=comment, user=author)
    with django_assert_num_queries(2):
        comments = review_comments(article)
        assert [len(comment.replies.all()) for comment in comments] == [1, 1, 1]
        assert {comment.resolved_by.username for comment in comments} == {author.username}


def test_comments_never_reach_the_public_document(article, reviewer, client):
    review_comment_add(article=article, user=reviewer, anchor="summary", quote="muscle twitching", body="ZQXJ-note")
    article_transition("approve", article=article, user=reviewer, shown_document=shown(article))
    article_transition("publish", article=article, user=user_in_role("pub", "Publisher"))
    response = client.get(f"/api/v1/articles/{article.slug}/")
    assert response.status_code == 200
    assert "muscle twitching" in response.content.decode()  # positive control: the quoted text is public
    assert "ZQXJ-note" not in response.content.decode()
    assert "comment" not in response.content.decode().lower()
