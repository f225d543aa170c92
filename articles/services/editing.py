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

from dataclasses import replace

import reversion
from django.db import transaction
from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext as _
from reversion.models import Version

from articles.content_model import PARTS
from articles.edit_plan import ArticleEdit, EditPlan, EditProblem, EditProblems, plan_edit
from articles.lifecycle import TRANSITIONS, transition_check
from articles.models import Article, ArticleAction, ArticleStatus, Contributor
from articles.services.audit import article_status_record
from core.exceptions import DutyConflict, RoleError, StaleVersion, StateConflict
from core.models import SiteSettings, park_above_used
from core.text import unique_slug


def article_locked(article: Article) -> Article:
    """The stored article's row alone (no parts), locked until the end of the transaction."""
    return Article.objects.select_for_update().get(pk=article.pk)


def article_locked_with_content(article: Article) -> Article:
    """The stored article with every part (`with_content`), its row locked until the end of the transaction."""
    return Article.objects.select_for_update(of=("self",)).with_content().get(pk=article.pk)


def article_version_check(*, article: Article, expected_version: int | None) -> None:
    """StaleVersion (saying who saved, and when) if `expected_version` is not the version of `article`, a row
    the caller has locked; None skips the check (imports). A form checks this first: it explains any other
    error on the page."""
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


def article_may_edit(article: Article, user) -> bool:
    """Authors edit the articles they are an author of, and one that names no author yet; a group with
    `articles.edit_any_article` (managing editors) edits every article, as does the operator (user None)."""
    if user is None or user.has_perm("articles.edit_any_article"):
        return True
    authors = list(article.authors.all()) if article.pk else []
    profile = getattr(user, "contributor_profile", None)  # a login without a profile is nobody's author
    return not authors or (profile is not None and profile in authors)


def _check_may_edit(article: Article, user, action: ArticleAction = ArticleAction.EDIT) -> None:
    if not article_may_edit(article, user):
        raise DutyConflict(
            _(
                "You are not one of the authors of “%(article)s”: only its authors, or editors whose group may edit "
                "every article, can change it. Ask an author to add you."
            )
            % {"article": article}
        )
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
    stored = article
    if article.pk:
        stored = article_locked_with_content(article)
        article_version_check(article=stored, expected_version=expected_version)
    plan = plan_edit(stored, edit)
    if article.pk and plan.changed:
        _check_may_edit(stored, user)
    return [*plan.problems, *_address_problems(plan.article)]


def _address_problems(article: Article) -> list[EditProblem]:
    """The article's language must be one the site serves, and its slug free among the articles in that language."""
    problems = []
    served = SiteSettings.load().served_languages()
    if article.language not in served:
        problems.append(
            EditProblem(
                _("The site serves %(served)s only: add %(language)s to the languages served (site settings) first.")
                % {"served": ", ".join(served), "language": article.language},
                field="language",
            )
        )
    # One query for both: another article of the language with this slug, or of this translation group.
    same_language = Article.objects.filter(language=article.language).exclude(pk=article.pk)
    clashes = list(
        same_language.filter(Q(slug=article.slug) | Q(translation_key=article.translation_key)).values_list(
            "slug", "translation_key", "title"
        )[:2]
    )
    if article.slug and any(slug == article.slug for slug, _key, _title in clashes):
        problems.append(
            EditProblem(
                _("Another article in %(language)s has the slug “%(slug)s”: choose another.")
                % {"language": article.language, "slug": article.slug},
                field="slug",
                code="unique",
            )
        )
    in_group = [title for _slug, key, title in clashes if key == article.translation_key]
    if in_group:
        problems.append(
            EditProblem(
                _("“%(other)s” is already this article in %(language)s: a translation group has one per language.")
                % {"other": in_group[0], "language": article.language},
                field="language",
                code="unique",
            )
        )
    return problems


def _raise_problems(problems: list[EditProblem]) -> None:
    if problems:
        raise EditProblems(problems)


def _park(plan: EditPlan) -> None:
    """Free the numbers and anchors that rows take from each other, so no save hits a unique constraint."""
    for kind, spec in PARTS.items():
        moving = [row.pk for row in plan.rows[kind] if row.pk and id(row) in plan.dirty] + [
            r.pk for r in plan.removed[kind]
        ]
        if moving:
            rows = spec.model._default_manager.filter(article=plan.article)
            park_above_used(rows, spec.order_field, moving)
            if kind == "sections":
                rows.filter(pk__in=moving).update(anchor=Concat(Value("parked-"), Cast("pk", CharField())))


