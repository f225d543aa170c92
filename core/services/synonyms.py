"""Synonym groups written by importers (MeSH), and the version of a group whose terms an editor changed in the
admin (which saves the group itself through `core.versioning`)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from core.mesh import MeshDescriptor
from core.models import SynonymGroup, SynonymSource, SynonymTerm, term_normalize, term_validate
from core.versioning import record_revision, record_versions

MESH_LANGUAGE = "en"  # MeSH's headings and entry terms are English


def mesh_terms(*, descriptor: MeshDescriptor) -> list[str]:
    """The terms a search can use: the heading and the entry terms, each once, in their order. Inverted entry terms
    ("Cramp, Muscle") are left out: they are ordered for an alphabetical index, and nobody types them; so are terms
    a search could never find (`term_validate`) and those longer than a term is stored."""
    terms: dict[str, str] = {}
    longest = SynonymTerm._meta.get_field("text").max_length or 0
    for text in (descriptor.heading, *descriptor.entry_terms):
        if "," in text or len(text) > longest:
            continue
        try:
            term_validate(text=text)
        except ValidationError:
            continue
        terms.setdefault(term_normalize(text=text), text)
    return list(terms.values())


def synonym_group_import_mesh(*, descriptor: MeshDescriptor) -> str:
    """The descriptor's group (English), made or brought up to date: its terms become the descriptor's, and the
    group is marked as MeSH's. "created", "updated" or "unchanged"; "too few terms" (and nothing written) when fewer
    than two usable terms remain, which would find nothing more."""
    terms = mesh_terms(descriptor=descriptor)
    if len(terms) < 2:
        return "too few terms"
    with transaction.atomic():
        # Locked as an editor's save locks it (`core.versioning`): the version raised here is never one that an
        # editor's concurrent save also wrote.
        group, created = SynonymGroup.objects.select_for_update().get_or_create(
            language=MESH_LANGUAGE, mesh_ui=descriptor.ui, defaults={"source": SynonymSource.MESH}
        )
        kept = {term.text: term for term in group.terms.all()}
        stale = [term.pk for text, term in kept.items() if text not in terms]
        missing = [SynonymTerm(group=group, text=text) for text in terms if text not in kept]
        if not (stale or missing or group.source != SynonymSource.MESH):
            return "unchanged"
        SynonymTerm.objects.filter(pk__in=stale).delete()
        for term in missing:
            term.save()  # normalizes it
        group.source = SynonymSource.MESH
        if not created:
            group.version += 1  # an editor's page of the group, opened before, is now refused, not saved over this
        group.save()
        record_revision(group, user=None, comment=_("Terms from MeSH %(descriptor)s") % {"descriptor": descriptor.ui})
        return "created" if created else "updated"


def synonym_group_terms_changed(*, group: SynonymGroup, loaded_version: int | None, user) -> SynonymGroup:
    """After an editor's change of the group's terms (the group's own row locked and checked against
    `loaded_version` when the form was cleaned; None for a group just added): a new version, unless saving the
    group's own fields already made one, and a revision that holds the terms."""
    with transaction.atomic():
        if loaded_version is not None and group.version == loaded_version:
            SynonymGroup.objects.filter(pk=group.pk).update(version=F("version") + 1)
        group.refresh_from_db()
        comment = _("Changed the terms") if loaded_version is not None else _("Added the terms")
        record_revision(group, user=user, comment=comment)
        return group


def synonym_group_first_revision(*, group: SynonymGroup) -> None:
    """A revision of the group and its terms as they are, if none was kept yet (made by a loader or a migration)."""
    if not record_versions(group).exists():
        record_revision(group, user=None, comment=_("As it was before the first tracked change"))


def synonym_group_terms_at(*, group: SynonymGroup, version: int) -> list[str] | None:
    """The group's terms as they were at `version`, in their order, from the revision kept with it; None when none
    was kept."""
    kept = next((found for found in record_versions(group) if found.field_dict.get("version") == version), None)
    if kept is None:
        return None
    terms = [found for found in kept.revision.version_set.all() if found.content_type.model_class() is SynonymTerm]
    return [found.field_dict["text"] for found in sorted(terms, key=lambda found: int(found.object_id))]
