"""The lifecycle in the admin: each user sees only their own next steps, and forged posts are refused."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from core.moments import moment_text
from publishing.models import Publication
from publishing.services.editorial_steps import article_transition
from references.models import Reference, RetractionNotice
from references.services import reference_update
from tests.helpers.admin_forms import article_change_data
from tests.helpers.factories import complete_article
from tests.helpers.publishing import approve, approved_article, publish_reviewed, shown_on_page

pytestmark = pytest.mark.django_db


def buttons(client, article) -> list[str]:
    page = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert page.status_code == 200
    return [transition.action for transition in page.context["lifecycle_transitions"]]


def transition(client, article, name, **data):
    """Click a lifecycle button: the page posts the version it shows with it."""
    article.refresh_from_db()
    data = {"shown_version": article.version, **data}
    if name == "approve":
        data.setdefault("shown_document", shown_on_page(client, article))
    return client.post(reverse("admin:articles_article_transition", args=[article.pk, name]), data)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize(
    ("role", "state", "expected"),
    [
        ("author", "draft", ["submit"]),
        ("author", "in_review", ["withdraw"]),
        ("author", "approved", ["withdraw"]),
        ("reviewer", "in_review", ["request_changes", "approve"]),
        ("reviewer", "draft", []),
        ("publisher", "approved", ["publish", "archive"]),
        ("publisher", "in_review", []),
        ("publisher", "live_draft", ["unpublish", "archive"]),
    ],
)
def test_each_user_sees_only_their_allowed_steps(client, request, role, state, expected):
    user = request.getfixturevalue(role)
    client.force_login(user)
    article = complete_article(children=1, status=state.removeprefix("live_"))
    if state.startswith("live_"):
        publish_reviewed(article)
        Article.objects.filter(pk=article.pk).update(status=state.removeprefix("live_"))

    assert buttons(client, article) == expected


def test_a_forged_post_for_another_role_is_refused_and_changes_nothing(client, author):
    client.force_login(author)
    article = complete_article(children=1, status="in_review")

    response = transition(client, article, "approve")

    assert response.status_code == 403
    article.refresh_from_db()
    assert article.status == "in_review"
    assert not article.transitions.exists()


def test_a_step_in_the_wrong_state_is_refused_with_a_message(client, publisher):
    client.force_login(publisher)
    article = complete_article(children=1, status="draft")

    response = transition(client, article, "publish")

    assert response.status_code == 302
    assert any("applies only to an article that is approved" in message for message in messages_of(response))
    assert Article.objects.get(pk=article.pk).status == "draft"


def test_request_changes_without_comment_is_refused_then_with_comment_goes_back_to_draft(client, reviewer):
    client.force_login(reviewer)
    article = complete_article(children=1, status="in_review")

    transition(client, article, "request_changes", transition_comment="")
    assert Article.objects.get(pk=article.pk).status == "in_review"

    transition(client, article, "request_changes", transition_comment="Add the dosing table.")
    article.refresh_from_db()
    assert article.status == "draft"
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "Add the dosing table." in page


def test_publisher_schedules_from_the_admin(client, publisher, api_client):
    client.force_login(publisher)
    article = approved_article()
    go_live = (timezone.localtime() + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")

    transition(client, article, "publish", live_from=go_live)

    assert Article.objects.get(pk=article.pk).status == "published"
    assert api_client.get(f"/api/v1/articles/{article.slug}/").status_code == 404
    changelist = client.get(reverse("admin:articles_article_changelist"), {"live": "scheduled"})
    assert [a.pk for a in changelist.context["cl"].result_list] == [article.pk]


@pytest.mark.parametrize("state", ["in_review", "approved"])
def test_a_save_of_text_in_review_or_approved_is_refused_and_keeps_what_was_typed(admin_client, state):
    article = complete_article(children=1, status=state)

    response = admin_client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        article_change_data(article, summary="A changed summary."),
    )

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "Withdraw it to draft to edit it." in str(form.non_field_errors())
    assert form["summary"].value() == "A changed summary."
    article.refresh_from_db()
    assert (article.status, article.summary) == (state, "A short summary of the article.")


def test_the_page_of_an_article_in_review_is_read_only_and_says_why(client, author):
    client.force_login(author)
    article = complete_article(children=1, status="in_review")

    page = client.get(reverse("admin:articles_article_change", args=[article.pk]))

    assert 'name="summary"' not in page.content.decode()
    assert "withdraw it to draft" in page.content.decode()
    # Positive control: a draft's page has the field.
    article.status = "draft"
    article.save()
    assert 'name="summary"' in client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()


def test_the_page_of_a_published_article_says_before_any_typing_that_a_save_needs_a_new_review(client, author):
    client.force_login(author)
    article = complete_article(children=1)
    publish_reviewed(article)
    url = reverse("admin:articles_article_change", args=[article.pk])

    page = client.get(url).content.decode()

    assert 'id="lifecycle-published-edit"' in page and "needs a new medical review before it can go live" in page
    assert 'name="summary"' in page  # editable, with the warning above the fields
    # Positive control: a draft's page does not say it.
    Article.objects.filter(pk=article.pk).update(status="draft")
    assert 'id="lifecycle-published-edit"' not in client.get(url).content.decode()


def test_a_lifecycle_step_from_a_page_showing_an_older_version_is_refused(client, reviewer, author):
    client.force_login(reviewer)
    article = complete_article(children=1, status="in_review")
    article.refresh_from_db()
    shown = article.version
    article.version += 1  # someone saved in between (the editing service raises the version)
    article.save()

    response = client.post(
        reverse("admin:articles_article_transition", args=[article.pk, "approve"]), {"shown_version": shown}
    )

    assert any(
        "Not done (Approve): someone else saved this article after you opened it." in message
        for message in messages_of(response)
    )
    assert Article.objects.get(pk=article.pk).status == "in_review"
    # Positive control: the same click from a page showing the current version approves.
    transition(client, article, "approve")
    assert Article.objects.get(pk=article.pk).status == "approved"


def test_saving_without_changes_keeps_the_approval(admin_client):
    article = complete_article(children=1, status="approved")

    admin_client.post(reverse("admin:articles_article_change", args=[article.pk]), article_change_data(article))

    assert Article.objects.get(pk=article.pk).status == "approved"


def test_live_article_with_edits_is_shown_as_live_with_unpublished_changes(admin_client, published_article):
    admin_client.post(
        reverse("admin:articles_article_change", args=[published_article.pk]),
        article_change_data(published_article, summary="Edited while live."),
    )

    page = admin_client.get(reverse("admin:articles_article_change", args=[published_article.pk]))
    changelist = admin_client.get(reverse("admin:articles_article_changelist"), {"live": "live_with_changes"})

    assert "is live since" in page.content.decode() and "; this draft is not." in page.content.decode()
    assert [a.pk for a in changelist.context["cl"].result_list] == [published_article.pk]


def test_rollback_button_is_for_publishers(client, publisher, author, api_client):
    article = complete_article(children=1, title="First version")
    first = publish_reviewed(article)
    Article.objects.filter(pk=article.pk).update(title="Second version")
    publish_reviewed(article)
    url = reverse("admin:articles_article_rollback", args=[article.pk, first.pk])

    client.force_login(author)
    assert client.post(url, {"confirmed": "yes"}).status_code == 403
    author_page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "Make this version live again" not in author_page and "Was live" in author_page
    client.force_login(publisher)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert page.count("Make this version live again") == 1
    assert "Live now" in page
    confirmation = client.get(url)  # the button opens a page saying what will happen
    assert confirmation.status_code == 200 and "First version" in confirmation.content.decode()
    assert api_client.get(f"/api/v1/articles/{article.slug}/").json()["title"] == "Second version"  # nothing yet
    assert client.post(url, {"confirmed": "yes"}).status_code == 302

    assert api_client.get(f"/api/v1/articles/{article.slug}/").json()["title"] == "First version"


def test_a_malformed_go_live_time_is_refused_with_a_message(client, publisher):
    client.force_login(publisher)
    article = approved_article()

    response = transition(client, article, "publish", live_from="tomorrow morning")

    assert "The go-live time is not a valid date and time." in messages_of(response)
    assert Article.objects.get(pk=article.pk).status == "approved"
    assert not article.publications.exists()


def test_the_page_says_which_references_changed_since_the_approval(admin_client):
    article = approved_article()
    reference = article.citations.get().reference
    url = reverse("admin:articles_article_change", args=[article.pk])
    assert "edited after the medical approval" not in admin_client.get(url).content.decode()

    reference_update(
        reference=reference, fields={"title": "Miracle cure blog post"}, expected_version=reference.version
    )

    page = admin_client.get(url).content.decode()
    assert "Reference [1] was edited after the medical approval" in page
    assert "will not go live until the article is reviewed again" in page


def test_a_locked_page_offers_no_save_button(client, author):
    client.force_login(author)
    article = complete_article(children=1, status="in_review")
    url = reverse("admin:articles_article_change", args=[article.pk])

    locked = client.get(url).content.decode()
    article.status = "draft"
    article.save()
    editable = client.get(url).content.decode()

    assert 'name="_continue"' not in locked and 'name="_save"' not in locked
    assert 'name="_continue"' in editable  # the control: a draft's page has them


def test_rollback_is_offered_only_for_versions_that_were_live(client, publisher):
    client.force_login(publisher)
    article = complete_article(children=1, title="First")
    first = publish_reviewed(article)
    Article.objects.filter(pk=article.pk).update(title="Second")
    publish_reviewed(article)
    approve(article)
    article_transition(
        "publish", article=article, user=publisher, live_from=timezone.now() + datetime.timedelta(days=2)
    )

    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()

    assert page.count("rollback-button") == 1  # the first: it was live, and is not now
    assert f"/rollback/{first.pk}/" in page
    assert "Never live" in page and "Live now" in page


@pytest.mark.parametrize("zone", ["UTC", "Europe/Berlin"])
def test_the_go_live_time_is_read_in_the_sites_time_zone_and_said_so(client, publisher, settings, zone):
    settings.TIME_ZONE = zone
    client.force_login(publisher)
    article = approved_article()
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert f"Go live at, site time ({zone})" in page
    tomorrow = (timezone.now() + datetime.timedelta(days=2)).date()

    response = transition(client, article, "publish", live_from=f"{tomorrow}T22:18")

    expected = datetime.datetime.combine(tomorrow, datetime.time(22, 18), tzinfo=ZoneInfo(zone))
    assert Publication.objects.get(article=article).live_from == expected
    said = moment_text(expected)  # the site's localized format, in its zone, named
    assert said.endswith(f"10:18 p.m. ({zone})")
    assert f"is scheduled to go live at {said}." in " ".join(messages_of(response))
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert f"Nothing of it is live yet; version {article.version} goes live at" in page and said in page


def test_rolling_back_an_archived_article_in_the_admin_says_to_return_it_to_draft_first(client, publisher):
    article = complete_article(children=1, title="First version")
    first = publish_reviewed(article)
    Article.objects.filter(pk=article.pk).update(title="Second version")
    publish_reviewed(article)
    article_transition("archive", article=article, user=publisher, expected_version=None)
    client.force_login(publisher)

    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    response = client.post(
        reverse("admin:articles_article_rollback", args=[article.pk, first.pk]), {"confirmed": "yes"}, follow=True
    )

    assert "Archived: return the article to draft first" in page and "Make this version live again" not in page
    said = " ".join(str(message) for message in get_messages(response.wsgi_request))
    assert "is archived" in said and "Roll back" in said
    assert not Publication.objects.live().filter(article=article).exists()


def test_a_lifecycle_button_posted_without_the_version_it_showed_is_refused(client, author):
    client.force_login(author)
    article = complete_article(children=1)
    url = reverse("admin:articles_article_transition", args=[article.pk, "submit"])

    response = client.post(url, {}, follow=True)

    said = " ".join(str(message) for message in get_messages(response.wsgi_request))
    assert "The page did not say which version you saw: reload it and try again." in said
    article.refresh_from_db()
    assert article.status == "draft"
    # Positive control: with the version, the step is taken.
    client.post(url, {"shown_version": article.version})
    article.refresh_from_db()
    assert article.status == "in_review"


def test_publishing_in_the_admin_under_a_slug_another_article_holds_says_whose_it_is(client, publisher):
    holder = complete_article(children=1, title="The holder", slug="shared-address")
    publish_reviewed(holder)
    Article.objects.filter(pk=holder.pk).update(slug="holder-renamed")
    other = approved_article(slug="shared-address")
    client.force_login(publisher)
    other.refresh_from_db()

    url = reverse("admin:articles_article_transition", args=[other.pk, "publish"])
    response = client.post(url, {"shown_version": other.version}, follow=True)

    said = " ".join(str(message) for message in get_messages(response.wsgi_request))
    assert "The address “shared-address” belongs to “The holder”" in said
    assert not Publication.objects.filter(article=other).exists()


def test_the_rollback_page_says_what_is_checked_and_a_version_citing_a_retracted_paper_stays_down(client, publisher):
    article = complete_article(children=1, title="First version")
    Reference.objects.filter(citations__article=article).update(doi="10.1000/retracted-later")
    first = publish_reviewed(article)
    Article.objects.filter(pk=article.pk).update(title="Second version")
    publish_reviewed(article)
    client.force_login(publisher)
    url = reverse("admin:articles_article_rollback", args=[article.pk, first.pk])
    control = client.get(url).content.decode()
    RetractionNotice.objects.create(record_id=1, nature="retraction", original_doi="10.1000/retracted-later")

    page = client.get(url).content.decode()
    response = client.post(url, {"confirmed": "yes"}, follow=True)

    assert "It is checked again as a publish is: a paper it cites retracted since it was approved" in control
    assert "As it stands it would be refused" not in control
    assert "As it stands it would be refused: It cites 1 retracted paper(s): [1]" in page
    said = " ".join(messages_of(response))
    assert "It cites 1 retracted paper(s)" in said and "The earlier version is live again." not in said
    assert Publication.objects.live().get(article=article).title == "Second version"
