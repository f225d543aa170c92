"""Saving references, through the version check every record editors share goes through (`core.versioning`)."""

from django.db import transaction
from django.utils.translation import gettext as _

from core.exceptions import StateConflict
from core.versioning import record_check_version, record_create, record_update
from references.identifiers import normalize_doi, normalize_pmid
from references.models import Reference

# What an editor may set; the version is the service's.
REFERENCE_FIELDS = (
    "kind", "title", "authors", "container", "year", "volume", "issue", "pages", "doi", "pmid", "url", "accessed_on",
)  # fmt: skip


def reference_update(*, reference: Reference, fields: dict, expected_version: int | None, user=None) -> Reference:
    """Change the reference; every article that cites it shows the change only after a new medical review."""
    unknown = set(fields) - set(REFERENCE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable reference fields: {sorted(unknown)}")
    return record_update(record=reference, fields=fields, expected_version=expected_version, user=user)


def reference_create(*, fields: dict, user=None) -> Reference:
    return record_create(
        model=Reference, fields={name: value for name, value in fields.items() if name in REFERENCE_FIELDS}, user=user
    )


@transaction.atomic
def reference_delete(*, reference: Reference, expected_version: int | None) -> None:
    """Delete a reference that no article cites."""
    stored = record_check_version(record=reference, expected_version=expected_version)
    citing = stored.citations.count()
    if citing:
        raise StateConflict(
            _("%(count)s article(s) cite this reference: remove the citations first.") % {"count": citing}
        )
    stored.delete()


def reference_with_identifier(*, doi: str = "", pmid: str = "", exclude_pk: int | None = None) -> Reference | None:
    """The reference that already has this DOI or PubMed ID (references are kept once)."""
    for field, value in (("doi", normalize_doi(doi)), ("pmid", normalize_pmid(pmid))):
        if value:
            existing = Reference.objects.filter(**{field: value}).exclude(pk=exclude_pk).first()  # type: ignore[misc]  # pk=None is valid: IS NULL
            if existing is not None:
                return existing
    return None
