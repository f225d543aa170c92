"""An edit planned in memory: the working copy as it will be after it, and what is wrong with it.

`plan_edit` reads the stored article (fetched `with_content()`) and an `ArticleEdit`, and builds
the final rows without writing anything: rows updated in place, new rows, rows to delete, blank
anchors filled from headings, citations numbered in order with markers rewritten to follow them,
and every problem found on the way. `articles.services.editing` checks and writes the plan.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Model
from django.utils.translation import gettext as _

from articles.citations import CitationNumbering
from articles.content_model import PARTS, Purpose, edited_fields, field_label, model_field
from articles.models import Article
from articles.prose import Text, parts, texts
from core.citation_markers import rewrite_markers
from core.markdown import image_addresses, library_image_id
from core.markdown_limits import markdown_limit_problem, markdown_total_problem
from core.text import unique_slug
from media.models import Image


@dataclass
class ArticleEdit:
    """What an editor submitted.

    `fields`: article fields to set (`content_model.edited_fields()`). `authors`, `topics`: the new lists, or None to
    keep them. `parts`: for each kind of part given (`content_model.PARTS`), its complete new list in reading
    order; a row with an "id" is that stored row, one without is new, a stored row left out is deleted.
    Kinds not given are kept as they are.
    """

    fields: dict[str, Any] = field(default_factory=dict)
    authors: list | None = None
    topics: list | None = None
    parts: dict[str, list[dict]] = field(default_factory=dict)
    # True: markers in the texts use the numbers the citations had before the edit (what the editor saw
    # while dragging), and are rewritten to follow their citations. False: the texts already use the
    # new numbers (a restored version, or a whole document sent over the API).
    markers_use_old_numbers: bool = True
    # For a translation: the version of its source that its text now follows (None: as it is). Set by
    # `publishing.services.translations`, which checks it against the source's live version.
    source_version: int | None = None


# Where a text is in the edit: (part, index, field), part and index None for the article's own fields.
Place = tuple[str | None, int | None, str | None]


@dataclass(frozen=True)
class EditProblem:
    """Something in an edit that cannot be saved: where it is, and what is wrong, in the editor's words."""

    message: str
    part: str | None = None  # a key of `content_model.PARTS`, or None for the article's own fields
    index: int | None = None  # the row's index in ArticleEdit.parts[part]
    field: str | None = None
    where: str = ""  # the place in the editor's words: "Section “Diagnosis”"
    # "unique" when the value is valid but another record holds it (a slug, a language of the translation group): the
    # APIs answer such a refusal alone with a 409, a conflict, not a 400.
    code: str = "invalid"

    @classmethod
    def at(cls, message: str, place: Place | None, where: str) -> "EditProblem":
        part, index, field = place or (None, None, None)
        return cls(message, part, index, field, where=where)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class EditProblems(ValidationError):
    """The edit was refused for these problems; `problems` says where each one is, for forms and APIs."""

    def __init__(self, problems: list[EditProblem]):
        self.problems = problems
        by_place: dict[str, list[str]] = {}
        for problem in problems:
            by_place.setdefault(problem.part or problem.field or NON_FIELD_ERRORS, []).append(str(problem))
        super().__init__(by_place)


@dataclass
class EditPlan:
    """The working copy as it will be after the edit, built in memory from the stored one."""

    article: Article
    rows: dict[str, list] = field(default_factory=dict)  # kind -> final rows in order
    removed: dict[str, list] = field(default_factory=dict)  # kind -> stored rows to delete
    dirty: set[int] = field(default_factory=set)  # id() of the rows to write (new rows have no pk to hash)
    problems: list[EditProblem] = field(default_factory=list)
    # Those of `problems` that are citation markers pointing at no citation: a save refuses them all, but a page
    # being written shows its text meanwhile (the live preview), since a writer cites before adding the reference.
    marker_problems: list[EditProblem] = field(default_factory=list)
    numbering: CitationNumbering | None = None
    changed: bool = False
    set_fields: set[tuple[int, str]] = field(default_factory=set)  # (id() of the row, field) the edit changes
    over_limit: set[tuple[int, str]] = field(default_factory=set)  # texts refused for their size, not read further


def _stored(article: Article, kind: str) -> list:
    return parts(article, kind) if article.pk else []


