"""Creating and changing an article's working copy, with all its parts, by one set of rules.

The admin, the management API and importers describe what the editor submitted as an
`ArticleEdit` and call `article_create` or `article_update`. Those functions own every
editing rule: the version check (a save based on a stale copy is refused), which states
may be edited, anchors filled from headings, citations numbered 1, 2, 3 … in the order
given, in-text markers checked against those numbers and rewritten when citations move,
a published article going back to draft, and a stored revision of every save.
`article_edit_problems` runs the same checks without writing, so that a form can show
each problem beside the field it concerns.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import reversion
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, Model, Value
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext as _
from reversion.models import Version

from articles.citations import CitationNumbering
from articles.lifecycle import TRANSITIONS, transition_check
from articles.models import FAQ, Article, ArticleAction, ArticleStatus, CauseComparison, Citation, KeyPoint, Section
from articles.prose import parts
from articles.services.audit import article_status_record
from core.citation_markers import rewrite_markers
from core.exceptions import RoleError, StaleVersion, StateConflict
from core.models import park_above_used
from core.text import unique_slug

# The article's own fields that editors set (status, version and the review record are not among them).
ARTICLE_FIELDS = (
    "title", "subtitle", "slug", "summary", "intro", "comparison_intro", "disclaimer", "reading_time_override",
)  # fmt: skip


@dataclass(frozen=True)
class PartKind:
    model: type[Model]
    fields: tuple[str, ...]
    order_field: str = "position"


PART_KINDS = {
    "key_points": PartKind(KeyPoint, ("title", "text")),
    "sections": PartKind(Section, ("heading", "anchor", "body")),
    "cause_comparisons": PartKind(CauseComparison, ("cause", "related_symptoms", "differentiating_factors")),
    "faqs": PartKind(FAQ, ("question", "answer")),
    "citations": PartKind(Citation, ("reference",), order_field="number"),
}


@dataclass
class ArticleEdit:
    """What an editor submitted.

    `fields`: article fields to set (see ARTICLE_FIELDS). `authors`, `topics`: the new lists, or None to
    keep them. `parts`: for each kind of part given (see PART_KINDS), its complete new list in reading
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


@dataclass(frozen=True)
class EditProblem:
    """Something in an edit that cannot be saved: where it is, and what is wrong, in the editor's words."""

    message: str
    part: str | None = None  # a key of PART_KINDS, or None for the article's own fields
    index: int | None = None  # the row's index in ArticleEdit.parts[part]
    field: str | None = None
    where: str = ""  # the place in the editor's words: "Section “Diagnosis”"

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


@dataclass
class _Plan:
    """The working copy as it will be after the edit, built in memory from the stored one."""

    article: Article
    rows: dict[str, list] = field(default_factory=dict)  # kind -> final rows in order
    removed: dict[str, list] = field(default_factory=dict)  # kind -> stored rows to delete
    dirty: set[int] = field(default_factory=set)  # id() of the rows to write (new rows have no pk to hash)
    problems: list[EditProblem] = field(default_factory=list)
    numbering: CitationNumbering | None = None
    changed: bool = False


def _stored(article: Article, kind: str) -> list:
    return parts(article, kind) if article.pk else []


def _set(plan: _Plan, instance, name: str, value) -> None:
    if getattr(instance, name) != value:
        setattr(instance, name, value)
        plan.dirty.add(id(instance))
        plan.changed = True


def _plan_part(plan: _Plan, kind: str, rows: list[dict]) -> None:
    spec = PART_KINDS[kind]
    stored = {row.pk: row for row in _stored(plan.article, kind)}
    final = []
    for index, row in enumerate(rows):
        if row.get("id"):
            instance = stored.pop(int(row["id"]), None)
            if instance is None:
                plan.problems.append(
                    EditProblem(
                        _("This row was deleted by someone else since the page was loaded."),
                        kind,
                        index,
                        where=str(spec.model._meta.verbose_name).capitalize(),
                    )
                )
                continue
        else:
            instance = spec.model(article=plan.article)
            plan.dirty.add(id(instance))
            plan.changed = True
        for name in spec.fields:
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


