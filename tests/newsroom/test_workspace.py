"""The admin home's queues per role and the article page's state banner."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from publishing.services.editorial_steps import article_transition
from tests.helpers.factories import ContributorFactory, complete_article
from tests.helpers.people import reviewer_user, user_in_role
from tests.helpers.publishing import approve, publish_reviewed

pytestmark = pytest.mark.django_db


def queue(page: str, key: str) -> str:
    start = page.index(f'id="queue-{key}"')
    end = page.find('class="workspace-queue"', start + 1)
    return page[start : end if end != -1 else page.index("</section>", start)]


@pytest.fixture
def people():
    author = user_in_role("alice", "Author")
    ContributorFactory(user=author, name="Alice Author")
    return {
        "author": author,
        "reviewer": reviewer_user("rita", "Dr Rita"),
        "publisher": user_in_role("pat", "Publisher"),
    }


@pytest.fixture
def articles(people):
    """One article in each place of the workflow; Alice wrote the draft and the one sent back."""
    mine = complete_article(children=1, title="Alice's draft")
    mine.authors.add(people["author"].contributor_profile)
    sent_back = complete_article(children=1, title="Sent back to Alice")
    sent_back.authors.add(people["author"].contributor_profile)
    article_transition("submit", article=sent_back, user=people["author"])
    article_transition(
        "request_changes", article=sent_back, user=people["reviewer"], comment="Cite the 2023 guideline in [2]."
    )
    waiting = complete_article(children=1, title="Waiting for review")
    article_transition("submit", article=waiting, user=people["author"])
    approved = complete_article(children=1, title="Approved, not live")
    approve(approved)
    scheduled = complete_article(children=1, title="Going live tomorrow")
    publish_reviewed(scheduled, live_from=timezone.now() + datetime.timedelta(days=1))
    others = complete_article(children=1, title="Someone else's draft")
    return {
        "mine": mine,
        "sent_back": sent_back,
        "waiting": waiting,
        "approved": approved,
        "scheduled": scheduled,
        "others": others,
    }


def home(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return response.content.decode()


def test_each_role_sees_its_own_queues(client, people, articles):
    author_home = home(client, people["author"])
    assert "Sent back to Alice" in queue(author_home, "changes_requested")
    assert "Cite the 2023 guideline in [2]." in queue(author_home, "changes_requested")
    drafts = queue(author_home, "drafts")
    assert "Alice&#x27;s draft" in drafts and "Someone else" not in drafts
    assert 'id="queue-review"' not in author_home and 'id="queue-approved"' not in author_home

    reviewer_home = home(client, people["reviewer"])
    assert "Waiting for review" in queue(reviewer_home, "review") and "(1)" in queue(reviewer_home, "review")
    assert 'id="queue-drafts"' not in reviewer_home and 'id="queue-approved"' not in reviewer_home

    publisher_home = home(client, people["publisher"])
    assert "Approved, not live" in queue(publisher_home, "approved")
    assert "Going live tomorrow" in queue(publisher_home, "scheduled")
    assert "Publish now" in queue(publisher_home, "approved")
    assert 'id="queue-review"' not in publisher_home


def test_queue_links_open_the_filtered_lists(client, people, articles):
    client.force_login(people["author"])
    changelist = reverse("admin:articles_article_changelist")
    listed = client.get(changelist, {"workflow": "changes_requested", "mine": "1"}).context["cl"].result_list
    assert [article.title for article in listed] == ["Sent back to Alice"]
    drafts = client.get(changelist, {"status__exact": "draft", "mine": "1"}).context["cl"].result_list
    assert {article.title for article in drafts} == {"Alice's draft", "Sent back to Alice"}


def test_the_publisher_publishes_from_the_queue_and_comes_back_home(client, people, articles, api_client):
    client.force_login(people["publisher"])
    approved = Article.objects.get(pk=articles["approved"].pk)
    response = client.post(
        reverse("admin:articles_article_transition", args=[approved.pk, "publish"]),
        {"shown_version": approved.version, "next": reverse("admin:index")},
    )
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")
    assert api_client.get(f"/api/v1/articles/{approved.slug}/").status_code == 200
    evil = client.post(
        reverse("admin:articles_article_transition", args=[approved.pk, "unpublish"]),
        {"shown_version": approved.version + 5, "next": "https://evil.example/", "confirmed": "yes"},
    )
    assert evil["Location"] != "https://evil.example/"  # only addresses of this site


def test_the_home_page_costs_a_fixed_number_of_queries(client, people, articles, django_assert_max_num_queries):
    client.force_login(people["publisher"])
    with django_assert_max_num_queries(25) as few:
        client.get(reverse("admin:index"))
    for index in range(6):
        approve(complete_article(children=1, title=f"Approved {index}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("admin:index")).content.decode()
    assert "(7)" in queue(page, "approved")


@pytest.mark.parametrize(
    "which, status, line, holder",
    [
        ("mine", "Draft", "Never published: nothing of it is live.", "With the authors: editing."),
        ("sent_back", "Draft", "Never published: nothing of it is live.", "the medical reviewer asked for changes"),
        ("waiting", "In medical review", "Never published: nothing of it is live.", "With the medical reviewers"),
        ("approved", "Approved", "Not published yet: nothing of it is live.", "With the publishers"),
        ("scheduled", "Scheduled", "Nothing of it is live yet; version 1 goes live at", "Any edit makes a new draft"),
    ],
)
def test_the_article_page_opens_with_its_state(admin_client, articles, which, status, line, holder):
    """One status line, said once: the page's header (which stays in view), who has the article below it, and the
    same words in the page's status field."""
    article = articles[which]
    page = admin_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    header = page[page.index('id="workspace-header"') : page.index('id="workspace-nav"')]
    assert f'<strong id="banner-status">{status}</strong>' in header and line in header
    banner = page[page.index('id="state-banner"') : page.index("</section>", page.index('id="state-banner"'))]
    assert holder in banner
    if which == "sent_back":
        assert "Changes requested by" in banner and "Cite the 2023 guideline in [2]." in banner
    status_field = re.search(r'field-status_line.*?<div class="readonly">(.*?)</div>', page, re.S)[1]
    assert status_field.startswith(f"{status} — {line}")
    assert "Nothing of it is live." not in page.replace(line, "")  # no second, other wording