def _set(plan: EditPlan, instance, name: str, value) -> None:
    if getattr(instance, name) != value:
        setattr(instance, name, value)
        plan.set_fields.add((id(instance), name))
        plan.dirty.add(id(instance))
        plan.changed = True


def _plan_part(plan: EditPlan, kind: str, rows: list[dict]) -> None:
    spec = PARTS[kind]
    stored = {row.pk: row for row in _stored(plan.article, kind)}
    final: list[Model] = []
    for index, row in enumerate(rows):
        if row.get("id"):
            instance = stored.pop(int(row["id"]), None)
            if instance is None:
                plan.problems.append(
                    EditProblem(
                        _("This row was deleted by someone else since the page was loaded."),
                        kind,
                        index,
                        where=spec.row_label,
                    )
                )
                continue
        else:
            instance = spec.model(article=plan.article)
            plan.dirty.add(id(instance))
            plan.changed = True
        for name in spec.names:
            if name in row:
                value = row[name]
                if name == "reference":  # a foreign key: compared and set by id
                    name, value = "reference_id", getattr(value, "pk", value)
                _set(plan, instance, name, value)
        _set(plan, instance, spec.order_field, len(final) + 1)
        final.append(instance)
    plan.rows[kind] = final
    plan.removed[kind] = list(stored.values())
    plan.changed |= bool(stored)


def _plan_anchors(plan: EditPlan, submitted: bool) -> None:
    """Blank anchors are filled from headings; every anchor is unique within the article."""
    sections = plan.rows["sections"]
    seen: dict[str, int] = {}
    for index, section in enumerate(sections):
        if section.anchor in seen:
            plan.problems.append(
                EditProblem.at(
                    _("Two sections have the anchor “%(anchor)s”; each needs its own.") % {"anchor": section.anchor},
                    ("sections", index, "anchor") if submitted else None,
                    where=_("Section “%(heading)s”") % {"heading": section.heading},
                )
            )
        elif section.anchor:
            seen[section.anchor] = index
    for section in sections:
        if not section.anchor:
            _set(plan, section, "anchor", unique_slug(section.heading, seen, fallback="section", max_length=220))
            seen[section.anchor] = -1


def _plan_citations(plan: EditPlan, edit: ArticleEdit, stored_numbers: dict[int, int]) -> None:
    """Citations are numbered in the order given; markers typed with the old numbers follow them."""
    citations = plan.rows["citations"]
    seen = set()
    for index, citation in enumerate(citations):
        if citation.reference_id in seen:
            plan.problems.append(
                EditProblem(
                    _("This article already cites that reference."),
                    "citations",
                    index,
                    "reference",
                    where=_("Citation %(number)s") % {"number": index + 1},
                )
            )
        seen.add(citation.reference_id)
    if edit.markers_use_old_numbers:
        olds = [stored_numbers.get(citation.pk) for citation in citations]
        plan.numbering = CitationNumbering.after(olds, stored_numbers.values())
    else:
        plan.numbering = CitationNumbering(final=frozenset(range(1, len(citations) + 1)))


def _texts(plan: EditPlan, edit: ArticleEdit) -> Iterable[tuple[Text, Place | None]]:
    """Every text that may carry citation markers, with its place in the edit: (part, index, field), or None for a
    stored text of a part the edit did not send."""
    for text in texts(plan.article, Purpose.CITING, lambda kind: plan.rows[kind]):
        if text.kind is None:
            yield text, (None, None, text.field)
        else:
            yield text, (text.kind, text.index, text.field) if text.kind in edit.parts else None


def _plan_limits(plan: EditPlan, edit: ArticleEdit) -> None:
    """Each Markdown text the edit changes stays within the limits that keep its rendering bounded
    (`core.markdown_limits`); a text stored before them is not refused until it is changed (it renders as
    plain paragraphs meanwhile). A key point's text is plain and short."""
    markdown = [(text, place) for text, place in _texts(plan, edit) if text.markdown]
    changed = False
    for text, place in markdown:
        if place is None or (id(text.row), text.field) not in plan.set_fields:
            continue
        changed = True
        problem = markdown_limit_problem(text.value)
        if problem:
            plan.problems.append(EditProblem.at(problem, place, where=text.where))
            plan.over_limit.add((id(text.row), text.field))
    if changed and not plan.over_limit:
        problem = markdown_total_problem([text.value for text, _place in markdown])
        if problem:
            plan.problems.append(EditProblem(problem, where=_("The article's Markdown texts together")))


