"""What a comparison reads: an article at one moment, as labelled texts and rows that keep their identity.

Stored versions (`articles.versions`) and frozen documents (`publishing.comparison`) are each turned into a
`Snapshot`, so that one comparison serves versions, approvals, publications and the working copy.
"""

from dataclasses import dataclass, field

from django.db.models import Model
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from articles.models import FAQ, Article, CauseComparison, Citation, KeyPoint, Section


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
    fields: dict[str, str]  # the article's own fields, by name (ARTICLE_FIELDS), as text
    parts: dict[str, list[Row]] = field(default_factory=dict)  # by kind (PARTS), in reading order


@dataclass(frozen=True)
class PartKind:
    model: type[Model]
    fields: tuple[str, ...]  # the first names the row
    cited: str | None = None  # the text whose citation markers the editing service rewrites on a renumbering

    @property
    def label(self) -> str:
        return capfirst(self.model._meta.verbose_name_plural)  # type: ignore[return-value]  # lazy text; every model has a plural name

    def field_label(self, name: str) -> str:
        return EXTRA_LABELS.get(name) or capfirst(self.model._meta.get_field(name).verbose_name)  # type: ignore[union-attr, return-value]  # a field, lazy text


PARTS = {
    "key_points": PartKind(KeyPoint, ("title", "text"), cited="text"),
    "sections": PartKind(Section, ("heading", "anchor", "body"), cited="body"),
    "cause_comparisons": PartKind(CauseComparison, ("cause", "related_symptoms", "differentiating_factors")),
    "faqs": PartKind(FAQ, ("question", "answer"), cited="answer"),
    "citations": PartKind(Citation, ("reference", "notices")),
}

# In reading order; a source gives those it has (a frozen document has no reading-time override, a stored
# version no computed reading time).
ARTICLE_FIELDS = (
    "title", "subtitle", "slug", "summary", "intro", "comparison_intro", "authors", "medical_reviewer", "topics",
    "last_reviewed_at", "next_review_due", "audience", "sponsored", "funding", "conflicts_of_interest",
    "disclaimer", "reading_time_override", "reading_time",
)  # fmt: skip
CITED_FIELDS = {"intro"}
EXTRA_LABELS = {"reading_time": _("Reading time (minutes)"), "notices": _("Retraction Watch notices")}


def article_field_label(name: str) -> str:
    return EXTRA_LABELS.get(name) or capfirst(Article._meta.get_field(name).verbose_name)  # type: ignore[union-attr, return-value]  # a field, lazy text


def as_text(value) -> str:
    """A stored value as the comparison shows it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(value)
