"""The article page's live preview: what the form holds now, unsaved, rendered as the preview page renders it.

The page sends its fields and rows as JSON (article_page.js gathers them as for the live checks). They become the
`ArticleEdit` a save would make, planned in memory on the stored article by `plan_edit` (rows kept, added and
removed, anchors filled, citations numbered and markers following them) and never written. The planned rows go
where the public serializer reads an article's parts (the prefetch cache) with their Markdown rendered by the
function a save uses, so the page shows the sanitized HTML the saved article would, through the preview's own
serializer and template.
"""

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from articles.content_model import PARTS, edited_fields, model_field, rendered_fields
from articles.edit_plan import ArticleEdit, EditProblems, plan_edit
from articles.models import Article, ArticleStatus, Contributor, Topic
from core.markdown import render_markdown
from core.models import SiteSettings
from core.text import unique_slug
from newsroom.admin.live_checks import MAX_ROWS, LiveCheckInputError, PageBodyTooLarge, page_json, refusal
from publishing.preview import preview_document
from references.models import Reference


def live_preview_context(article: Article | None) -> dict:
    """What the article page (the add page: None) gives its live preview: where to send the page's data, and the
    names to send, read from the content model (the article's fields and each part's)."""
    url = (
        reverse("admin:articles_article_live_preview_new")
        if article is None
        else reverse("admin:articles_article_live_preview", args=[article.pk])
    )
    shape = {"fields": list(edited_fields()), "parts": {kind: list(spec.names) for kind, spec in PARTS.items()}}
    return {"url": url, "shape": shape}


def _object(data: dict, name: str) -> dict:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise LiveCheckInputError(_("“%(name)s” must be an object.") % {"name": name})
    return value


# Past this an id is no row's, and the database driver would fail on it rather than find nothing.
MAX_ID = 2**63 - 1


def _id(value, name: str) -> int | None:
    """A record's id as the page holds it (a select's value is text); blank is none."""
    if value in ("", None):
        return None
    if isinstance(value, str) and value.isascii() and value.isdigit():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID:
        return value
    raise LiveCheckInputError(_("“%(name)s” must be the id of a record.") % {"name": name})


def _ids(data: dict, name: str) -> list[int] | None:
    """The people or topics chosen (None: the page has no such field, they stay as saved)."""
    values = data.get(name)
    if values is None:
        return None
    if not isinstance(values, list) or len(values) > MAX_ROWS:
        raise LiveCheckInputError(_("“%(name)s” must be a list of ids.") % {"name": name})
    return [value for value in (_id(value, name) for value in values) if value is not None]


def _text(value, name: str) -> str:
    if not isinstance(value, str):
        raise LiveCheckInputError(_("“%(name)s” must be text.") % {"name": name})
    return value


def _field_value(name: str, value):
    """A field of the article as the model reads it, checked by the model field's own checks (one of its choices, its
    length, a slug's characters, a language tag); a blank that the form would refuse is shown as it is, being
    typed."""
    field = model_field(Article, name)
    if value in ("", None) and field.null:
        return None
    if field.is_relation:  # the hero image: an id, as its select holds it
        return _id(value, name)
    if not (isinstance(value, str | int) or value is None):
        raise LiveCheckInputError(_("“%(name)s” must be text, a number or true/false.") % {"name": name})
    try:
        value = field.to_python(value)
        if value not in field.empty_values:  # one of its choices (the audience)
            field.validate(value, None)
        field.run_validators(value)
    except ValidationError as error:
        reason = " ".join(error.messages)
        raise LiveCheckInputError(_("“%(name)s”: %(reason)s") % {"name": name, "reason": reason}) from error
    return value


def _row(kind: str, row: dict, index: int) -> dict:
    where = f"{kind}[{index}]"
    planned = {"id": _id(row.get("id"), f"{where}.id")}
    for name in PARTS[kind].names:
        if name == "reference":
            planned[name] = _id(row.get(name), f"{where}.reference")
            if planned[name] is None:
                raise LiveCheckInputError(_("“%(name)s” must be the id of a record.") % {"name": f"{where}.reference"})
        elif name in row:
            planned[name] = _text(row[name], f"{where}.{name}")
    return planned


