"""Where a review comment applies: a field of the article (`summary`) or of one of its rows (`sections[12].body`).

The fields a comment may name are those the content model declares (`articles.content_model`: ARTICLE and PARTS)
as text an editor writes; nothing here keeps a list of its own.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from articles.content_model import ARTICLE, PARTS, field_label, model_field
from articles.models import Article

_ANCHOR = re.compile(r"(?P<name>[a-z_]+)|(?P<kind>[a-z_]+)\[(?P<row>[1-9][0-9]{0,17})\]\.(?P<field>[a-z_]+)")
ANCHOR_MAX_LENGTH = 100


@dataclass(frozen=True)
class Anchor:
    field: str
    kind: str | None = None  # a part's kind (`sections`), or None for a field of the article's own
    row: int | None = None

    def __str__(self) -> str:
        return self.field if self.kind is None else f"{self.kind}[{self.row}].{self.field}"


def article_fields() -> tuple[str, ...]:
    """The article's own fields a comment may name: the text fields editors write, in reading order."""
    return tuple(spec.name for spec in ARTICLE if spec.edited and not spec.relation)


def part_fields(kind: str) -> tuple[str, ...]:
    return tuple(spec.name for spec in PARTS[kind].fields if spec.edited and not spec.relation)


def _refused(message: str) -> ValidationError:
    return ValidationError({"anchor": message})


def anchor_parse(anchor: str) -> Anchor:
    """The anchor `anchor` names, if the content model declares its field; a ValidationError naming `anchor` if not."""
    found = _ANCHOR.fullmatch(anchor or "") if len(anchor or "") <= ANCHOR_MAX_LENGTH else None
    if found is None:
        raise _refused(
            _("Name a field of the article, such as “summary”, or of one of its rows, such as “sections[12].body”.")
        )
    if found["name"] is not None:
        if found["name"] not in article_fields():
            raise _refused(
                _("“%(anchor)s” is not a text field of the article: one of %(fields)s.")
                % {"anchor": anchor, "fields": ", ".join(article_fields())}
            )
        return Anchor(found["name"])
    kind, name = found["kind"], found["field"]
    if kind not in PARTS or not part_fields(kind):
        kinds = [part for part in PARTS if part_fields(part)]
        raise _refused(
            _("“%(kind)s” is not a kind of row of the article: one of %(kinds)s.")
            % {"kind": kind, "kinds": ", ".join(kinds)}
        )
    if name not in part_fields(kind):
        raise _refused(
            _("“%(field)s” is not a text field of %(kind)s: one of %(fields)s.")
            % {"field": name, "kind": kind, "fields": ", ".join(part_fields(kind))}
        )
    return Anchor(name, kind, int(found["row"]))


def anchor_text(article: Article, anchor: Anchor) -> str:
    """The text of the field `anchor` names in the stored article; a ValidationError naming `anchor` when the row is
    not one of the article's."""
    if anchor.kind is None:
        value = getattr(article, anchor.field)
        return "" if value is None else str(value)
    model = PARTS[anchor.kind].model
    values = model._default_manager.filter(article=article, pk=anchor.row).values_list(anchor.field, flat=True)
    found = list(values[:1])
    if not found:
        raise _refused(
            _("%(kind)s has no row %(row)s in this article.") % {"kind": PARTS[anchor.kind].label, "row": anchor.row}
        )
    return "" if found[0] is None else str(found[0])


def anchor_label(anchor: str, positions: dict[tuple[str, int], int] | None = None) -> str:
    """The field in the words of the page: “Summary”, “Section 2: Body” (`positions`: each row's place, counted
    from 1; a row deleted since is named by its id)."""
    try:
        parsed = anchor_parse(anchor)
    except ValidationError:
        return anchor
    if parsed.kind is None:
        return field_label(parsed.field)
    part = PARTS[parsed.kind]
    place = (positions or {}).get((parsed.kind, parsed.row or 0))
    row = f"{part.row_label} {place}" if place else _("%(row)s (deleted since)") % {"row": part.row_label}
    return f"{row}: {capfirst(model_field(part.model, parsed.field).verbose_name)}"


def anchor_choices(article: Article) -> list[tuple[str, str]]:
    """Every field of `article` a comment may name, with its label, in reading order (parts prefetched or read)."""
    choices = [(name, field_label(name)) for name in article_fields()]
    for kind, part in PARTS.items():
        names = part_fields(kind)
        for place, row in enumerate(getattr(article, kind).all(), start=1):
            for name in names:
                anchor = f"{kind}[{row.pk}].{name}"
                choices.append(
                    (anchor, f"{part.row_label} {place}: {capfirst(model_field(part.model, name).verbose_name)}")
                )
    return choices


def row_positions(article: Article, anchors: list[str] | None = None) -> dict[tuple[str, int], int]:
    """Each row's place in its part (from 1), for `anchor_label`: of every part, or of those `anchors` name (a query
    for each such part unless the article's parts are prefetched)."""
    kinds = [kind for kind in PARTS if part_fields(kind)]
    if anchors is not None:
        kinds = [kind for kind in kinds if any(anchor.startswith(f"{kind}[") for anchor in anchors)]
    return {(kind, row.pk): place for kind in kinds for place, row in enumerate(getattr(article, kind).all(), start=1)}
