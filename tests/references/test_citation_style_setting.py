"""The site's citation style: chosen in the site settings, used by every new approval and by the editors'
views of the working copy, never by a document that is already frozen."""

import json

import pytest
from django.urls import reverse

from core.models import CitationStyle, SiteSettings
from publishing.preview import preview_token_make
from publishing.selectors import approval_of_current_version, references_changed_since
from references.models import Reference
from tests.helpers.admin_forms import version_on_page
from tests.helpers.factories import CitationFactory, ReferenceFactory, complete_article
from tests.helpers.manage_api import token_client
from tests.helpers.publishing import publish_reviewed

pytestmark = pytest.mark.django_db

AMA_TEXT = "Holick MF. Vitamin D deficiency. N Engl J Med. 2007;357(3):266-281. doi:10.1056/nejmra070553"
VANCOUVER_TEXT = (
    "Holick MF. Vitamin D deficiency. N Engl J Med. 2007;357(3):266\u201381. doi:10.1056/nejmra070553 "
    "PubMed PMID: 17634462."
)


@pytest.fixture
def holick() -> Reference:
    return ReferenceFactory(
        kind="journal_article",
        authors="Holick MF",
        title="Vitamin D deficiency",
        container="N Engl J Med",
        year=2007,
        volume="357",
        issue="3",
        pages="266-281",
        doi="10.1056/NEJMra070553",
        pmid="17634462",
        url="",
        accessed_on=None,
    )


def article_citing(reference: Reference, slug: str):
    article = complete_article(children=0, slug=slug)
    CitationFactory(article=article, reference=reference, number=1)
    return article


def choose_in_the_admin(admin_client, style: CitationStyle) -> None:
    site_settings = SiteSettings.load()
    url = reverse("admin:core_sitesettings_change", args=[site_settings.pk])
    response = admin_client.post(
        url,
        {
            "loaded_version": version_on_page(admin_client.get(url).content.decode()),
            "separate_duties": "on" if site_settings.separate_duties else "",
            "default_disclaimer": site_settings.default_disclaimer,
            "review_interval_months": site_settings.review_interval_months,
            "site_name": site_settings.site_name,
            "article_url_template": site_settings.article_url_template,
            "language": site_settings.language,
            "citation_style": style,
            "target_reading_grade": site_settings.target_reading_grade,
            "reading_targets": json.dumps(site_settings.reading_targets),
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors


def public_citations(api_client, slug: str) -> tuple[str, str]:
    """The citation as the article detail and as the references list serve it."""
    detail = api_client.get(f"/api/v1/articles/{slug}/").json()
    listed = api_client.get("/api/v1/references/", {"article": slug}).json()
    return detail["references"][0]["citation"], listed["results"][0]["citation"]


def test_the_site_starts_in_ama():
    assert SiteSettings.load().citation_style == CitationStyle.AMA


def test_the_setting_is_in_the_site_settings_admin(admin_client):
    page = admin_client.get(reverse("admin:core_sitesettings_change", args=[SiteSettings.load().pk]))

    assert 'name="citation_style"' in page.content.decode()


def test_new_approvals_use_the_chosen_style_and_published_articles_keep_their_text(admin_client, api_client, holick):
    first = article_citing(holick, "published-in-ama")
    publish_reviewed(first)
    ama_approval = approval_of_current_version(first)

    choose_in_the_admin(admin_client, CitationStyle.VANCOUVER)
    second = article_citing(holick, "published-in-vancouver")
    publish_reviewed(second)

    assert public_citations(api_client, first.slug) == (AMA_TEXT, AMA_TEXT)
    assert public_citations(api_client, second.slug) == (VANCOUVER_TEXT, VANCOUVER_TEXT)
    # A change of style is no edit of the reference: nothing to review again.
    assert references_changed_since(ama_approval) == []

    publish_reviewed(first)  # approved again: now in the site's style

    assert public_citations(api_client, first.slug) == (VANCOUVER_TEXT, VANCOUVER_TEXT)


def test_the_preview_shows_the_working_copy_in_the_chosen_style(admin_client, api_client, holick):
    article = article_citing(holick, "previewed")
    choose_in_the_admin(admin_client, CitationStyle.VANCOUVER)

    preview = api_client.get(f"/api/v1/preview/{preview_token_make(article)}/").json()

    assert preview["references"][0]["citation"] == VANCOUVER_TEXT


@pytest.mark.parametrize(
    ("style", "expected"), [(CitationStyle.AMA, AMA_TEXT), (CitationStyle.VANCOUVER, VANCOUVER_TEXT)]
)
def test_the_management_api_and_the_admin_use_the_chosen_style(admin_client, author, holick, style, expected):
    choose_in_the_admin(admin_client, style)

    listed = token_client(author).get("/api/v1/manage/references/").json()["results"]
    read = token_client(author).get(f"/api/v1/manage/references/{holick.pk}/").json()
    admin_page = admin_client.get(reverse("admin:references_reference_change", args=[holick.pk]))

    assert [entry["citation"] for entry in listed] == [expected]
    assert read["citation"] == expected
    assert expected in admin_page.content.decode()
