"""Two editors, one article, over the admin's real forms: the second save, based on what was on the
page before the first, is refused with a plain message, nothing of the first is lost, and what the
second typed stays in the form."""

import pytest
from django.urls import reverse
from reversion.models import Version

from articles.models import Article
from articles.services.editing import article_delete
from articles.versions import article_versions
from tests.helpers.admin_forms import article_change_data, existing_rows, inline_rows
from tests.helpers.factories import ArticleFactory, CitationFactory, FAQFactory, SectionFactory, complete_article
from tests.helpers.people import editing_every_article, user_in_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def editors(client, django_user_model):
    from django.test import Client

    first, second = Client(), Client()
    # Two editors of one article (its authors, or editors of every article: here the latter).
    first.force_login(editing_every_article(user_in_role("alice", "Author")))
    second.force_login(editing_every_article(user_in_role("bob", "Author")))
    return first, second


def save(client, article, data):
    return client.post(reverse("admin:articles_article_change", args=[article.pk]), data)


def assert_refused_as_stale(response, saved_by: str = "alice"):
    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.non_field_errors())
    assert f"Not saved: {saved_by} saved this article at" in errors
    assert "after you opened it" in errors
    assert "See what changed" in response.content.decode()


def formset(response, prefix: str):
    return next(f.formset for f in response.context["inline_admin_formsets"] if f.formset.prefix == prefix)


def faq_rows(article, **changes):
    rows = existing_rows(article.faqs.all(), ["question", "answer"])
    rows[0].update(changes)
    return inline_rows("faqs", rows, initial=len(rows))


def test_both_change_the_summary(editors):
    alice, bob = editors
    article = complete_article(children=1)
    page_of_alice, page_of_bob = article_change_data(article), article_change_data(article)

    first = save(alice, article, {**page_of_alice, "summary": "Alice's summary."})
    second = save(bob, article, {**page_of_bob, "summary": "Bob's summary."})

    assert first.status_code == 302
    assert_refused_as_stale(second)
    assert second.context["adminform"].form["summary"].value() == "Bob's summary."
    article.refresh_from_db()
    assert article.summary == "Alice's summary."
    versions = article_versions(article)
    assert [version.revision.user.username for version in versions] == ["alice"]


def test_the_refusal_links_to_what_changed_since_the_page_was_opened(editors):
    alice, bob = editors
    article = complete_article(children=1)
    assert save(alice, article, {**article_change_data(article), "summary": "Saved once."}).status_code == 302
    page_of_bob = article_change_data(article)  # Bob opens version 2, which is stored
    assert save(alice, article, {**article_change_data(article), "summary": "Alice again."}).status_code == 302

    refused = save(bob, article, {**page_of_bob, "summary": "Bob's."})

    seen, newest = list(article_versions(article))[1], article_versions(article).first()
    link = reverse("admin:articles_article_compare", args=[article.pk]) + f"?from={seen.pk}&amp;to={newest.pk}"
    assert link in refused.content.decode()
    assert "<ins>Alice again.</ins>" in bob.get(link.replace("&amp;", "&")).content.decode()


def test_both_change_an_faq_answer(editors):
    alice, bob = editors
    article = complete_article(children=1)
    page_of_alice, page_of_bob = article_change_data(article), article_change_data(article)

    assert save(alice, article, {**page_of_alice, **faq_rows(article, answer="Alice's answer.")}).status_code == 302
    second = save(bob, article, {**page_of_bob, **faq_rows(article, answer="Bob's answer.")})

    assert_refused_as_stale(second)
    assert formset(second, "faqs").forms[0]["answer"].value() == "Bob's answer."
    assert article.faqs.get().answer == "Alice's answer."


def test_one_reorders_sections_the_other_edits_one(editors):
    alice, bob = editors
    article = complete_article(children=2)
    page_of_alice, page_of_bob = article_change_data(article), article_change_data(article)
    first_heading = article.sections.first().heading
    swapped = existing_rows(article.sections.all(), ["heading", "anchor", "body"])
    swapped[0]["position"], swapped[1]["position"] = "2", "1"
    edited = existing_rows(article.sections.all(), ["heading", "anchor", "body"])
    edited[0]["body"] = "Bob's new paragraph."

    assert save(alice, article, {**page_of_alice, **inline_rows("sections", swapped, initial=2)}).status_code == 302
    second = save(bob, article, {**page_of_bob, **inline_rows("sections", edited, initial=2)})

    assert_refused_as_stale(second)
    assert formset(second, "sections").forms[0]["body"].value() == "Bob's new paragraph."
    assert article.sections.last().heading == first_heading  # Alice's order stands
    assert not article.sections.filter(body="Bob's new paragraph.").exists()


