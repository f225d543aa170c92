"""Saving records that editors change at once (`core.models.Versioned`): a save based on an older version is
refused, saying who saved since and when; every save raises the version and stores a revision
(django-reversion), so that a refused editor can see what changed. References, topics, contributors, the site
settings, webhook endpoints and synonym groups all save through here; articles, whose parts are saved with them,
have their own service with the same rule (`articles.services.editing`)."""

from typing import Protocol, TypeVar, cast

import reversion
from django.db import models, transaction
from django.utils.translation import gettext as _
from reversion.models import Version

from core.exceptions import StaleVersion

M = TypeVar("M", bound=models.Model)


class HasVersion(Protocol):
    """A record with a version field: `core.models.Versioned`, or its own (`references.models.Reference`)."""

    version: int


def record_subject(model: type[models.Model]) -> str:
    """How messages name one record of the model: "this topic", unless the model names itself
    (`version_subject`: "the site settings")."""
    return str(getattr(model, "version_subject", "")) or _("this %(thing)s") % {"thing": model._meta.verbose_name}


def record_versions(record: models.Model):
    """The stored revisions of the record, newest first."""
    return Version.objects.get_for_object(record).select_related("revision__user")


def record_check_version(*, record: M, expected_version: int | None) -> M:
    """The stored record, locked until the end of the transaction; StaleVersion if it changed since
    `expected_version` was read (None skips the comparison)."""
    stored = type(record)._default_manager.select_for_update().get(pk=record.pk)
    if expected_version is not None and int(expected_version) != cast(HasVersion, stored).version:
        last = record_versions(stored).first()
        revision = last.revision if last else None
        raise StaleVersion(
            _("Someone else saved %(subject)s since you opened it: reload the page to see their change.")
            % {"subject": record_subject(type(record))},
            current=cast(HasVersion, stored).version,
            saved_by=revision.user.get_username() if revision and revision.user else "",
            saved_at=revision.date_created if revision else None,
        )
    return stored


def record_revision(record: models.Model, *, user, comment: str) -> None:
    """A stored revision of `record` as it is now (what a refused editor compares with)."""
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(comment)
        reversion.add_to_revision(record)


def record_update(*, record: M, fields: dict, expected_version: int | None, user=None) -> M:
    """Set `fields` (the caller says which fields may be set) on the stored record and raise its version;
    nothing when nothing differs. Returns the stored record."""
    with transaction.atomic():
        stored = record_check_version(record=record, expected_version=expected_version)
        changed = {name: value for name, value in fields.items() if getattr(stored, name) != value}
        if not changed:
            return stored
        if not record_versions(stored).exists():
            # Made before revisions were kept (or by a loader): store what editors saw, to compare with.
            record_revision(stored, user=None, comment=_("As it was before the first tracked change"))
        for name, value in changed.items():
            setattr(stored, name, value)
        cast(HasVersion, stored).version += 1
        stored.full_clean()
        stored.save()
        record_revision(stored, user=user, comment=_("Changed %(fields)s") % {"fields": ", ".join(sorted(changed))})
        return stored


def record_create(*, model: type[M], fields: dict, user=None) -> M:
    with transaction.atomic():
        record = model(**fields)
        record.full_clean()
        record.save()
        record_revision(record, user=user, comment=_("Added"))
        return record


def record_changes(*, record: models.Model, since_version: int, fields: list[str]) -> list[tuple[str, str, str]] | None:
    """(field label, value then, value now) for each of `fields` that differs between the stored revision whose
    version was `since_version` and the record now; None when no such revision was kept."""
    then = next(
        (
            version.field_dict
            for version in record_versions(record)
            if version.field_dict.get("version") == since_version
        ),
        None,
    )
    if then is None:
        return None
    changes = []
    for name in fields:
        field = cast(models.Field, record._meta.get_field(name))  # `fields` are the model's own
        before, after = then.get(field.attname), getattr(record, field.attname)
        if before != after:
            changes.append((str(field.verbose_name), _shown(field, before), _shown(field, after)))
    return changes


def _shown(field: models.Field, value) -> str:
    """A stored value as an editor reads it: a choice's label, a related record's name, a list's items."""
    if value is None:
        return ""
    if field.is_relation:
        related = cast(type[models.Model], field.related_model)._default_manager.filter(pk=value).first()
        return str(related) if related is not None else f"#{value}"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)
