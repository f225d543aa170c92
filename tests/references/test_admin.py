"""The reference admin: validated identifiers, no duplicate records."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
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


def test_a_reference_saved_from_an_older_page_is_refused_and_keeps_the_typed_text(admin_client, django_user_model):
    reference = ReferenceFactory(title="Original title", url="https://example.org/original")
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
    alice = django_user_model.objects.create_user("alice")
    reference_update(
        reference=reference,
        fields={"title": "Saved by someone else", "url": "https://example.org/swapped"},
        expected_version=reference.version,
        user=alice,
    )

    response = admin_client.post(url, form)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Not saved: alice saved this reference at " in page
    assert "Your changes are still below." in page
    assert response.context["adminform"].form["title"].value() == "Typed on an old page"
    # The heading and the formatted citation show what is stored, not the refused typing.
    assert response.context["subtitle"].startswith("Saved by someone else")
    assert "Saved by someone else." in page and "Typed on an old page." not in page
    reference.refresh_from_db()
    assert (reference.title, reference.version) == ("Saved by someone else", 2)
    changes_url = reverse("admin:references_reference_changes", args=[reference.pk]) + "?since=1"
    assert f'href="{changes_url}"' in page
    # Positive control: from a page showing the current version, the save goes through.
    assert admin_client.post(url, {**form, "loaded_version": 2}).status_code == 302
    reference.refresh_from_db()
    assert (reference.title, reference.version) == ("Typed on an old page", 3)


def test_what_changed_since_a_version_lists_each_field_before_and_after_and_who_saved(admin_client, django_user_model):
    reference = ReferenceFactory(title="Original title", url="https://example.org/original", year=2011)
    alice = django_user_model.objects.create_user("alice")
    reference_update(
        reference=reference,
        fields={"title": "Miracle cure blog post", "url": "https://example.org/swapped", "year": 2011},
        expected_version=1,
        user=alice,
    )
    url = reverse("admin:references_reference_changes", args=[reference.pk])

    response = admin_client.get(url, {"since": 1})

    assert response.status_code == 200
    assert response.context["changes"] == [
        ("title", "Original title", "Miracle cure blog post"),
        ("URL", "https://example.org/original", "https://example.org/swapped"),
    ]
    page = response.content.decode()
    assert "<td>alice</td>" in page
    assert "Changed title, url" in page
    # Nothing changed since the current version; a version never kept is said so, not guessed.
    assert admin_client.get(url, {"since": 2}).context["changes"] == []
    assert admin_client.get(url, {"since": 7}).context["changes"] is None
    assert "was not kept" in admin_client.get(url, {"since": 7}).content.decode()
    assert "to version 2, the current one" in page
    for bad in ("x", "²", "１", "-1", ""):
        assert admin_client.get(url, {"since": bad}).status_code == 404, bad
    assert admin_client.get(url.replace(f"/{reference.pk}/", "/abc/"), {"since": 1}).status_code in (302, 404)


def test_what_changed_needs_permission_to_see_references(client, django_user_model):
    reference = ReferenceFactory()
    url = reverse("admin:references_reference_changes", args=[reference.pk])
    nobody = django_user_model.objects.create_user("nobody", is_staff=True)
    client.force_login(nobody)

    assert client.get(url, {"since": 1}).status_code == 403
    # Positive control: the same page for a user who may see references.
    nobody.user_permissions.add(*Permission.objects.filter(codename="view_reference"))
    assert client.get(url, {"since": 1}).status_code == 200


def test_what_changed_reads_the_same_number_of_queries_however_many_saves(admin_client):
    reference = ReferenceFactory(title="Version 1")
    url = reverse("admin:references_reference_changes", args=[reference.pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(url, {"since": 1}).status_code == 200
        return len(captured)

    reference_update(reference=reference, fields={"title": "Version 2"}, expected_version=1)
    few = queries()
    for version in range(2, 12):
        reference_update(reference=reference, fields={"title": f"Version {version + 1}"}, expected_version=version)
    assert queries() == few


def test_a_reference_deleted_meanwhile_keeps_what_was_typed_on_the_add_page(admin_client):
    reference = ReferenceFactory(title="Original title", doi="10.1056/nejmra070553")
    url = reverse("admin:references_reference_change", args=[reference.pk])
    form = {"kind": reference.kind, "title": "Typed before it was deleted", "doi": reference.doi, "loaded_version": 1}
    Reference.objects.all().delete()

    response = admin_client.post(url, form)

    assert response.status_code == 200
    page = response.content.decode()
    assert (
        "This reference was deleted by someone else while you edited it, so nothing was saved; what you typed is "
        "below: copy it, or save it as a new reference." in page
    )
    typed = response.context["adminform"].form
    assert (typed["title"].value(), typed["doi"].value()) == ("Typed before it was deleted", "10.1056/nejmra070553")
    assert f'action="{reverse("admin:references_reference_add")}"' in page
    assert not Reference.objects.exists()
