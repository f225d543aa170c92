"""Review cadence: one email per reminder, time travelled with time-machine, and the daily task's chain."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from articles.models import Article, ReviewReminder
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