def _plan_anchors(plan: _Plan, submitted: bool) -> None:
    """Blank anchors are filled from headings; every anchor is unique within the article."""
    sections = plan.rows["sections"]
    seen: dict[str, int] = {}
    for index, section in enumerate(sections):
        if section.anchor in seen:
            plan.problems.append(
                EditProblem(
                    _("Two sections have the anchor “%(anchor)s”; each needs its own.") % {"anchor": section.anchor},
                    *(("sections", index, "anchor") if submitted else (None, None, None)),
                    where=_("Section “%(heading)s”") % {"heading": section.heading},
                )
            )
        elif section.anchor:
            seen[section.anchor] = index
    for section in sections:
        if not section.anchor:
            _set(plan, section, "anchor", unique_slug(section.heading, seen, fallback="section", max_length=220))
            seen[section.anchor] = -1


def _plan_citations(plan: _Plan, edit: ArticleEdit, stored_numbers: dict[int, int]) -> None:
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


def _texts(plan: _Plan, edit: ArticleEdit) -> Iterable[tuple[str, object, str, tuple | None]]:
    """(where, row, text field, place) of every text that may carry citation markers.

    `place` is (part, index, field) of the text in the edit, or None for a stored text the edit did not send.
    """
    yield _("Introduction"), plan.article, "intro", (None, None, "intro")
    for kind, label_field, text_field, label in (
        ("sections", "heading", "body", _("Section")),
        ("faqs", "question", "answer", _("FAQ")),
    ):
        for index, row in enumerate(plan.rows[kind]):
            place = (kind, index, text_field) if kind in edit.parts else None
            yield f"{label} “{getattr(row, label_field)}”", row, text_field, place


def _plan_markers(plan: _Plan, edit: ArticleEdit) -> None:
    """Markers must point at a citation; when citations move, markers move with them."""
    for where, row, text_field, place in _texts(plan, edit):
        for problem in plan.numbering.problems(getattr(row, text_field)):
            plan.problems.append(EditProblem(problem, *(place or (None, None, None)), where=where))
    if plan.problems or not plan.numbering.renumbering:
        return
    for _where, row, text_field, _place in _texts(plan, edit):
        _set(plan, row, text_field, rewrite_markers(getattr(row, text_field), plan.numbering.renumbering))


