"""The reference admin: validated identifiers, no duplicate records."""

import pytest
from django.urls import reverse

from references.models import Reference
from references.services import reference_update
from tests.helpers.factories import (
    ReferenceFactory,
)

pytestmark = pytest.mark.django_db


def test_reference_admin_rejects_a_malformed_doi_with_a_clear_message(admin_client):
    response = admin_client.post(
        reverse("admin:references_reference_add"),
        {"kind": "journal_article", "title": "A paper", "doi": "doi 1056/abc", "pmid": "12a"},
    )

    errors = response.context["adminform"].form.errors
    assert "is not a DOI" in errors["doi"][0]
    assert "is not a PubMed ID" in errors["pmid"][0]
    assert not Reference.objects.exists()


def test_reference_admin_points_to_the_existing_record_for_a_duplicate_doi(admin_client):
    ReferenceFactory(doi="10.1056/nejmra070553")

    response = admin_client.post(
        reverse("admin:references_reference_add"),
        {"kind": "journal_article", "title": "Same paper", "doi": "https://doi.org/10.1056/NEJMra070553"},
    )

    assert response.status_code == 200
    assert "already has this DOI. Cite that reference instead" in response.content.decode()
    assert Reference.objects.count() == 1


def test_reference_search_by_doi_and_pmid(admin_client):
    ReferenceFactory(title="Vitamin D deficiency", doi="10.1056/nejmra070553", pmid="17634462")
    url = reverse("admin:references_reference_changelist")

    assert admin_client.get(url, {"q": "17634462"}).context["cl"].result_count == 1
    assert admin_client.get(url, {"q": "10.1056/nejmra070553"}).context["cl"].result_count == 1


def test_a_reference_saved_from_an_older_page_is_refused_and_keeps_the_typed_text(admin_client):
    reference = ReferenceFactory(title="Original title")
    url = reverse("admin:references_reference_change", args=[reference.pk])
    form = {
        "kind": reference.kind,
        "title": "Typed on an old page",
        "authors": reference.authors,
        "container": reference.container,
        "year": reference.year,
        "url": reference.url,
        "loaded_version": reference.version,
    }
    reference_update(reference=reference, fields={"title": "Saved by someone else"}, expected_version=reference.version)

    response = admin_client.post(url, form)

    assert response.status_code == 200
    assert "Someone else saved this reference since you opened it" in response.content.decode()
    assert response.context["adminform"].form["title"].value() == "Typed on an old page"
    reference.refresh_from_db()
    assert (reference.title, reference.version) == ("Saved by someone else", 2)
    # Positive control: from a page showing the current version, the save goes through.
    assert admin_client.post(url, {**form, "loaded_version": 2}).status_code == 302
    reference.refresh_from_db()
    assert (reference.title, reference.version) == ("Typed on an old page", 3)
