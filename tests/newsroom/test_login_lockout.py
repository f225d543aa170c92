"""Guessing passwords: after a few failures for one user from one address, sign-ins pause."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from tests.helpers.factories import UserFactory

pytestmark = pytest.mark.django_db


def sign_in(client, username: str, password: str):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password})


def test_five_wrong_passwords_pause_sign_ins_even_with_the_right_one(client, settings):
    settings.AXES_FAILURE_LIMIT = 5
    UserFactory(username="victim")
    UserFactory(username="bystander")

    failures = [sign_in(client, "victim", f"guess-{n}").status_code for n in range(5)]
    right = sign_in(client, "victim", "demo-password")
    other = sign_in(client, "bystander", "demo-password")

    assert failures == [200, 200, 200, 200, 429]  # the login form again, then the pause
    assert right.status_code == 429
    assert "sign-ins from here are paused" in right.content.decode()
    assert "Try again in 15 minutes" in right.content.decode()
    assert other.status_code == 302  # another account is not locked


def test_the_pause_ends_after_the_cool_off(client):
    UserFactory(username="victim")
    for n in range(5):
        sign_in(client, "victim", f"guess-{n}")

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=16)):
        assert sign_in(client, "victim", "demo-password").status_code == 302


def test_a_right_password_before_the_limit_starts_the_count_again(client):
    UserFactory(username="victim")
    for n in range(4):
        sign_in(client, "victim", f"guess-{n}")
    assert sign_in(client, "victim", "demo-password").status_code == 302
    client.logout()

    for n in range(4):
        assert sign_in(client, "victim", f"again-{n}").status_code == 200
    assert sign_in(client, "victim", "demo-password").status_code == 302