def _plan(article: Article, edit: ArticleEdit) -> _Plan:
    plan = _Plan(article=article)
    unknown = set(edit.fields) - set(ARTICLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable article fields: {sorted(unknown)}")
    for name, value in edit.fields.items():
        _set(plan, article, name, value)
    for name in ("authors", "topics"):
        wanted = getattr(edit, name)
        if wanted is not None and {getattr(obj, "pk", obj) for obj in wanted} != {
            obj.pk for obj in _stored(article, name)
        }:
            plan.changed = True
    stored_numbers = {citation.pk: citation.number for citation in _stored(article, "citations")}
    for kind in PART_KINDS:
        if kind in edit.parts:
            _plan_part(plan, kind, edit.parts[kind])
        else:
            plan.rows[kind], plan.removed[kind] = _stored(article, kind), []
    _plan_anchors(plan, "sections" in edit.parts)
    _plan_citations(plan, edit, stored_numbers)
    _plan_markers(plan, edit)
    return plan


def _locked(article: Article) -> Article:
    return Article.objects.select_for_update(of=("self",)).with_content().get(pk=article.pk)


def _check_version(article: Article, expected_version: int | None) -> None:
    if expected_version is None or int(expected_version) == article.version:
        return
    last = Version.objects.get_for_object(article).select_related("revision__user").first()
    revision = last.revision if last else None
    raise StaleVersion(
        _("Someone else saved this article since you opened it."),
        current=article.version,
        saved_by=revision.user.get_username() if revision and revision.user else "",
        saved_at=revision.date_created if revision else None,
    )


def _check_may_edit(article: Article, user, action: ArticleAction = ArticleAction.EDIT) -> None:
    try:
        transition_check(action, article, user)
    except StateConflict as error:
        if article.status == ArticleStatus.ARCHIVED:
            raise StateConflict(
                _("“%(article)s” is archived: return it to draft to edit it.") % {"article": article}
            ) from error
        raise StateConflict(
            _(
                "“%(article)s” is %(status)s, so its text is locked: the medical reviewer approves exactly what "
                "they read. Withdraw it to draft to edit it."
            )
            % {"article": article, "status": ArticleStatus(article.status).label.lower()}
        ) from error


def article_edit_problems(*, article: Article, edit: ArticleEdit, user, expected_version: int | None) -> list:
    """Check `edit` against the stored article without writing anything.

    Raises StaleVersion when `expected_version` is not the stored one, RoleError or StateConflict
    when `user` may not edit the article now; returns the problems in the submitted content.
    """
    stored = _locked(article) if article.pk else article
    if article.pk:
        _check_version(stored, expected_version)
    plan = _plan(stored, edit)
    if article.pk and plan.changed:
        _check_may_edit(stored, user)
    return plan.problems


def _raise_problems(problems: list[EditProblem]) -> None:
    if not problems:
        return
    by_place: dict[str, list[str]] = {}
    for problem in problems:
        place = problem.part or problem.field or "non_field_errors"
        by_place.setdefault(place, []).append(str(problem))
    raise ValidationError(by_place)


def _park(plan: _Plan) -> None:
    """Free the numbers and anchors that rows take from each other, so no save hits a unique constraint."""
    for kind, spec in PART_KINDS.items():
        moving = [row.pk for row in plan.rows[kind] if row.pk and id(row) in plan.dirty] + [
            r.pk for r in plan.removed[kind]
        ]
        if moving:
            rows = spec.model.objects.filter(article=plan.article)
            park_above_used(rows, spec.order_field, moving)
            if kind == "sections":
                rows.filter(pk__in=moving).update(anchor=Concat(Value("parked-"), Cast("pk", CharField())))


def _write(plan: _Plan, edit: ArticleEdit, user, comment: str) -> Article:
    article = plan.article
    if not article.slug:
        prefix = unique_slug(article.title, (), fallback="article")
        taken = Article.objects.filter(slug__startswith=prefix).exclude(pk=article.pk).values_list("slug", flat=True)
        article.slug = unique_slug(article.title, set(taken), fallback="article")
    article.version += 1
    article.save()
    if edit.authors is not None:
        article.authors.set(edit.authors)
    if edit.topics is not None:
        article.topics.set(edit.topics)
    _park(plan)
    for kind, spec in PART_KINDS.items():
        spec.model.objects.filter(pk__in=[row.pk for row in plan.removed[kind]]).delete()
        for row in plan.rows[kind]:
            if id(row) in plan.dirty:
                row.save()
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(comment)
        reversion.add_to_revision(article)
    article._prefetched_objects_cache = {}
    return article


def save_edit(
    *, article: Article, edit: ArticleEdit, user, expected_version: int | None, action: ArticleAction, comment: str
) -> Article:
    """The one way an edit reaches the database; `action` is EDIT, or RESTORE for a stored version.

    An EDIT that changes nothing writes nothing. Otherwise the version goes up, a revision is stored,
    and the status moves as the lifecycle table says (a published article becomes a draft), with
    a review-history entry whenever the status changes or a version is restored.
    """
    article = _locked(article)
    _check_version(article, expected_version)
    plan = _plan(article, edit)
    if not plan.changed and action == ArticleAction.EDIT:
        return article
    _check_may_edit(article, user, action)
    _raise_problems(plan.problems)
    transition = TRANSITIONS[action]
    from_status = article.status
    article = _write(plan, edit, user, comment)
    if action != ArticleAction.EDIT or transition.target(from_status) != from_status:
        history = (
            comment
            if action != ArticleAction.EDIT
            else _("Edited after publishing: needs a new medical review. What is live stays live until then.")
        )
        article_status_record(article=article, transition=transition, user=user, comment=history)
    return article


@transaction.atomic
def article_update(*, article: Article, edit: ArticleEdit, user, expected_version: int | None) -> Article:
    """Save `edit` to the stored article, or change nothing and raise.

    StaleVersion: `expected_version` is not the stored version (None skips the check: imports only).
    RoleError / StateConflict: `user` may not edit it now (in review or approved: withdraw it first).
    ValidationError: the content has problems (see `article_edit_problems`).
    Saving a published article makes its working copy a draft; what is live stays live.
    """
    return save_edit(
        article=article, edit=edit, user=user, expected_version=expected_version, action=ArticleAction.EDIT,
        comment=_("Changed."),
    )  # fmt: skip


@transaction.atomic
def article_create(*, edit: ArticleEdit, user, article: Article | None = None) -> Article:
    """A new draft from `edit` (into `article`, an unsaved instance, when the caller holds one)."""
    if user is not None and not user.has_perm("articles.add_article"):
        raise RoleError(_("Only an author can write new articles."))
    article = article if article is not None else Article()
    article.status, article.version = ArticleStatus.DRAFT, 0
    plan = _plan(article, edit)
    _raise_problems(plan.problems)
    return _write(plan, edit, user, comment=_("Created."))