def _write(plan: EditPlan, edit: ArticleEdit, user, comment: str) -> Article:
    article = plan.article
    if not article.slug:
        prefix = unique_slug(article.title, (), fallback="article")
        same_language = Article.objects.filter(language=article.language).exclude(pk=article.pk)
        taken = same_language.filter(slug__startswith=prefix).values_list("slug", flat=True)
        article.slug = unique_slug(article.title, set(taken), fallback="article")
    article.version += 1
    article.save()
    if edit.authors is not None:
        article.authors.set(edit.authors)
    if edit.topics is not None:
        article.topics.set(edit.topics)
    _park(plan)
    for kind, spec in PARTS.items():
        spec.model._default_manager.filter(pk__in=[row.pk for row in plan.removed[kind]]).delete()
        for row in plan.rows[kind]:
            if id(row) in plan.dirty:
                row.save()
    # The parts read before the edit are stale now; the revision follows the parts as they are stored.
    article._prefetched_objects_cache = {}  # type: ignore[attr-defined]  # Django's, missing from the stubs
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(comment)
        reversion.add_to_revision(article)
    return article


def save_edit(
    *, article: Article, edit: ArticleEdit, user, expected_version: int | None, action: ArticleAction, comment: str
) -> Article:
    """The one way an edit reaches the database; `action` is EDIT, or RESTORE for a stored version.

    An EDIT that changes nothing (and names no row deleted meanwhile) writes nothing. Otherwise the
    version goes up, a revision is stored, and the status moves as the lifecycle table says (a
    published article becomes a draft), with a review-history entry whenever the status changes or
    a version is restored.
    """
    article = article_locked_with_content(article)
    article_version_check(article=article, expected_version=expected_version)
    plan = plan_edit(article, edit)
    if not plan.changed and not plan.problems and action == ArticleAction.EDIT:
        return article
    _check_may_edit(article, user, action)
    _raise_problems([*plan.problems, *_address_problems(plan.article)])
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


def article_update(*, article: Article, edit: ArticleEdit, user, expected_version: int | None) -> Article:
    """Save `edit` to the stored article, or change nothing and raise.

    StaleVersion: `expected_version` is not the stored version (None skips the check: imports only).
    RoleError / StateConflict: `user` may not edit it now (in review or approved: withdraw it first).
    ValidationError: the content has problems (see `article_edit_problems`).
    Saving a published article makes its working copy a draft; what is live stays live.
    """
    with transaction.atomic():
        return save_edit(
            article=article,
            edit=edit,
            user=user,
            expected_version=expected_version,
            action=ArticleAction.EDIT,
            comment=_("Changed."),
        )


def article_writers(*, authors: list, user) -> list:
    """`authors`, and the user who writes the article when their contributor profile is an author's: they can then
    edit it (an author edits only their own articles), and submitting it names someone who wrote it."""
    profile = Contributor.objects.filter(user=user, is_author=True).first() if user is not None else None
    return authors if profile is None or profile in authors else [*authors, profile]


def article_create(*, edit: ArticleEdit, user, article: Article | None = None) -> Article:
    """A new draft from `edit` (into `article`, an unsaved instance, when the caller holds one)."""
    with transaction.atomic():
        if user is not None and not user.has_perm("articles.add_article"):
            raise RoleError(_("Only an author can write new articles."))
        article = article if article is not None else Article()
        article.status, article.version = ArticleStatus.DRAFT, 0
        if "language" not in edit.fields:  # an article of the site's own language unless the editor chose one
            edit = replace(edit, fields={**edit.fields, "language": SiteSettings.load().language})
        if not edit.authors:  # written by whoever writes it, unless they name its authors
            edit = replace(edit, authors=article_writers(authors=[], user=user))
        plan = plan_edit(article, edit)
        _raise_problems([*plan.problems, *_address_problems(plan.article)])
        return _write(plan, edit, user, comment=_("Created."))


def article_delete(*, article: Article, user, expected_version: int | None) -> None:
    """Delete an article that never went public (its last version stays recoverable in the history).

    An article that was ever published keeps its publications, so it cannot be deleted: archive it.
    """
    with transaction.atomic():
        article = article_locked_with_content(article)
        article_version_check(article=article, expected_version=expected_version)
        if user is not None and not user.has_perm("articles.delete_article"):
            raise RoleError(_("Only an editor in chief (an administrator) can delete articles."))
        if article.publications.exists():
            raise StateConflict(
                _("“%(article)s” was published, and its publications are kept: archive it instead.")
                % {"article": article}
            )
        article.delete()
