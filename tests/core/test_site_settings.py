"""Site settings: one row, edited in the admin, driving the default disclaimer."""

import pytest
from django.urls import reverse

from core.models import SiteSettings
from tests.helpers.admin_forms import version_on_page
from tests.helpers.factories import complete_article
from tests.helpers.publishing import publish_reviewed

pytestmark = pytest.mark.django_db


def publish(**fields):
    article = complete_article(children=2, **fields)
    publish_reviewed(article)
    return article


def test_site_settings_are_edited_in_the_admin_and_drive_the_default_disclaimer(admin_client, api_client):
    url = reverse("admin:core_sitesettings_change", args=[1])
    response = admin_client.post(
        url,
        {
            "loaded_version": version_on_page(admin_client.get(url).content.decode()),
            "separate_duties": "on",
            "default_disclaimer": "Edited in the admin.",
            "review_interval_months": "6",
            "site_name": "Health Site",
            "article_url_template": "https://health.example.org/a/{slug}/",
            "language": "en-GB",
            "citation_style": "ama",
            "target_reading_grade": "8",
            "reading_targets": '{"es": 55}',
        },
    )
    article = publish(slug="uses-default")
    own = publish(slug="has-its-own", disclaimer="Ask your pharmacist.")

    assert response.status_code == 302
    assert SiteSettings.load().review_interval_months == 6
    assert api_client.get(f"/api/v1/articles/{article.slug}/").json()["disclaimer"] == "Edited in the admin."
    assert api_client.get(f"/api/v1/articles/{own.slug}/").json()["disclaimer"] == "Ask your pharmacist."


def test_site_settings_reject_an_article_address_without_slug(admin_client):
    response = admin_client.post(
        reverse("admin:core_sitesettings_change", args=[1]),
        {
            "default_disclaimer": "x",
            "review_interval_months": "0",
            "site_name": "S",
            "article_url_template": "https://example.org/articles/",
            "language": "en",
        },
    )

    errors = response.context["adminform"].form.errors
    assert "must contain {slug}" in errors["article_url_template"][0]
    assert "review_interval_months" in errors


def test_there_is_one_site_settings_row(admin_client):
    assert admin_client.get(reverse("admin:core_sitesettings_changelist")).url.endswith("/1/change/")
    assert admin_client.get(reverse("admin:core_sitesettings_add")).status_code == 403
    SiteSettings(default_disclaimer="again").save()
    assert SiteSettings.objects.count() == 1


@pytest.mark.parametrize(
    ("reading_targets", "error"),
    [
        ('["es", 55]', 'Write an object such as {"es": 55, "de": 60}.'),
        ('{"en": 8}', "English is measured by grade: set it in “target reading grade for patients”."),
        ('{"ar": 50}', "“ar” is not a language with an ease formula (those are: de, es, fr)."),
        ('{"es": 120}', "The target for “es” must be a number from 0 to 100, not 120."),
        ('{"es": "55"}', 'The target for “es” must be a number from 0 to 100, not "55".'),
        ("{es: 55}", "Enter a valid JSON."),
    ],
)
def test_a_reading_target_no_formula_can_meet_is_refused_in_the_admin_form(admin_client, reading_targets, error):
    url = reverse("admin:core_sitesettings_change", args=[1])
    site_settings = SiteSettings.load()
    data = {
        "loaded_version": version_on_page(admin_client.get(url).content.decode()),
        "default_disclaimer": site_settings.default_disclaimer,
        "review_interval_months": "12",
        "site_name": "S",
        "article_url_template": site_settings.article_url_template,
        "language": "es",
        "citation_style": "ama",
        "target_reading_grade": "8",
    }

    refused = admin_client.post(url, {**data, "reading_targets": reading_targets})
    saved = admin_client.post(url, {**data, "reading_targets": '{"es": 50, "fr": 62.5}'})  # the control

    assert refused.context["adminform"].form.errors["reading_targets"] == [error]
    assert saved.status_code == 302
    assert SiteSettings.load().reading_targets == {"es": 50, "fr": 62.5}
