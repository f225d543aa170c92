"""The editorial lifecycle: roles, states, transitions, audit, scheduling, rollback."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article, ArticleStatus, ArticleTransition
from core.exceptions import StateConflict
from core.models import SiteSettings
from core.moments import moment_text
from publishing.models import Approval, Publication
from publishing.services.editorial_steps import (
    article_import_published,
    article_rollback,
    article_schedule_cancel,
    article_transition,
)
from publishing.services.publications import publications_mark_gone_live, publications_withdraw
from tests.helpers.factories import ContributorFactory, ReviewerFactory, UserFactory, complete_article
from tests.helpers.publishing import approve, publish_reviewed, shown

pytestmark = pytest.mark.django_db

ROLES = ["author", "reviewer", "publisher", "superuser", "staff_without_role"]
STATES = [status.value for status in ArticleStatus]
TRANSITIONS = ["submit", "withdraw", "request_changes", "approve", "publish", "unpublish", "archive", "unarchive"]

# Written out by hand, from the design, rather than derived from the code under test.
ALLOWED_BY_ROLE = {
    ("author", "draft", "submit"): "in_review",
    ("author", "published", "submit"): "in_review",  # a review again, e.g. when a cited reference changed
    ("author", "in_review", "withdraw"): "draft",
    ("author", "approved", "withdraw"): "draft",
    ("reviewer", "in_review", "request_changes"): "draft",
    ("reviewer", "in_review", "approve"): "approved",
    ("publisher", "approved", "publish"): "published",
    ("publisher", "published", "unpublish"): "draft",
    ("publisher", "draft", "archive"): "archived",
    ("publisher", "approved", "archive"): "archived",
    ("publisher", "published", "archive"): "archived",
    ("publisher", "archived", "unarchive"): "draft",
}
ALLOWED = {
    **ALLOWED_BY_ROLE,
    # Superusers can do everything any role can.
    **{("superuser", state, name): target for (_, state, name), target in ALLOWED_BY_ROLE.items()},
}


@pytest.fixture
def users(author, reviewer, publisher):
    superuser = UserFactory(username="root", is_superuser=True)
    ReviewerFactory(user=superuser)
    return {
        "author": author,
        "reviewer": reviewer,
        "publisher": publisher,
        "superuser": superuser,
        "staff_without_role": UserFactory(username="intern"),
    }


def article_in(state: str) -> Article:
    article = complete_article(children=1)
    if state == ArticleStatus.PUBLISHED:
        publish_reviewed(article)
    if state == ArticleStatus.APPROVED:
        approve(article)  # with the approval that publishing puts live
    Article.objects.filter(pk=article.pk).update(status=state)
    article.refresh_from_db()
    return article


def publish(article: Article, user, live_from=None) -> Publication:
    article_transition("publish", article=article, user=user, live_from=live_from)
    return article.publications.order_by("-pk").first()


def published_twice(publisher, **changes) -> tuple[Article, Publication]:
    """An approved article published, then changed (`changes` written to its row), approved and published
    again: the article, and its first publication."""
    article = article_in("approved")
    first = publish(article, publisher)
    Article.objects.filter(pk=article.pk).update(**changes)
    approve(article)
    publish(article, publisher)
    return article, first


def observable(article: Article) -> tuple:
    article.refresh_from_db()
    return (
        article.status,
        ArticleTransition.objects.filter(article=article).count(),
        Publication.objects.filter(article=article).count(),
        Publication.objects.live().filter(article=article).count(),
        article.medical_reviewer_id,
        article.last_reviewed_at,
    )


@pytest.mark.parametrize("name", TRANSITIONS)
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_role_state_matrix(users, role, state, name):
    article = article_in(state)
    before = observable(article)
    comment = "Please cite the 2024 guideline." if name == "request_changes" else ""

    if (role, state, name) in ALLOWED:
        article_transition(name, article=article, user=users[role], comment=comment, shown_document=shown(article))
        article.refresh_from_db()
        assert article.status == ALLOWED[(role, state, name)]
        entry = ArticleTransition.objects.filter(article=article).first()
        assert (entry.actor, entry.action, entry.from_status, entry.to_status) == (
            users[role],
            name,
            state,
            article.status,
        )
    else:
        with pytest.raises((PermissionDenied, ValidationError)):
            article_transition(name, article=article, user=users[role], comment=comment, shown_document=shown(article))
        assert observable(article) == before


def test_a_live_article_with_edits_can_be_unpublished_and_keeps_its_working_state(api_client, publisher):
    article = article_in("published")
    Article.objects.filter(pk=article.pk).update(status="in_review")  # edited, then resubmitted

    article_transition("unpublish", article=article, user=publisher)

    article.refresh_from_db()
    assert article.status == "in_review"
    assert api_client.get(f"/api/v1/articles/{article.slug}/").status_code == 404
    assert article.transitions.first().action == "unpublish"


def test_unpublishing_needs_something_public(publisher):
    article = article_in("approved")

    with pytest.raises(ValidationError, match="is not live: there is nothing to take down"):
        article_transition("unpublish", article=article, user=publisher)


def test_a_go_live_still_to_come_is_cancelled_not_unpublished(publisher):
    """Only Cancel the scheduled go-live calls it off (keeping the approval); Unpublish says so and changes nothing."""
    article = article_in("approved")
    article_transition(
        "publish", article=article, user=publisher, live_from=timezone.now() + datetime.timedelta(days=1)
    )
    article.refresh_from_db()

    with pytest.raises(ValidationError, match="called off with “Cancel the scheduled go-live”"):
        article_transition("unpublish", article=article, user=publisher)

    assert Publication.objects.pending().filter(article=article).exists()
    article_schedule_cancel(article=article, user=publisher)  # the control: the step that applies
    assert not Publication.objects.pending().filter(article=article).exists()


def test_wrong_role_is_a_permission_error_and_wrong_state_a_validation_error(users):
    draft = article_in("draft")

    with pytest.raises(PermissionDenied, match="Only a medical reviewer can approve"):
        article_transition("approve", article=draft, shown_document=shown(draft), user=users["author"])
    with pytest.raises(ValidationError, match="applies only to an article that is in medical review"):
        article_transition("approve", article=draft, shown_document=shown(draft), user=users["reviewer"])


def test_approve_records_the_reviewer_and_the_review_dates(reviewer):
    article = article_in("in_review")
    SiteSettings.objects.filter(pk=1).update(review_interval_months=6)
    moment = datetime.datetime(2026, 8, 31, 10, 0, tzinfo=datetime.UTC)

    with time_machine.travel(moment, tick=False):
        returned = article_transition(
            "approve",
            article=article,
            user=reviewer,
            comment="Checked against the ODS fact sheet.",
            shown_document=shown(article),
        )

    # The caller gets the article as stored: what the admin and the API show next without reloading it.
    assert (returned.status, returned.medical_reviewer, returned.last_reviewed_at, returned.next_review_due) == (
        "approved",
        reviewer.contributor_profile,
        moment,
        datetime.date(2027, 2, 28),
    )
    article.refresh_from_db()
    assert article.medical_reviewer == reviewer.contributor_profile
    assert article.last_reviewed_at == moment
    assert article.next_review_due == datetime.date(2027, 2, 28)
    assert article.transitions.first().comment == "Checked against the ODS fact sheet."


def test_approve_default_interval_is_twelve_months(reviewer):
    article = article_in("in_review")

    with time_machine.travel(datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC), tick=False):
        article_transition("approve", article=article, shown_document=shown(article), user=reviewer)

    article.refresh_from_db()
    assert article.next_review_due == datetime.date(2027, 3, 1)


def test_approving_needs_a_reviewer_profile(db):
    user = UserFactory(username="lone-reviewer")
    user.groups.add(Group.objects.get(name="Medical reviewer"))
    article = article_in("in_review")

    with pytest.raises(ValidationError, match="contributor profile marked as medical reviewer"):
        article_transition("approve", article=article, shown_document=shown(article), user=user)
    assert observable(article)[0] == "in_review"
    # A profile that is not marked as medical reviewer does not do either.
    profile = ContributorFactory(user=user, is_medical_reviewer=False)
    with pytest.raises(ValidationError, match="contributor profile marked as medical reviewer"):
        article_transition("approve", article=article, shown_document=shown(article), user=user)
    assert observable(article)[0] == "in_review"
    # Positive control: marked, the same login approves.
    profile.is_medical_reviewer = True
    profile.save()
    article_transition("approve", article=article, shown_document=shown(article), user=user)
    assert observable(article)[0] == "approved"


def test_requesting_changes_needs_a_comment(reviewer):
    article = article_in("in_review")

    with pytest.raises(ValidationError) as refused:
        article_transition("request_changes", article=article, user=reviewer, comment="  ")
    assert refused.value.message_dict == {"comment": ["Say what needs to change: the author sees this comment."]}
    assert observable(article)[:2] == ("in_review", 0)


def test_the_approval_is_dated_at_the_moment_of_the_review_it_records(reviewer):
    article = article_in("in_review")

    article_transition(
        "approve", article=article, shown_document=shown(article), user=reviewer
    )  # the real clock: no two readings agree

    article.refresh_from_db()
    approval = Approval.objects.get(article=article)
    assert approval.approved_at == article.last_reviewed_at


def test_scheduled_publication_appears_when_its_time_passes(api_client, publisher):
    article = article_in("approved")
    now = timezone.now()
    go_live = now + datetime.timedelta(hours=2)

    publish(article, publisher, live_from=go_live)

    entry = ArticleTransition.objects.filter(article=article).order_by("-pk").first()
    assert (entry.action, entry.scheduled_for, entry.comment) == ("publish", go_live, "")
    assert entry.done == f"Scheduled to go live on {moment_text(go_live)}"  # the history tells a schedule
    assert api_client.get(f"/api/v1/articles/{article.slug}/").status_code == 404
    assert api_client.get("/api/v1/articles/").json()["count"] == 0
    with time_machine.travel(go_live + datetime.timedelta(seconds=1)):
        assert api_client.get(f"/api/v1/articles/{article.slug}/").status_code == 200
        assert api_client.get("/api/v1/articles/").json()["count"] == 1


def test_publishing_in_the_past_is_refused(publisher):
    article = article_in("approved")

    with pytest.raises(ValidationError) as refused:
        publish(article, publisher, live_from=timezone.now() - datetime.timedelta(days=1))
    assert refused.value.message_dict == {  # on the field the API and the admin point at
        "published_at": ["Choose a time in the future, or leave it blank to publish now."]
    }
    assert observable(article)[0] == "approved"


def test_publish_scheduled_command_marks_each_publication_once(publisher, capsys):
    article = article_in("approved")
    go_live = timezone.now() + datetime.timedelta(minutes=30)
    publish(article, publisher, live_from=go_live)

    call_command("publish_scheduled")
    assert "0 publication(s) went live" in capsys.readouterr().out
    with time_machine.travel(go_live + datetime.timedelta(seconds=1)):
        call_command("publish_scheduled")
        assert "1 publication(s) went live" in capsys.readouterr().out
        call_command("publish_scheduled")
        assert "0 publication(s) went live" in capsys.readouterr().out
    assert Publication.objects.get().went_live_at is not None


def test_publications_published_now_are_marked_as_gone_live_at_once(publisher):
    publication = publish(article_in("approved"), publisher)

    assert publication.went_live_at is not None
    assert publications_mark_gone_live() == []
    entry = ArticleTransition.objects.filter(article=publication.article).order_by("-pk").first()
    assert (entry.scheduled_for, entry.done) == (None, "Published")  # not a schedule


def test_an_import_to_go_live_later_is_told_as_one_in_the_history():
    go_live = timezone.now() + datetime.timedelta(days=3)
    scheduled = publish_reviewed(complete_article(children=0, slug="later"), live_from=go_live)
    now = publish_reviewed(complete_article(children=0, slug="now"))

    later_entry, now_entry = (ArticleTransition.objects.filter(article=p.article).first() for p in (scheduled, now))
    assert later_entry.done == f"Imported as reviewed, to go live on {moment_text(go_live)}"
    assert (now_entry.scheduled_for, now_entry.done) == (None, "Imported as reviewed and published")  # control


def test_rollback_makes_an_earlier_publication_live_again(api_client, publisher):
    article, first = published_twice(publisher, title="Second title")
    assert api_client.get(f"/api/v1/articles/{article.slug}/").json()["title"] == "Second title"

    article_rollback(article=article, publication=first, user=publisher)

    assert api_client.get(f"/api/v1/articles/{article.slug}/").json()["title"] == first.title
    assert Publication.objects.filter(article=article).count() == 3
    assert api_client.get("/api/v1/faqs/", {"article": article.slug}).json()["count"] == 1
    article.refresh_from_db()
    assert article.status == "draft"


def test_only_publishers_roll_back(author, publisher):
    article = article_in("approved")
    first = publish(article, publisher)

    with pytest.raises(PermissionDenied):
        article_rollback(article=article, publication=first, user=author)


def test_a_rollback_copy_is_the_earlier_publication_itself_put_live_by_the_publisher(publisher):
    article, first = published_twice(publisher, title="Second title")

    copy = article_rollback(article=article, publication=first, user=publisher)

    kept = ["slug", "title", "search_text", "reviewer_id", "approval_id", "first_published_at", "next_review_due",
            "document", "list_item", "jsonld", "etag"]  # fmt: skip
    assert first.reviewer_id is not None and first.approval_id is not None and first.next_review_due is not None
    assert {name: getattr(copy, name) for name in kept} == {name: getattr(first, name) for name in kept}
    assert copy.created_by == publisher
    assert copy.live_from == copy.went_live_at and copy.live_from > first.live_from
    entry = ArticleTransition.objects.filter(article=article).order_by("-pk").first()
    assert (entry.actor, entry.comment) == (
        publisher,
        f"Rolled back to the version published on {first.live_from:%Y-%m-%d %H:%M}.",
    )


def test_a_rollback_to_a_slug_another_article_now_holds_is_refused(publisher):
    article, first = published_twice(publisher, slug="renamed")
    other = complete_article(children=1, slug=first.slug)
    approve(other)
    publish(other, publisher)

    with pytest.raises(ValidationError) as refused:
        article_rollback(article=article, publication=first, user=publisher)

    assert f"The address “{first.slug}” belongs to" in str(refused.value)
    assert Publication.objects.live().get(article=article).slug == "renamed"


def test_rolling_back_to_another_articles_publication_is_refused(publisher):
    article, other = article_in("approved"), article_in("approved")
    publish(article, publisher)
    foreign = publish(other, publisher)

    with pytest.raises(StateConflict, match=r"That publication belongs to another article\."):
        article_rollback(article=article, publication=foreign, user=publisher)


def test_taking_an_article_down_leaves_earlier_withdrawals_as_they_were(publisher):
    article = article_in("approved")
    first = publish(article, publisher, live_from=timezone.now() + datetime.timedelta(days=1))
    article_schedule_cancel(article=article, user=publisher)
    first.refresh_from_db()
    withdrawn_at = first.withdrawn_at
    assert withdrawn_at is not None
    publish(article, publisher)  # its approval stands

    taken_down = publications_withdraw(article=article)

    first.refresh_from_db()
    assert taken_down == 1
    assert first.withdrawn_at == withdrawn_at


def test_importing_reviewed_content_records_the_review_it_had_and_who_imported_it(publisher):
    article = complete_article(children=1)
    reviewer = ReviewerFactory()
    reviewed_at = datetime.datetime(2026, 3, 1, 9, 30, tzinfo=datetime.UTC)

    publication = article_import_published(
        article=article,
        user=publisher,
        reviewer=reviewer,
        reviewed_at=reviewed_at,
        next_review_due=datetime.date(2027, 3, 1),
        comment="Reviewed in the old system.",
    )

    approval = publication.approval
    assert (approval.approved_by, approval.approved_at, approval.reviewer) == (publisher, reviewed_at, reviewer)
    article.refresh_from_db()
    assert (article.status, article.medical_reviewer, article.last_reviewed_at) == ("published", reviewer, reviewed_at)
    entry = ArticleTransition.objects.filter(article=article).order_by("-pk").first()
    assert (entry.actor, entry.action, entry.comment) == (publisher, "import", "Reviewed in the old system.")
    stored = Article.objects.get(pk=article.pk)  # the review is written to the row, not only to the instance
    assert (stored.medical_reviewer, stored.last_reviewed_at, stored.next_review_due) == (
        reviewer, reviewed_at, datetime.date(2027, 3, 1),
    )  # fmt: skip


def test_imported_content_without_a_next_review_date_is_due_the_site_interval_after_its_review(publisher, api_client):
    """A live article always has its next review date: the public schema types it as never null."""
    settings = SiteSettings.load()
    settings.review_interval_months = 6
    settings.save()
    article = complete_article(children=1)
    reviewed_at = datetime.datetime(2026, 3, 1, 9, 30, tzinfo=datetime.UTC)

    publication = article_import_published(
        article=article,
        user=publisher,
        reviewer=ReviewerFactory(),
        reviewed_at=reviewed_at,
        next_review_due=None,
        comment="Reviewed in the old system, no date given.",
    )

    article.refresh_from_db()
    assert article.next_review_due == publication.next_review_due == datetime.date(2026, 9, 1)
    assert api_client.get(f"/api/v1/articles/{article.slug}/").json()["next_review_due"] == "2026-09-01"


def test_only_publishers_and_the_operators_commands_import_reviewed_content(author):
    article = complete_article(children=1)

    with pytest.raises(PermissionDenied):
        article_import_published(
            article=article,
            user=author,
            reviewer=ReviewerFactory(),
            reviewed_at=timezone.now(),
            next_review_due=None,
            comment="An author may not put content live.",
        )
    assert observable(article)[2] == 0
