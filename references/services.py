"""Saving references: a new version and a stored revision on every save, and a save based on an older
version refused, saying who saved since and when."""

import reversion
from django.db import transaction
from django.utils.translation import gettext as _
from reversion.models import Version

from core.exceptions import StaleVersion, StateConflict
from references.identifiers import normalize_doi, normalize_pmid
from references.models import Reference

# What an editor may set; the version is the service's.
REFERENCE_FIELDS = (
    "kind", "title", "authors", "container", "year", "volume", "issue", "pages", "doi", "pmid", "url", "accessed_on",
)  # fmt: skip


def reference_versions(reference: Reference):
    """The stored revisions of the reference, newest first."""
    return Version.objects.get_for_object(reference).select_related("revision__user")


def reference_check_version(*, reference: Reference, expected_version: int | None) -> Reference:
    """The stored reference, locked until the end of the transaction; StaleVersion if it changed since."""
    stored = Reference.objects.select_for_update().get(pk=reference.pk)
    if expected_version is not None and int(expected_version) != stored.version:
        last = reference_versions(stored).first()
        revision = last.revision if last else None
        raise StaleVersion(
            _("Someone else saved this reference since you opened it: reload the page to see their change."),
            current=stored.version,
            saved_by=revision.user.get_username() if revision and revision.user else "",
            saved_at=revision.date_created if revision else None,
        )
    return stored


def _record(reference: Reference, *, user, comment: str) -> None:
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(comment)
        reversion.add_to_revision(reference)


def reference_update(*, reference: Reference, fields: dict, expected_version: int | None, user=None) -> Reference:
    """Change the reference; every article that cites it shows the change only after a new medical review."""
    with transaction.atomic():
        stored = reference_check_version(reference=reference, expected_version=expected_version)
        unknown = set(fields) - set(REFERENCE_FIELDS)
        if unknown:
            raise ValueError(f"Not editable reference fields: {sorted(unknown)}")
        changed = {name: value for name, value in fields.items() if getattr(stored, name) != value}
        if not changed:
            return stored
        if not reference_versions(stored).exists():
            # Made before revisions were kept (or by the demo loader): store what editors saw, to compare with.
            _record(stored, user=None, comment=_("As it was before the first tracked change"))
        for name, value in changed.items():
            setattr(stored, name, value)
        stored.version += 1
        stored.full_clean()
        stored.save()
        _record(stored, user=user, comment=_("Changed %(fields)s") % {"fields": ", ".join(sorted(changed))})
        return stored


def reference_create(*, fields: dict, user=None) -> Reference:
    with transaction.atomic():
        reference = Reference(**{name: value for name, value in fields.items() if name in REFERENCE_FIELDS})
        reference.full_clean()
        reference.save()
        _record(reference, user=user, comment=_("Added"))
        return reference


def reference_changes(*, reference: Reference, since_version: int) -> list[tuple[str, str, str]] | None:
    """(field label, value then, value now) for each field that differs between the stored revision whose
    version was `since_version` and the reference now; None when no such revision was kept."""
    then = next(
        (
            version.field_dict
            for version in reference_versions(reference)
            if version.field_dict.get("version") == since_version
        ),
        None,
    )
    if then is None:
        return None
    changes = []
    for name in REFERENCE_FIELDS:
        before, after = then.get(name), getattr(reference, name)
        if before != after:
            label = Reference._meta.get_field(name).verbose_name
            changes.append((str(label), "" if before is None else str(before), "" if after is None else str(after)))
    return changes


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