def edit_from(data) -> ArticleEdit:
    """The edit a save of the page would make: `fields` (the article's own, by model name), `authors` and `topics`
    (ids), `parts` (each kind's rows in page order, with the `id` of a stored row)."""
    if not isinstance(data, dict):
        raise LiveCheckInputError(_("Send a JSON object."))
    fields, parts = _object(data, "fields"), _object(data, "parts")
    for name in fields:
        if name not in edited_fields():
            raise LiveCheckInputError(_("“%(name)s” is not a field of an article.") % {"name": name})
    for kind, rows in parts.items():
        if kind not in PARTS:
            raise LiveCheckInputError(_("“%(name)s” is not a part of an article.") % {"name": kind})
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise LiveCheckInputError(_("“%(name)s” must be a list of objects.") % {"name": kind})
        if len(rows) > MAX_ROWS:
            raise LiveCheckInputError(_("“%(name)s” has more than %(max)s rows.") % {"name": kind, "max": MAX_ROWS})
    return ArticleEdit(
        fields={name: _field_value(name, value) for name, value in fields.items()},
        authors=_ids(data, "authors"),
        topics=_ids(data, "topics"),
        parts={kind: [_row(kind, row, index) for index, row in enumerate(rows)] for kind, rows in parts.items()},
    )


def _missing(name: str, record_id: int) -> LiveCheckInputError:
    return LiveCheckInputError(_("“%(name)s”: no record %(id)s.") % {"name": name, "id": record_id})


def _records(model: type[Model], ids: list[int], name: str) -> list:
    """The chosen records in the order a prefetch gives them (the model's own), in one query."""
    found = list(model._default_manager.filter(pk__in=ids))
    missing = set(ids) - {record.pk for record in found}
    if missing:
        raise _missing(name, min(missing))
    return found


def new_article(language: str) -> Article:
    """The add page's article before it is saved, with no part yet, in the site's language unless the page says
    otherwise (as `article_create` makes it). Its id, 0, is no article's: it only lets the serializer read the parts
    put in its prefetch cache (a related manager refuses an instance without one). It must never be saved."""
    article = Article(pk=0, status=ArticleStatus.DRAFT, version=0, language=language)
    article._prefetched_objects_cache = {name: [] for name in ("authors", "topics", *PARTS)}  # type: ignore[attr-defined]
    article.is_live = False  # type: ignore[attr-defined]  # what `articles_with_live_state` annotates on stored ones
    return article


def article_as_edited(article: Article, edit: ArticleEdit) -> tuple[Article, list]:
    """`article` (fetched with its content) as it would be after `edit`, in memory only: nothing is saved, so the
    caller must not save it; with the citation markers that point at no citation yet, which a save refuses but a
    preview shows the text beside (a writer cites before picking the reference). EditProblems: anything else a save
    would refuse."""
    plan = plan_edit(article, edit)
    blocking = [problem for problem in plan.problems if problem not in plan.marker_problems]
    if blocking:
        raise EditProblems(blocking)
    cache = article._prefetched_objects_cache  # type: ignore[attr-defined]  # Django's, missing from the stubs
    cache.update(plan.rows)
    if edit.authors is not None:
        cache["authors"] = _records(Contributor, edit.authors, "authors")
    if edit.topics is not None:
        cache["topics"] = _records(Topic, edit.topics, "topics")
    citations = plan.rows["citations"]
    references = Reference.objects.in_bulk({citation.reference_id for citation in citations})
    for citation in citations:
        if citation.reference_id not in references:
            raise _missing("citations", citation.reference_id)
        citation.reference = references[citation.reference_id]
    if not article.slug:  # a new article's, as its first save fills it in (a preview needs its address)
        article.slug = unique_slug(article.title, (), fallback="article")
    # What `save()` renders on each model, from the texts as typed.
    for kind, html_name in rendered_fields():
        for row in [article] if kind is None else plan.rows[kind]:
            setattr(row, html_name, render_markdown(getattr(row, html_name.removesuffix("_html"))))
    return article, plan.marker_problems


def live_preview_response(request, article: Article) -> TemplateResponse | JsonResponse:
    """The preview page of `article` (fetched with its content) as the page's data would make it, or a 4xx whose
    `detail` says what is wrong with the data."""
    try:
        edited, marker_problems = article_as_edited(article, edit_from(page_json(request)))
    except EditProblems as problems:
        return JsonResponse({"detail": " ".join(str(problem) for problem in problems.problems)}, status=400)
    except (PageBodyTooLarge, LiveCheckInputError) as error:
        return refusal(error)
    site_settings = SiteSettings.load()
    context = {
        "article": preview_document(edited, request, site_settings),
        "status": edited.get_status_display(),
        "is_live": edited.is_live,
        "live_with_changes": edited.is_live and edited.status != ArticleStatus.PUBLISHED,
        "site_settings": site_settings,
        "marker_problems": [str(problem) for problem in marker_problems],
    }
    return TemplateResponse(request, "publishing/preview/live_article.html", context)
