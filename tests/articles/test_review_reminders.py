"""Review cadence: one email per reminder, time travelled with time-machine, and the daily task's chain."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from articles.models import Article, ReviewReminder
from articles.services.reminders import _remind, review_reminders_send
from articles.tasks import review_reminders_daily, review_reminders_schedule
from tests.helpers.factories import ArticleFactory, ReviewerFactory, UserFactory
from tests.helpers.people import user_in_role
from tests.helpers.tasks import run_ready_tasks

pytestmark = pytest.mark.django_db

DUE = datetime.date(2027, 3, 1)


@pytest.fixture
def article():
    reviewer = ReviewerFactory(user=UserFactory(username="dr-due", email="dr.due@example.org"))
    return ArticleFactory(title="Iron and fatigue", medical_reviewer=reviewer, next_review_due=DUE)


@pytest.fixture
def publishers():
    publisher = user_in_role("publisher-one", "Publisher")
    publisher.email = "desk@example.org"
    publisher.save()
    return publisher


def at(day: datetime.date, hour: int = 9):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC), tick=False)


def test_the_reviewer_gets_one_email_thirty_days_before_and_one_on_the_day(article, publishers):
    with at(DUE - datetime.timedelta(days=31)):
        call_command("send_review_reminders")
    assert mail.outbox == []  # control: not yet within 30 days

    for day in (DUE - datetime.timedelta(days=30), DUE - datetime.timedelta(days=29), DUE - datetime.timedelta(days=1)):
        with at(day):
            call_command("send_review_reminders")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["dr.due@example.org"]
    assert mail.outbox[0].subject == "Medical review due on 2027-03-01: Iron and fatigue"

    for day in (DUE, DUE + datetime.timedelta(days=1), DUE + datetime.timedelta(days=40)):
        with at(day):
            call_command("send_review_reminders")
    overdue = [message for message in mail.outbox if "overdue" in message.subject]
    assert [message.to for message in overdue] == [["dr.due@example.org"], ["desk@example.org"]]
    assert "Iron and fatigue (due 2027-03-01)" in overdue[1].body
    assert ReviewReminder.objects.count() == 2


def test_a_new_review_date_gets_reminders_of_its_own(article):
    with at(DUE - datetime.timedelta(days=10)):
        call_command("send_review_reminders")
    Article.objects.filter(pk=article.pk).update(next_review_due=DUE + datetime.timedelta(days=365))
    with at(DUE + datetime.timedelta(days=340)):
        call_command("send_review_reminders")
    assert len(mail.outbox) == 2
    assert "2028-02-29" in mail.outbox[1].subject  # 2027-03-01 plus 365 days, across the leap day


def test_archived_articles_and_articles_without_a_date_get_no_reminder(article):
    Article.objects.filter(pk=article.pk).update(status="archived")
    ArticleFactory(next_review_due=None)
    with at(DUE):
        call_command("send_review_reminders")
    assert mail.outbox == []


def test_the_daily_task_sends_and_schedules_the_next_day(article, settings):
    settings.REVIEW_REMINDER_HOUR = 7
    with at(DUE - datetime.timedelta(days=5), hour=6) as traveller:
        assert review_reminders_schedule() is True
        assert review_reminders_schedule() is False  # one chain
        assert run_ready_tasks() == []  # 07:00 has not come
        traveller.shift(datetime.timedelta(hours=1, minutes=1))
        ran = run_ready_tasks()
        assert [task.return_value for task in ran] == [{"due_soon": 1, "overdue": 0, "publishers": 0}]
        traveller.shift(datetime.timedelta(days=1))
        assert [task.return_value for task in run_ready_tasks()] == [{"due_soon": 0, "overdue": 0, "publishers": 0}]
    assert len(mail.outbox) == 1
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.filter(task_path=review_reminders_daily.module_path, status="READY").count() == 1


def test_a_daily_run_that_runs_twice_starts_no_second_chain(article, settings):
    """A task runs at least once: taken up again after a worker's death, the daily run must not start a second
    daily chain (each would send the same reminders' check, and they would multiply)."""
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(task_path=review_reminders_daily.module_path, status="READY")
    with at(DUE - datetime.timedelta(days=5), hour=8):
        review_reminders_daily.call()
        assert waiting.count() == 1  # positive control: the run schedules the next day
        review_reminders_daily.call()  # the same run again
        assert waiting.count() == 1


def test_what_a_reminder_says_and_records(article, publishers):
    with at(DUE - datetime.timedelta(days=12)):
        soon = review_reminders_send()
    with at(DUE):
        overdue = review_reminders_send()

    assert (soon.due_soon, soon.overdue, overdue.due_soon, overdue.overdue) == ([article], [], [], [article])
    assert (soon.publishers_told, overdue.publishers_told) == (0, 1)
    first, second, desk = mail.outbox
    assert first.body.startswith("“Iron and fatigue” is due for its medical review on 2027-03-01 (in 12 days).")
    assert second.subject == "Medical review overdue: Iron and fatigue"
    assert second.body.startswith("The medical review of “Iron and fatigue” fell due on 2027-03-01.")
    assert desk.subject == "1 article(s) fell overdue for medical review"
    assert list(ReviewReminder.objects.order_by("kind").values_list("kind", "due_date", "recipients")) == [
        ("due_soon", DUE, "dr.due@example.org"),
        ("overdue", DUE, "dr.due@example.org"),
    ]


def test_an_article_first_seen_overdue_gets_the_overdue_reminder_only(article):
    with at(DUE + datetime.timedelta(days=3)):
        sent = review_reminders_send()

    assert (sent.due_soon, sent.overdue) == ([], [article])
    assert [message.subject for message in mail.outbox] == ["Medical review overdue: Iron and fatigue"]


def test_each_article_keeps_its_own_reminders(article):
    with at(DUE - datetime.timedelta(days=20)):
        review_reminders_send()
    twin = ArticleFactory(title="Iron and sleep", medical_reviewer=article.medical_reviewer, next_review_due=DUE)
    with at(DUE - datetime.timedelta(days=19)):
        sent = review_reminders_send()

    assert sent.due_soon == [twin]  # the first article's reminder is not the twin's
    assert [message.subject for message in mail.outbox] == [
        "Medical review due on 2027-03-01: Iron and fatigue",
        "Medical review due on 2027-03-01: Iron and sleep",
    ]


def test_articles_are_reminded_soonest_due_first():
    later = ArticleFactory(title="Due later", next_review_due=DUE + datetime.timedelta(days=2))
    sooner = ArticleFactory(title="Due sooner", next_review_due=DUE)
    with at(DUE + datetime.timedelta(days=5)):
        sent = review_reminders_send()
    assert sent.overdue == [sooner, later]


def test_a_run_that_finds_nothing_new_costs_two_queries_however_many_articles_were_reminded(
    article, django_assert_num_queries
):
    for index in range(3):
        ArticleFactory(
            title=f"Also due {index}",
            medical_reviewer=ReviewerFactory(user=UserFactory(email=f"r{index}@example.org")),
            next_review_due=DUE - datetime.timedelta(days=index),
        )
    with at(DUE - datetime.timedelta(days=10)):
        with django_assert_num_queries(2 + 3 * 4):  # control: each of 4 reminders is a savepoint, a row, a release
            review_reminders_send()
        with django_assert_num_queries(2):  # due soon, overdue: the reviewers come with the articles
            sent = review_reminders_send()
    assert (sent.due_soon, sent.overdue) == ([], [])
    assert len(mail.outbox) == 4
    with at(DUE + datetime.timedelta(days=1)):
        review_reminders_send()
        with django_assert_num_queries(2):  # the overdue reminders too are sent once
            sent = review_reminders_send()
    assert (sent.due_soon, sent.overdue) == ([], [])
    assert len(mail.outbox) == 4 + 4


def test_without_a_reviewer_or_an_address_the_reminder_is_recorded_and_nobody_is_written_to():
    no_reviewer = ArticleFactory(title="No reviewer", medical_reviewer=None, next_review_due=DUE)
    no_account = ArticleFactory(title="No account", medical_reviewer=ReviewerFactory(user=None), next_review_due=DUE)
    no_address = ArticleFactory(
        title="No address", medical_reviewer=ReviewerFactory(user=UserFactory(email="")), next_review_due=DUE
    )
    with at(DUE - datetime.timedelta(days=3)):
        sent = review_reminders_send()

    assert sent.due_soon == [no_reviewer, no_account, no_address]
    assert mail.outbox == []
    assert list(ReviewReminder.objects.values_list("recipients", flat=True)) == ["", "", ""]


def test_only_active_publishers_with_an_address_are_told(article, publishers):
    gone = user_in_role("publisher-gone", "Publisher")
    gone.email, gone.is_active = "gone@example.org", False
    gone.save()
    silent = user_in_role("publisher-without-address", "Publisher")
    silent.email = ""
    silent.save()
    with at(DUE):
        sent = review_reminders_send()

    assert sent.publishers_told == 1
    assert mail.outbox[-1].to == ["desk@example.org"]


def test_with_no_publisher_to_tell_nobody_is_counted(article):
    with at(DUE):
        sent = review_reminders_send()
    assert (sent.overdue, sent.publishers_told) == ([article], 0)


def test_a_reminder_another_run_recorded_first_is_not_sent_again(article):
    """Two runs at once (a cron job and the daily task): the reminder's row is unique, and the run that finds it
    taken sends nothing."""
    ReviewReminder.objects.create(article=article, kind=ReviewReminder.Kind.DUE_SOON, due_date=DUE)

    assert _remind(article, ReviewReminder.Kind.DUE_SOON, "Subject", "Body") is False
    assert _remind(article, ReviewReminder.Kind.OVERDUE, "Subject", "Body") is True  # control
    assert [message.subject for message in mail.outbox] == ["Subject"]
