"""What a comparison reads: an article at one moment, as labelled texts and rows that keep their identity.

Stored versions (`versions`) and frozen documents (`documents`) are each turned into a
`Snapshot`, so that one comparison serves versions, approvals, publications and the working copy.
"""

from dataclasses import dataclass, field

from django.db.models import Model
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from articles import content_model
from articles.content_model import Purpose


@dataclass(frozen=True)
class Row:
    """One part of the article (a key point, a section, …).

    `id` is what makes it the same row in two snapshots: the row's own id (a citation's is its reference's,
    which an article cites once), or None when the source does not know it.
    """

    id: int | None
    name: str
    texts: dict[str, str]


@dataclass(frozen=True)
class Snapshot:
    fields: dict[str, str]  # the article's own fields, by name (`content_model.compared_fields()`), as text
    parts: dict[str, list[Row]] = field(default_factory=dict)  # by kind (PARTS), in reading order


@dataclass(frozen=True)
class PartKind:
    model: type[Model]
    fields: tuple[str, ...]  # the first names the row
    cited: str | None = None  # the text whose citation markers the editing service rewrites on a renumbering

    @property
    def label(self) -> str:
        return str(capfirst(self.model._meta.verbose_name_plural))

    def field_label(self, name: str) -> str:
        return str(EXTRA_LABELS.get(name) or capfirst(content_model.model_field(self.model, name).verbose_name))


# Shown beside a citation's reference: what Retraction Watch says of it.
EXTRA_LABELS = {"notices": _("Retraction Watch notices")}
PARTS = {
    kind: PartKind(
        part.model,
        (*part.names, *(("notices",) if kind == "citations" else ())),
        cited=next((spec.name for spec in part.fields if Purpose.CITING in spec.texts), None),
    )
    for kind, part in content_model.PARTS.items()
}


def cited_fields() -> set[str]:
    """The article's own texts whose citation markers follow a renumbering."""
    return {spec.name for spec in content_model.ARTICLE if Purpose.CITING in spec.texts}


def as_text(value) -> str:
    """A stored value as the comparison shows it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(value)
