"""Review comments on the article page: the panel, adding (a field from the list, or a passage), replying, resolving,
reopening; the list before resubmitting; the comments of a round beside the comparison with it."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from publishing.models import ReviewComment
from publishing.services.comments import review_comment_add, review_comment_reply
from publishing.services.editorial_steps import article_transition
from tests.helpers.factories import complete_article
from tests.helpers.people import user_in_role
from tests.newsroom.test_article_comparisons import save, words

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(author):
    article = complete_article(children=2, summary="Low vitamin D can cause muscle twitching. See a doctor.")
    article_transition("submit", article=article, user=author)
    article.refresh_from_db()
    return article


def page(client, article) -> str:
    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert response.status_code == 200
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def add(client, article, **data):
    fields = {f"review_comment_{name}": value for name, value in data.items()}
    return client.post(reverse("admin:articles_article_comment_add", args=[article.pk]), fields)


def step(client, comment, name, **data):
    url = reverse("admin:articles_article_comment_step", args=[comment.article_id, comment.pk, name])
    return client.post(url, data)


def test_the_reviewer_comments_on_a_passage_from_the_review_page(client, reviewer, article):
    client.force_login(reviewer)
    html = page(client, article)
    assert 'id="review-comments"' in html and 'id="review-comment-on-selection"' in html
    section = article.sections.order_by("position")[1]
    assert f'<option value="sections[{section.pk}].body">Section 2: Body</option>' in html  # the fields offered

    response = add(client, article, anchor="summary", quote="muscle twitching", body="How often?")

    assert response.status_code == 302 and response["Location"].endswith(
        f"#review-comment-{ReviewComment.objects.get().pk}"
    )
    assert messages_of(response) == ["Your comment is added."]
    comment = ReviewComment.objects.get()
    assert (comment.anchor, comment.quote, comment.author, comment.version) == (
        "summary", "muscle twitching", reviewer, article.version,
    )  # fmt: skip
    html = page(client, article)
    shown = html[html.index(f'id="review-comment-{comment.pk}"') :]
    assert "Quick summary" in shown[:400] and "muscle twitching" in shown and "How often?" in shown
    assert '"summary": [' in html  # the open comment's field, for the marker beside its label


def test_a_whole_field_chosen_from_the_list_needs_no_quote(client, reviewer, article):
    client.force_login(reviewer)
    faq = article.faqs.first()
    response = add(client, article, anchor=f"faqs[{faq.pk}].answer", quote="", body="Too long.")
    assert messages_of(response) == ["Your comment is added."]
    assert "On the whole field." in page(client, article)


def test_a_quote_not_in_the_field_is_refused_with_a_message(client, reviewer, article):
    client.force_login(reviewer)
    response = add(client, article, anchor="summary", quote="calcium", body="Why?")
    assert response.status_code == 302 and response["Location"].endswith("#review-comments")
    assert "The quoted text is not in the field" in messages_of(response)[0]
    assert messages_of(response)[1] == "What you wrote, to copy: “Why?”"  # nothing typed is lost
    assert not ReviewComment.objects.exists()


def test_an_author_cannot_add_a_comment_but_replies_and_resolves(client, author, reviewer, article):
    comment = review_comment_add(article=article, user=reviewer, anchor="title", body="Shorter?")
    client.force_login(author)
    html = page(client, article)
    assert 'id="review-comment-new"' not in html and "Shorter?" in html
    assert add(client, article, anchor="title", body="Mine").status_code == 403

    step(client, comment, "reply", **{f"review_comment_reply_{comment.pk}": "Shortened."})
    response = step(client, comment, "resolve")

    assert messages_of(response) == ["Your reply is added.", "Comment resolved."]
    comment.refresh_from_db()
    assert comment.resolved_by == author and [reply.body for reply in comment.replies.all()] == ["Shortened."]
    assert "Shortened." in page(client, article) and "Reopen" in page(client, article)
    client.force_login(reviewer)
    assert messages_of(step(client, comment, "reopen")) == ["Comment reopened."]
    comment.refresh_from_db()
    assert comment.resolved_at is None


def test_a_colleague_who_is_not_an_author_of_the_article_cannot_answer(client, reviewer, article):
    comment = review_comment_add(article=article, user=reviewer, anchor="title", body="Shorter?")
    client.force_login(user_in_role("colleague", "Author"))
    assert 'name="review_comment_reply_' not in page(client, article)
    assert step(client, comment, "resolve").status_code == 403
    assert step(client, comment, "nonsense").status_code == 404


def test_unresolved_comments_are_listed_before_resubmitting(client, author, reviewer, article):
    comment = review_comment_add(article=article, user=reviewer, anchor="summary", quote="See a doctor.", body="Which?")
    review_comment_add(article=article, user=reviewer, anchor="title", body="Fine now.")
    resolved = ReviewComment.objects.get(body="Fine now.")
    from publishing.services.comments import review_comment_resolve

    review_comment_resolve(comment=resolved, user=reviewer)
    article_transition("request_changes", article=article, user=reviewer, comment="See my comments.")
    article.refresh_from_db()
    client.force_login(author)
    url = reverse("admin:articles_article_transition", args=[article.pk, "submit"])

    confirmation = client.post(url, {"shown_version": article.version, "transition_comment": "Done"})

    assert confirmation.status_code == 200
    said = words(confirmation)
    assert "Unresolved review comments" in said and "Which?" in said and "See a doctor." in said
    assert "Fine now." not in said  # resolved
    assert 'name="confirmed" value="yes"' in confirmation.content.decode()
    article.refresh_from_db()
    assert article.status == "draft"  # nothing submitted yet

    submitted = client.post(url, {"shown_version": article.version, "transition_comment": "Done", "confirmed": "yes"})
    assert submitted.status_code == 302
    article.refresh_from_db()
    assert article.status == "in_review"
    assert ReviewComment.objects.get(pk=comment.pk).resolved_at is None  # kept for the next round


def test_without_open_comments_submit_is_taken_at_once(client, author):
    article = complete_article(children=1)
    client.force_login(author)
    url = reverse("admin:articles_article_transition", args=[article.pk, "submit"])
    assert client.post(url, {"shown_version": article.version}).status_code == 302
    article.refresh_from_db()
    assert article.status == "in_review"


def test_a_rounds_comments_are_shown_beside_the_comparison_with_it(admin_client, client, reviewer, author):
    article = complete_article(children=1)
    save(admin_client, article, summary="Cramps at night are common.")
    article_transition("submit", article=article, user=author)
    article.refresh_from_db()
    first = review_comment_add(article=article, user=reviewer, anchor="summary", quote="common", body="How common?")
    review_comment_reply(comment=first, user=author, body="One in three.")
    article_transition("request_changes", article=article, user=reviewer, comment="See my comment.")
    article.refresh_from_db()
    save(admin_client, article, summary="Cramps at night are common: one adult in three has them.")
    article_transition("submit", article=article, user=author)
    article.refresh_from_db()
    later = review_comment_add(article=article, user=reviewer, anchor="title", body="A later point.")
    client.force_login(reviewer)

    said = words(client.get(reverse("admin:articles_article_since_review", args=[article.pk])))

    assert f"The reviewer's comments on version {first.version}" in said
    assert "How common?" in said and "One in three." in said and "A later point." not in said
    # Before any approval, the changes since the last approval compare with that round too, its comments beside.
    instead = words(client.get(reverse("admin:articles_article_since_approval", args=[article.pk])))
    assert "How common?" in instead and "A later point." not in instead
    html = page(client, article)
    assert f"on version {first.version}" in html and "an earlier version of the text" in html
    assert later.version == article.version


def test_comments_of_a_row_name_the_row_by_its_place(client, reviewer, article):
    section = article.sections.order_by("position")[1]
    review_comment_add(article=article, user=reviewer, anchor=f"sections[{section.pk}].body", body="Source?")
    client.force_login(reviewer)
    html = page(client, article)
    assert re.search(r'class="review-comment-field">Section 2: Body<', html)
    assert 'id="sections-1"' in html and f'value="{section.pk}"' in html  # what the marker script finds the row by


def test_the_history_lists_comments_with_their_replies_above_the_version_they_were_made_on(
    admin_client, client, reviewer, author
):
    article = complete_article(children=1)
    save(admin_client, article, summary="Cramps at night are common.")
    article_transition("submit", article=article, user=author)
    article.refresh_from_db()
    comment = review_comment_add(article=article, user=reviewer, anchor="summary", quote="common", body="How common?")
    review_comment_reply(comment=comment, user=author, body="One in three.")
    client.force_login(reviewer)

    response = client.get(reverse("admin:articles_article_history", args=[article.pk]))

    kinds = [
        "comment" if entry.comment else "version" if entry.version else entry.step.action
        for entry in response.context["entries"]
    ]
    assert kinds[:3] == ["comment", "submit", "version"]
    said = words(response)
    assert f"Commented on Quick summary (version {comment.version}) , “common”: How common?" in said
    assert "One in three." in said


def test_what_a_comment_says_is_shown_as_text(client, reviewer, article):
    client.force_login(reviewer)
    add(client, article, anchor="title", body='<script>alert("x")</script><b>bold</b>')
    html = page(client, article)
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in html
    assert '<script>alert("x")</script>' not in html