def test_a_live_article_with_a_new_version_scheduled_says_both(admin_client, published_article):
    publish_reviewed(published_article, live_from=timezone.now() + datetime.timedelta(days=1))
    page = admin_client.get(reverse("admin:articles_article_change", args=[published_article.pk])).content.decode()
    assert '<strong id="banner-status">Scheduled</strong>' in page
    assert "is live since" in page and "replaces it at" in page and "Nothing of it is live" not in page


def test_the_banner_says_since_when_an_article_is_live_in_the_site_and_the_editors_time(
    admin_client, published_article
):
    page = admin_client.get(reverse("admin:articles_article_change", args=[published_article.pk])).content.decode()
    assert '<strong id="banner-status">Published</strong> — <span id="banner-line">Live since <span><time' in page
    assert 'class="site-time"' in page and '<span class="your-time"></span>' in page


def test_the_home_queues_show_each_article_with_its_status_line(client, people, articles):
    client.force_login(people["publisher"])
    page = client.get(reverse("admin:index")).content.decode()
    assert "Scheduled — Nothing of it is live yet; version 1 goes live at" in queue(page, "scheduled")
    assert "Approved — Not published yet: nothing of it is live." in queue(page, "approved")


def test_the_article_list_shows_the_status_line(admin_client, articles):
    page = admin_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "Scheduled — Nothing of it is live yet; version 1 goes live at" in page
    assert "In medical review — Never published: nothing of it is live." in page


def test_a_reviewer_waits_only_for_articles_in_the_languages_they_review(client, people, articles):
    """The queue of a reviewer who reads English holds the English article in review, not a Spanish one (whose
    approval would be refused them); once their profile adds Spanish (any region), it holds both."""
    spanish = complete_article(children=1, title="Esperando revisión", language="es-MX")
    article_transition("submit", article=spanish, user=people["author"])
    profile = people["reviewer"].contributor_profile
    waiting = queue(home(client, people["reviewer"]), "review")
    assert "Waiting for review" in waiting and "Esperando revisión" not in waiting
    profile.review_languages = "en, es"
    profile.save()
    waiting = queue(home(client, people["reviewer"]), "review")
    assert "Waiting for review" in waiting and "Esperando revisión" in waiting
    # Review rights without a reviewer profile: approves nothing, sees them all.
    admin = user_in_role("overseer", "Medical reviewer")
    assert "Esperando revisión" in queue(home(client, admin), "review")