def test_one_changes_the_summary_the_other_an_faq(editors):
    alice, bob = editors
    article = complete_article(children=1)
    page_of_alice, page_of_bob = article_change_data(article), article_change_data(article)

    assert save(alice, article, {**page_of_alice, "summary": "Alice's summary."}).status_code == 302
    second = save(bob, article, {**page_of_bob, **faq_rows(article, answer="Bob's answer.")})

    assert_refused_as_stale(second)
    article.refresh_from_db()
    assert article.summary == "Alice's summary."  # not overwritten by the summary on Bob's older page
    assert formset(second, "faqs").forms[0]["answer"].value() == "Bob's answer."


def test_one_drags_citations_the_other_saves_an_older_page(editors):
    alice, bob = editors
    article = ArticleFactory(intro="Calcium [1], magnesium [2].")
    calcium, magnesium = CitationFactory(article=article), CitationFactory(article=article)
    SectionFactory(article=article, heading="Both", body="See [1] and [2].")
    page_of_alice, page_of_bob = article_change_data(article), article_change_data(article)
    dragged = existing_rows(article.citations.all(), ["reference"], order_field="number")
    dragged[0]["number"], dragged[1]["number"] = "2", "1"
    sections = existing_rows(article.sections.all(), ["heading", "anchor", "body"])
    sections[0]["body"] = "See [1] and [2], and more."

    assert save(alice, article, {**page_of_alice, **inline_rows("citations", dragged, initial=2)}).status_code == 302
    second = save(bob, article, {**page_of_bob, **inline_rows("sections", sections, initial=1)})

    assert_refused_as_stale(second)
    article.refresh_from_db()
    numbers = {citation.reference_id: citation.number for citation in article.citations.all()}
    assert numbers == {calcium.reference_id: 2, magnesium.reference_id: 1}
    # Every marker still cites the reference it cited before the drag.
    assert article.intro == "Calcium [2], magnesium [1]."
    assert article.sections.get().body == "See [2] and [1]."


def test_one_deletes_an_faq_the_other_edits_it(editors):
    alice, bob = editors
    article = complete_article(children=0)
    FAQFactory(article=article, question="Keep?", answer="Yes.")
    page_of_alice = {**article_change_data(article), **faq_rows(article, DELETE="on")}
    page_of_bob = {**article_change_data(article), **faq_rows(article, answer="Bob typed this answer.")}

    assert save(alice, article, page_of_alice).status_code == 302
    second = save(bob, article, page_of_bob)

    assert_refused_as_stale(second)
    # The deleted row cannot be shown again, so what Bob typed in it is repeated at the top, to copy.
    errors = " ".join(second.context["adminform"].form.non_field_errors())
    assert "Someone deleted a row of FAQs that you had changed" in errors
    assert "Answer: Bob typed this answer." in errors
    assert "Bob typed this answer." in second.content.decode()
    assert not article.faqs.exists()


def test_the_second_editor_saves_after_reloading(editors):
    """Positive control: the same change from a page opened after the first save is saved."""
    alice, bob = editors
    article = complete_article(children=1)
    assert save(alice, article, {**article_change_data(article), "summary": "Alice's summary."}).status_code == 302

    response = save(bob, article, {**article_change_data(article), "summary": "Bob's summary."})

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.summary == "Bob's summary."
    assert Version.objects.get_for_object(article).count() == 2


def test_an_author_cannot_write_the_review_record_even_by_a_forged_post(client, author, reviewer):
    client.force_login(author)
    article = complete_article(children=1, medical_reviewer=None, last_reviewed_at=None, next_review_due=None)
    forged = {
        **article_change_data(article),
        "summary": "A real edit.",
        "medical_reviewer": str(reviewer.contributor_profile.pk),
        "last_reviewed_at_0": "2026-11-01",
        "last_reviewed_at_1": "10:00:00",
        "next_review_due": "2030-01-01",
    }

    response = save(client, article, forged)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.summary == "A real edit."  # the save went through
    assert (article.medical_reviewer, article.last_reviewed_at, article.next_review_due) == (None, None, None)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert 'name="medical_reviewer"' not in page
    assert 'name="next_review_due"' not in page


def test_one_deletes_the_article_the_other_saves_it(editors, editor):
    """What the second typed, in the article and in its rows, is on the add page: nothing is lost, nothing saved."""
    _alice, bob = editors
    article = complete_article(children=0, title="Zinc and wound healing")
    FAQFactory(article=article, question="Keep?", answer="Yes.")
    page_of_bob = {
        **article_change_data(article, summary="Bob's summary."),
        **faq_rows(article, answer="Bob typed this answer."),
    }
    article_delete(article=article, user=editor, expected_version=article.version)

    response = save(bob, article, page_of_bob)

    assert response.status_code == 200
    page = response.content.decode()
    assert (
        "This article was deleted by someone else while you edited it, so nothing was saved; what you typed is "
        "below: copy it, or save it as a new article." in page
    )
    assert response.context["adminform"].form["summary"].value() == "Bob's summary."
    assert [form["answer"].value() for form in formset(response, "faqs").forms] == ["Bob typed this answer."]
    assert f'action="{reverse("admin:articles_article_add")}"' in page
    assert not Article.objects.exists()