def _plan_figures(plan: EditPlan, edit: ArticleEdit) -> None:
    """Images in a text come from the media library (`![alt](image:ID)`), and that image exists. Checked in the texts
    the edit changes: an image from elsewhere that a text stored before this rule holds is not shown (the
    sanitizer drops it) and does not stop an edit of another text."""
    placed: list[tuple[int, Text, Place | None]] = []
    for text, place in _texts(plan, edit):
        if not text.markdown or place is None or (id(text.row), text.field) not in plan.set_fields:
            continue
        if (id(text.row), text.field) in plan.over_limit:
            continue
        for address in image_addresses(text.value):
            image_id = library_image_id(address)
            if image_id is None:
                plan.problems.append(
                    EditProblem.at(
                        _(
                            "An image at another address (%(address)s) cannot be shown: place images from the media "
                            "library with “Insert image”, which writes ![alt text](image:ID)."
                        )
                        % {"address": address[:80] or _("an image without an address")},
                        place,
                        where=text.where,
                    )
                )
            else:
                placed.append((image_id, text, place))
    hero = plan.article.hero_image_id if (id(plan.article), "hero_image_id") in plan.set_fields else None
    if not placed and hero is None:
        return
    wanted = {image_id for image_id, _text, _place in placed} | ({hero} if hero else set())
    found = set(Image.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    if hero is not None and hero not in found:  # a version restored after its image was deleted
        plan.problems.append(
            EditProblem(
                _("The hero image is no longer in the media library: choose another, or none."),
                field="hero_image",
                where=field_label("hero_image"),
            )
        )
    for image_id, text, place in placed:
        if image_id not in found:
            plan.problems.append(
                EditProblem.at(
                    _("The media library has no image %(id)s (image:%(id)s): pick one with “Insert image”.")
                    % {"id": image_id},
                    place,
                    where=text.where,
                )
            )


def _plan_markers(plan: EditPlan, edit: ArticleEdit) -> None:
    """Markers must point at a citation; when citations move, markers move with them."""
    assert plan.numbering is not None  # numbered by _plan_citations
    for text, place in _texts(plan, edit):
        if (id(text.row), text.field) in plan.over_limit:
            continue
        for problem in plan.numbering.problems(text.value):
            plan.marker_problems.append(EditProblem.at(problem, place, where=text.where))
    plan.problems += plan.marker_problems
    if plan.problems or not plan.numbering.renumbering:
        return
    for text, _place in _texts(plan, edit):
        _set(plan, text.row, text.field, rewrite_markers(text.value, plan.numbering.renumbering))


def plan_edit(article: Article, edit: ArticleEdit) -> EditPlan:
    plan = EditPlan(article=article)
    unknown = set(edit.fields) - set(edited_fields())
    if unknown:
        raise ValueError(f"Not editable article fields: {sorted(unknown)}")
    for name, value in edit.fields.items():
        field = model_field(Article, name)
        if field.is_relation:  # a foreign key (the hero image): compared and set by id, as a stored version holds it
            name, value = field.attname, getattr(value, "pk", value)
        _set(plan, article, name, value)
    if edit.source_version is not None:
        _set(plan, article, "source_version", edit.source_version)
    for name in ("authors", "topics"):
        wanted = getattr(edit, name)
        if wanted is not None and {getattr(obj, "pk", obj) for obj in wanted} != {
            obj.pk for obj in _stored(article, name)
        }:
            plan.changed = True
    stored_numbers = {citation.pk: citation.number for citation in _stored(article, "citations")}
    for kind in PARTS:
        if kind in edit.parts:
            _plan_part(plan, kind, edit.parts[kind])
        else:
            plan.rows[kind], plan.removed[kind] = _stored(article, kind), []
    _plan_anchors(plan, "sections" in edit.parts)
    _plan_citations(plan, edit, stored_numbers)
    _plan_limits(plan, edit)
    _plan_figures(plan, edit)
    _plan_markers(plan, edit)
    return plan
