"""The reads the admin, the API and the services share: each answers for the article it is asked about."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article, Topic
from publishing.models import Approval, Publication
from publishing.selectors import (
    approval_latest,
    approval_of_current_version,
    articles_with_live_state,
    is_live,
    publications_slug_moved_to,
    publications_with_live_flag,
    published_records,
)
from publishing.services.editorial_steps import article_schedule_cancel, article_transition
from publishing.services.live_set import public_state_current
from tests.helpers.factories import complete_article
from tests.helpers.publishing import approve, approved_article, publish_reviewed

pytestmark = pytest.mark.django_db

LATER = datetime.timedelta(hours=1)


def test_is_live_answers_for_the_article_asked_about(publisher):
    live = approved_article()
    article_transition("publish", article=live, user=publisher)
    scheduled = approved_article()
    article_transition("publish", article=scheduled, user=publisher, live_from=timezone.now() + LATER)
    never = complete_article()

    assert (is_live(live), is_live(scheduled), is_live(never)) == (True, False, False)


def test_is_live_is_false_once_everything_is_withdrawn(publisher):
    article = approved_article()
    article_transition("publish", article=article, user=publisher)
    assert is_live(article)

    article_transition("unpublish", article=article, user=publisher)

    assert not is_live(article)


def test_articles_with_live_state_flags_each_article_by_its_own_publications(publisher):
    live = approved_article()
    article_transition("publish", article=live, user=publisher)
    scheduled = approved_article()
    article_transition("publish", article=scheduled, user=publisher, live_from=timezone.now() + LATER)
    withdrawn = approved_article()
    article_transition("publish", article=withdrawn, user=publisher, live_from=timezone.now() + LATER)
    article_schedule_cancel(article=withdrawn, user=publisher)
    draft = complete_article()

    states = {
        article.pk: (article.is_live, article.is_scheduled)
        for article in articles_with_live_state(Article.objects.all())
    }

    assert states == {
        live.pk: (True, False),
        scheduled.pk: (False, True),
        withdrawn.pk: (False, False),
        draft.pk: (False, False),
    }


def test_publications_with_live_flag_marks_only_the_one_the_public_sees():
    article = complete_article()
    first = publish_reviewed(article)
    second = publish_reviewed(article)
    other = publish_reviewed(complete_article())

    flags = {
        publication.pk: publication.is_live for publication in publications_with_live_flag(Publication.objects.all())
    }

    assert flags == {first.pk: False, second.pk: True, other.pk: True}


def test_approval_of_current_version_is_the_newest_sign_off_of_that_very_version():
    article = complete_article()
    first = approve(article)
    assert approval_of_current_version(article) == first

    second = Approval.objects.get(pk=first.pk)
    second.pk = None
    second.approved_at = first.approved_at + LATER
    second.save()
    assert approval_of_current_version(article) == second  # the newest of two for one version

    Article.objects.filter(pk=article.pk).update(version=article.version + 1)
    article.refresh_from_db()
    assert approval_of_current_version(article) is None  # an approval of an older version does not count

    other = complete_article()
    assert approval_of_current_version(other) is None  # nor does another article's approval


def test_approval_latest_is_the_newest_sign_off_of_the_article_whichever_version_it_was_of():
    article, other = complete_article(), complete_article()
    assert approval_latest(article) is None  # none before the first approval
    first = approve(article)
    approve(other)
    assert approval_latest(article) == first  # not the other article's, though newer

    Article.objects.filter(pk=article.pk).update(version=article.version + 5)
    article.refresh_from_db()
    assert approval_latest(article) == first  # the working copy moved on: still the last sign-off

    second = Approval.objects.get(pk=first.pk)
    second.pk = None
    second.approved_at = first.approved_at + LATER
    second.save()
    assert approval_latest(article) == second

    recorded_later = Approval.objects.get(pk=first.pk)
    recorded_later.pk = None
    recorded_later.approved_at = first.approved_at - LATER  # an import recording an earlier review, made last
    recorded_later.save()
    assert approval_latest(article) == second  # the latest sign-off by its time, not by when it was recorded


def test_approval_latest_comes_with_who_approved_and_the_reviewer(django_assert_num_queries):
    article = complete_article()
    approve(article)
    with django_assert_num_queries(1):
        approval = approval_latest(article)
        assert (approval.approved_by.username, approval.reviewer.name) == ("helper-reviewer", "Dr Helper")


def test_published_records_show_each_record_once_as_its_newest_live_publication_names_it():
    topic = Topic.objects.create(name="Nutrition", slug="nutrition")
    first, second = complete_article(), complete_article()
    for article in (first, second):
        article.topics.add(topic)
    publish_reviewed(first)
    Topic.objects.filter(pk=topic.pk).update(name="Nutrition and diet")
    publish_reviewed(second)

    records = list(published_records("topic").filter(record_id=topic.pk))
    assert [record.data["name"] for record in records] == ["Nutrition and diet"]
    people = published_records("contributor")
    assert people.exists()
    assert set(people.values_list("kind", flat=True)) == {"contributor"}
    assert "Nutrition and diet" not in {record.name for record in people}


def test_published_records_leave_out_what_no_live_publication_names(publisher):
    article = approved_article()
    topic_ids = list(article.topics.values_list("pk", flat=True))
    assert topic_ids
    article_transition("publish", article=article, user=publisher, live_from=timezone.now() + LATER)

    assert not published_records("topic").filter(record_id__in=topic_ids).exists()
    with time_machine.travel(timezone.now() + 2 * LATER):
        public_state_current()  # the first read after the go-live time, as every public request makes it
        assert set(published_records("topic").values_list("record_id", flat=True)) == set(topic_ids)


def test_publications_slug_moved_to_follows_the_article_that_left_the_slug():
    article = complete_article(slug="old-name")
    publish_reviewed(article)
    assert publications_slug_moved_to("old-name", language="en") == "old-name"  # still there: nothing moved

    Article.objects.filter(pk=article.pk).update(slug="new-name")
    publish_reviewed(article)

    assert publications_slug_moved_to("old-name", language="en") == "new-name"
    assert publications_slug_moved_to("never-used", language="en") is None


def test_publications_slug_moved_to_follows_the_last_article_under_the_slug():
    first = complete_article(slug="shared-name")
    publish_reviewed(first)
    Article.objects.filter(pk=first.pk).update(slug="first-moved")
    publish_reviewed(first)
    second = complete_article(slug="other")
    publish_reviewed(second)
    Article.objects.filter(pk=second.pk).update(slug="shared-name")
    publish_reviewed(second)
    Article.objects.filter(pk=second.pk).update(slug="second-moved")
    publish_reviewed(second)
    publish_reviewed(first)  # the first article's newest publication is now newer than the second's

    assert publications_slug_moved_to("shared-name", language="en") == "second-moved"
