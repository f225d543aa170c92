"""The reference admin: validated identifiers, no duplicate records."""

import pytest
from django.urls import reverse

from references.models import Reference
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
