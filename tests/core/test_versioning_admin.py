"""Every record editors share refuses a save from a page opened before someone else's save (what was typed
stays in the form, and the message links to what changed), and keeps what was typed when the record was deleted
meanwhile: topics, contributors, the site settings and webhook endpoints (references: tests/references)."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from articles.models import Contributor, Topic
from core.models import SiteSettings
from core.versioning import record_update
from tests.helpers.admin_forms import version_on_page
from tests.helpers.factories import ContributorFactory, TopicFactory
from webhooks.models import WebhookEndpoint
from webhooks.services.endpoints import webhook_endpoint_create, webhook_endpoint_disable

pytestmark = pytest.mark.django_db

TYPED = "Typed on a page opened earlier"


@dataclass
class Case:
    make: Callable
    form: Callable  # the change form as the admin posts it for the stored record, with `typed` in `field`
    field: str  # the field the editor typed in
    theirs: dict  # what the other editor saved meanwhile


def endpoint_form(endpoint, typed):
    return {
        "url": endpoint.url,
        "description": typed,
        "events": endpoint.events,
        "active": "on",
        "deliveries-TOTAL_FORMS": "0",
        "deliveries-INITIAL_FORMS": "0",
    }


CASES = {
    "topic": Case(
        make=lambda: TopicFactory(name="Electrolytes", slug="electrolytes", description="Salts."),
        form=lambda topic, typed: {"name": topic.name, "slug": topic.slug, "description": typed},
        field="description",
        theirs={"description": "Saved by someone else"},
    ),
    "contributor": Case(
        make=lambda: ContributorFactory(name="Ada Lovelace", slug="ada-lovelace", bio="Writes."),
        form=lambda person, typed: {
            **{name: getattr(person, name) for name in ("name", "slug", "credentials")},
            **{"is_author": "on", "bio": typed, "user": ""},
        },
        field="bio",
        theirs={"bio": "Saved by someone else", "is_medical_reviewer": True},
    ),
    "site settings": Case(
        make=SiteSettings.load,
        form=lambda site, typed: {
            **{name: getattr(site, name) for name in ("site_name", "article_url_template", "language")},
            **{"default_disclaimer": typed, "review_interval_months": "12", "citation_style": "ama"},
            **{"separate_duties": "on", "target_reading_grade": "8", "reading_targets": '{"es": 55}'},
        },
        field="default_disclaimer",
        theirs={"default_disclaimer": "Saved by someone else", "review_interval_months": 6},
    ),
    "webhook endpoint": Case(
        make=lambda: webhook_endpoint_create(url="https://hooks.example.org/cms", events=["article.published"]),
        form=endpoint_form,
        field="description",
        theirs={"description": "Saved by someone else", "active": False},
    ),
}


def change_url(record) -> str:
    return reverse(f"admin:{record._meta.app_label}_{record._meta.model_name}_change", args=[record.pk])


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_a_save_from_a_page_opened_before_someone_elses_save_is_refused_and_keeps_the_typing(
    admin_client, django_user_model, case
):
    record = case.make()
    url = change_url(record)
    opened = version_on_page(admin_client.get(url).content.decode())
    alice = django_user_model.objects.create_user("alice")
    record_update(record=record, fields=case.theirs, expected_version=opened, user=alice)

    response = admin_client.post(url, {**case.form(record, TYPED), "loaded_version": opened})

    assert response.status_code == 200
    page = response.content.decode()
    subject = "the site settings" if isinstance(record, SiteSettings) else f"this {record._meta.verbose_name}"
    assert f"Not saved: alice saved {subject} at " in page
    assert "Your changes are still below." in page
    assert TYPED in page
    assert response.context["adminform"].form[case.field].value() == TYPED
    stored = type(record).objects.get(pk=record.pk)
    assert (getattr(stored, case.field), stored.version) == (case.theirs[case.field], opened + 1)
    changes = reverse(f"admin:{record._meta.app_label}_{record._meta.model_name}_changes", args=[record.pk])
    assert f'href="{changes}?since={opened}"' in page

    # What changed: each field the other editor changed, as it was when the page was opened and as it is now.
    shown = admin_client.get(changes, {"since": opened})
    assert shown.status_code == 200
    assert {label for label, _before, _after in shown.context["changes"]} == {
        str(type(record)._meta.get_field(name).verbose_name) for name in case.theirs
    }
    assert "<td>alice</td>" in shown.content.decode()

    # Positive control: from a page showing the current version, the same save goes through and raises it.
    assert admin_client.post(url, {**case.form(stored, TYPED), "loaded_version": opened + 1}).status_code == 302
    stored.refresh_from_db()
    assert (getattr(stored, case.field), stored.version) == (TYPED, opened + 2)


@pytest.mark.parametrize("case", [CASES["topic"], CASES["webhook endpoint"]], ids=["topic", "webhook endpoint"])
def test_a_save_of_a_record_deleted_meanwhile_shows_the_typing_on_the_add_page(admin_client, case):
    record = case.make()
    url, form = change_url(record), {**case.form(record, TYPED), "loaded_version": record.version}
    type(record).objects.filter(pk=record.pk).delete()

    response = admin_client.post(url, form)

    assert response.status_code == 200
    page = response.content.decode()
    thing = record._meta.verbose_name
    assert (
        f"This {thing} was deleted by someone else while you edited it, so nothing was saved; what you typed is "
        f"below: copy it, or save it as a new {thing}." in page
    )
    assert "doesn’t exist" not in page
    assert response.context["adminform"].form[case.field].value() == TYPED
    add_url = reverse(f"admin:{record._meta.app_label}_{record._meta.model_name}_add")
    assert f'action="{add_url}"' in page
    assert not type(record).objects.exists()
    # Saving it from there makes a new record with what was typed.
    assert admin_client.post(add_url, {**form, "loaded_version": ""}).status_code == 302
    assert getattr(type(record).objects.get(), case.field) == TYPED


def test_an_editor_who_may_not_add_gets_the_typing_of_a_deleted_record_in_the_message(client, django_user_model):
    topic = TopicFactory(name="Electrolytes", slug="electrolytes")
    editor = django_user_model.objects.create_user("editor", is_staff=True)
    editor.user_permissions.add(*Permission.objects.filter(codename__in=["change_topic", "view_topic"]))
    client.force_login(editor)
    url = change_url(topic)
    form = {**CASES["topic"].form(topic, TYPED), "loaded_version": 1}
    Topic.objects.all().delete()

    response = client.post(url, form, follow=True)

    page = response.content.decode()
    assert "This topic was deleted by someone else while you edited it, so nothing was saved. What you typed:" in page
    assert f"Description: {TYPED}" in page


def test_a_contributor_deleted_meanwhile_keeps_unticked_boxes_unticked(admin_client):
    person = ContributorFactory(is_author=True)
    form = {**CASES["contributor"].form(person, TYPED), "loaded_version": 1}
    del form["is_author"]  # the editor unticked "writes articles"
    Contributor.objects.all().delete()

    response = admin_client.post(change_url(person), form)

    typed = response.context["adminform"].form
    assert (typed["bio"].value(), typed["is_author"].value()) == (TYPED, False)


def test_a_webhook_endpoint_disabled_meanwhile_is_not_turned_back_on_by_a_page_opened_before(admin_client):
    endpoint = webhook_endpoint_create(url="https://hooks.example.org/cms", events=["article.published"])
    webhook_endpoint_disable(endpoint=WebhookEndpoint.objects.get(), reason="It answered 410 Gone.")

    response = admin_client.post(change_url(endpoint), {**endpoint_form(endpoint, TYPED), "loaded_version": 1})

    assert "Not saved: someone else saved this webhook endpoint at " in response.content.decode()
    assert WebhookEndpoint.objects.get().active is False


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_a_save_that_says_no_version_is_refused_not_taken_as_current(admin_client, case):
    record = case.make()
    before = type(record).objects.get(pk=record.pk)

    response = admin_client.post(change_url(record), case.form(record, TYPED))

    assert response.status_code == 200
    assert "The page did not say which version you saw: reload it and try again." in response.content.decode()
    assert getattr(type(record).objects.get(pk=record.pk), case.field) == getattr(before, case.field)
