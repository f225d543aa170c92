"""Saving references: a new version on every save, and a save based on an older version refused."""

from django.db import transaction
from django.utils.translation import gettext as _

from core.exceptions import StaleVersion, StateConflict
from references.identifiers import normalize_doi, normalize_pmid
from references.models import Reference

# What an editor may set; the version is the service's.
REFERENCE_FIELDS = (
    "kind", "title", "authors", "container", "year", "volume", "issue", "pages", "doi", "pmid", "url", "accessed_on",
)  # fmt: skip


def reference_check_version(*, reference: Reference, expected_version: int | None) -> Reference:
    """The stored reference, locked until the end of the transaction; StaleVersion if it changed since."""
    stored = Reference.objects.select_for_update().get(pk=reference.pk)
    if expected_version is not None and int(expected_version) != stored.version:
        raise StaleVersion(
            _("Someone else saved this reference since you opened it: reload the page to see their change."),
            current=stored.version,
        )
    return stored


@transaction.atomic
def reference_update(*, reference: Reference, fields: dict, expected_version: int | None) -> Reference:
    """Change the reference; every article that cites it shows the change only after a new medical review."""
    stored = reference_check_version(reference=reference, expected_version=expected_version)
    unknown = set(fields) - set(REFERENCE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable reference fields: {sorted(unknown)}")
    changed = {name: value for name, value in fields.items() if getattr(stored, name) != value}
    if not changed:
        return stored
    for name, value in changed.items():
        setattr(stored, name, value)
    stored.version += 1
    stored.full_clean()
    stored.save()
    return stored


@transaction.atomic
def reference_create(*, fields: dict) -> Reference:
    reference = Reference(**{name: value for name, value in fields.items() if name in REFERENCE_FIELDS})
    reference.full_clean()
    reference.save()
    return reference


@transaction.atomic
def reference_delete(*, reference: Reference, expected_version: int | None) -> None:
    """Delete a reference that no article cites."""
    stored = reference_check_version(reference=reference, expected_version=expected_version)
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
            existing = Reference.objects.filter(**{field: value}).exclude(pk=exclude_pk).first()
            if existing is not None:
                return existing
    return None
