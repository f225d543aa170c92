"""What the article page says of the text's readability, in the same words on the saved page (the read-only
"readability" field, the warning after a save) and while the editor types (the live checks, whose script shows
the sentences it is sent): the formula made for the text's language and its score against the site's target.
Scores are written as the editor's language writes numbers (72.3 in English, 72,3 in Spanish)."""

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from articles.models import Audience
from core.readability import Readability, ReadingTarget


def missed(target: ReadingTarget | None, scores: Readability) -> bool:
    """Whether the score misses the target (there is none for professionals, nor where nothing was measured)."""
    return target is not None and scores.score is not None and target.missed_by(scores.score)


def not_measured(scores: Readability) -> str:
    return _(
        "The reading level could not be measured: no readability formula fits the language “%(language)s”, so no "
        "target applies to it."
    ) % {"language": scores.language}


def _verdict(scores: Readability, target: ReadingTarget | None, *, audience: str) -> str:
    grade = scores.formula is not None and scores.formula.scale == "grade"
    if audience != Audience.PATIENTS:
        return (
            _("written for health professionals: no target grade")
            if grade
            else _("written for health professionals: no target")
        )
    if target is None:
        return _("no target for this language in the site settings")
    if grade:
        if missed(target, scores):
            return _("above the site's grade %(target)s target for patients") % {"target": number(target.value)}
        return _("within the site's grade %(target)s target for patients") % {"target": number(target.value)}
    if missed(target, scores):
        return _("below the site's target of %(target)s for patients") % {"target": number(target.value)}
    return _("at or above the site's target of %(target)s for patients") % {"target": number(target.value)}


def summary(scores: Readability, target: ReadingTarget | None, *, audience: str) -> str:
    """One sentence: the formula, the score and how it stands against the target; or why there is no score."""
    if scores.formula is None:
        return not_measured(scores)
    verdict = _verdict(scores, target, audience=audience)
    if scores.flesch_kincaid_grade is not None:
        return _("Flesch-Kincaid grade %(grade)s (%(verdict)s); Flesch reading ease %(ease)s.") % {
            "grade": number(scores.flesch_kincaid_grade),
            "verdict": verdict,
            "ease": number(scores.flesch_reading_ease),
        }
    return _("%(formula)s %(score)s (%(verdict)s; 0-100, higher is easier).") % {
        "formula": scores.formula.name,
        "score": number(scores.score),
        "verdict": verdict,
    }


def by_part_heading(scores: Readability) -> str:
    return (
        _("Grade by part:") if scores.formula is not None and scores.formula.scale == "grade" else _("Score by part:")
    )


def save_warning(scores: Readability, target: ReadingTarget) -> str:
    """The warning after a save whose text misses the target: what to do, and what missing it means."""
    if scores.flesch_kincaid_grade is not None:
        return _(
            "The text reads at Flesch-Kincaid grade %(grade)s; the site's target for patients is grade "
            "%(target)s. Shorter sentences and simpler words help (see “Readability” for each part). "
            "Above the target, the medical reviewer must give a reason to approve it."
        ) % {"grade": number(scores.flesch_kincaid_grade), "target": number(target.value)}
    return _(
        "The text scores %(score)s on the %(formula)s; the site's target for patients is at least %(target)s. "
        "Shorter sentences and simpler words help (see “Readability” for each part). Below the target, the "
        "medical reviewer must give a reason to approve it."
    ) % {"score": number(scores.score), "formula": target.formula.name, "target": number(target.value)}


def number(value: float | None) -> str:
    """A score or target in the active language's decimal notation ("" for none)."""
    return "" if value is None else number_format(value)
