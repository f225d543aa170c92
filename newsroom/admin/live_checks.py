"""The article page's checks while the editor types: readability against the site's target and the citation
markers against the citation rows, from what the page holds now, with the functions a save uses."""

import json

from django.http import JsonResponse
from django.utils.translation import gettext as _

from articles.citations import CitationNumbering
from articles.content_model import PARTS, Purpose
from articles.models import Audience
from articles.prose import Prose, Text, grades_by_part, texts
from core import languages
from core.citation_markers import cited_numbers
from core.json_depth import MAX_JSON_DEPTH, json_depth, too_deep_message
from core.models import SiteSettings
from core.readability import Readability, ReadingTarget, long_sentences, measure
from newsroom.admin import readability

MAX_BYTES = 1024 * 1024
MAX_ROWS = 500  # of each kind of part: an article has tens; more is not an article being typed
MAX_PROBLEMS = 200


class LiveCheckInputError(ValueError):
    """The page sent something that is not the texts of an article (named in the message)."""


class PageBodyTooLarge(Exception):
    """The page sent more than MAX_BYTES: a 413."""


def page_json(request):
    """What the article page sent as JSON (its live checks, its live preview). PageBodyTooLarge over MAX_BYTES;
    LiveCheckInputError for text that is not JSON, or nested so deep that json.loads would die of a RecursionError."""
    if len(request.body) > MAX_BYTES:
        raise PageBodyTooLarge
    try:
        text = request.body.decode()
        if json_depth(text) > MAX_JSON_DEPTH:
            raise LiveCheckInputError(too_deep_message())
        return json.loads(text or "null")
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise LiveCheckInputError(_("The body is not JSON.")) from error


def refusal(error: Exception) -> JsonResponse:
    """The answer to what the page sent that cannot be read (PageBodyTooLarge, LiveCheckInputError), in `detail`."""
    if isinstance(error, PageBodyTooLarge):
        return JsonResponse({"detail": _("The page sent more than 1 MB of text.")}, status=413)
    return JsonResponse({"detail": str(error)}, status=400)


def _rows(data: dict, kind: str) -> list[dict]:
    rows = data.get(kind, [])
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise LiveCheckInputError(_("“%(name)s” must be a list of objects.") % {"name": kind})
    if len(rows) > MAX_ROWS:
        raise LiveCheckInputError(_("“%(name)s” has more than %(max)s rows.") % {"name": kind, "max": MAX_ROWS})
    return rows


def prose_from(data: dict) -> tuple[Prose, list[Text], int, str, str | None]:
    """The texts (as a patient reads them, and those that cite), the number of citation rows, the audience and the
    language the page sent: the article's fields and each part's rows, by the names the models give them."""
    if not isinstance(data, dict):
        raise LiveCheckInputError(_("Send a JSON object."))
    citations = data.get("citations", 0)
    if not isinstance(citations, int) or isinstance(citations, bool) or not 0 <= citations <= 1000:
        raise LiveCheckInputError(_("“citations” must be the number of citation rows."))
    rows = {kind: _rows(data, kind) for kind in PARTS if kind != "citations"}
    return (
        Prose.of(data, rows.__getitem__),
        texts(data, Purpose.CITING, rows.__getitem__),
        citations,
        str(data.get("audience", Audience.PATIENTS)),
        _language(data),
    )


def _language(data: dict) -> str | None:
    """The language chosen on the page (None: the site's default), which the texts are measured in."""
    language = data.get("language") or None
    if language is not None and not (isinstance(language, str) and languages.TAG.match(language)):
        raise LiveCheckInputError(_("“language” must be a language tag such as en or es."))
    return language


def live_checks(prose: Prose, cited: list[Text], citations: int, audience: str, language: str | None) -> dict:
    site_settings = SiteSettings.load()
    language = language or site_settings.language
    target = site_settings.reading_target(audience, language=language)
    overall = measure(prose.text(), language=language)
    marked = [(text.where, text.value) for text in cited]
    numbering = CitationNumbering(final=frozenset(range(1, citations + 1)))
    return {
        "readability": None if overall is None else _readability(overall, prose, target, audience=audience),
        "citations": {
            "problems": [f"{where}: {problem}" for where, text in marked for problem in numbering.problems(text)][
                :MAX_PROBLEMS
            ],
            "unused": sorted(numbering.final - cited_numbers(text for _where, text in marked)),
        },
    }


def _readability(overall: Readability, prose: Prose, target: ReadingTarget | None, *, audience: str) -> dict:
    """The page's readability field as the saved page shows it (`newsroom.admin.readability`): `summary` and
    `by_part_heading` are its sentences; `grade` and `ease` are the English Flesch scores (null for other
    languages), `score` the language's formula's."""
    return {
        "language": overall.language,
        "available": overall.available,
        "formula": overall.formula.id if overall.formula else None,
        "score": overall.score,
        "grade": overall.flesch_kincaid_grade,
        "ease": overall.flesch_reading_ease,
        "target": None if target is None else float(target.value),
        "above_target": readability.missed(target, overall),
        "summary": readability.summary(overall, target, audience=audience),
        "by_part_heading": readability.by_part_heading(overall),
        "by_part": [
            {"part": label, "score": scores.score, "above_target": readability.missed(target, scores)}
            for label, scores in grades_by_part(prose, language=overall.language)
        ],
        "long_sentences": [{"words": words, "text": text} for words, text in long_sentences(prose.text())],
    }


def live_checks_response(request) -> JsonResponse:
    try:
        prose, cited, citations, audience, language = prose_from(page_json(request))
    except (PageBodyTooLarge, LiveCheckInputError) as error:
        return refusal(error)
    return JsonResponse(live_checks(prose, cited, citations, audience, language))
