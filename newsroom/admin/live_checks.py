"""The article page's checks while the editor types: readability against the site's target and the citation
markers against the citation rows, from what the page holds now, with the functions a save uses."""

import json

from django.http import JsonResponse
from django.utils.translation import gettext as _

from articles.citations import CitationNumbering
from articles.content_model import PARTS, Purpose
from articles.models import Audience
from articles.prose import Prose, Text, grades_by_part, texts
from core.citation_markers import cited_numbers
from core.models import SiteSettings
from core.readability import long_sentences, measure

MAX_BYTES = 1024 * 1024
MAX_ROWS = 500  # of each kind of part: an article has tens; more is not an article being typed
MAX_PROBLEMS = 200


class LiveCheckInputError(ValueError):
    """The page sent something that is not the texts of an article (named in the message)."""


def _rows(data: dict, kind: str) -> list[dict]:
    rows = data.get(kind, [])
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise LiveCheckInputError(_("“%(name)s” must be a list of objects.") % {"name": kind})
    if len(rows) > MAX_ROWS:
        raise LiveCheckInputError(_("“%(name)s” has more than %(max)s rows.") % {"name": kind, "max": MAX_ROWS})
    return rows


def prose_from(data: dict) -> tuple[Prose, list[Text], int, str]:
    """The texts (as a patient reads them, and those that cite), the number of citation rows and the audience the
    page sent: the article's fields and each part's rows, by the names the models give them."""
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
    )


def live_checks(prose: Prose, cited: list[Text], citations: int, audience: str) -> dict:
    target = SiteSettings.load().reading_target(audience)
    overall = measure(prose.text())
    above = lambda grade: target is not None and grade > target  # noqa: E731 (one comparison, used twice)
    marked = [(text.where, text.value) for text in cited]
    numbering = CitationNumbering(final=frozenset(range(1, citations + 1)))
    return {
        "readability": None
        if overall is None
        else {
            "grade": overall.flesch_kincaid_grade,
            "ease": overall.flesch_reading_ease,
            "target": None if target is None else float(target),
            "above_target": above(overall.flesch_kincaid_grade),
            "by_part": [
                {
                    "part": label,
                    "grade": scores.flesch_kincaid_grade,
                    "above_target": above(scores.flesch_kincaid_grade),
                }
                for label, scores in grades_by_part(prose)
            ],
            "long_sentences": [{"words": words, "text": text} for words, text in long_sentences(prose.text())],
        },
        "citations": {
            "problems": [f"{where}: {problem}" for where, text in marked for problem in numbering.problems(text)][
                :MAX_PROBLEMS
            ],
            "unused": sorted(numbering.final - cited_numbers(text for _where, text in marked)),
        },
    }


def live_checks_response(request) -> JsonResponse:
    if len(request.body) > MAX_BYTES:
        return JsonResponse({"detail": _("The page sent more than 1 MB of text.")}, status=413)
    try:
        data = json.loads(request.body or b"null")
        prose, cited, citations, audience = prose_from(data)
    except (ValueError, UnicodeDecodeError) as error:
        message = str(error) if isinstance(error, LiveCheckInputError) else _("The body is not JSON.")
        return JsonResponse({"detail": message}, status=400)
    return JsonResponse(live_checks(prose, cited, citations, audience))
