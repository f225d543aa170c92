"""The medical checks a document meets before it is approved and again before it goes live: what it cites
(a retracted paper), how it reads (short of the site's target for patients, on its language's formula), and what
it discloses (a sponsored article says who paid).

A cited retraction or a reading level above the target may be approved past, with the reviewer's reason
(recorded on the approval and in the review history); a missing sponsorship disclosure may not.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from core.exceptions import StateConflict
from core.models import SiteSettings
from core.readability import current_block
from publishing.selectors import standing_retractions
from references.identifiers import normalize_doi, normalize_pmid
from references.models import RetractionNotice

RETRACTION = "retraction"
READING_LEVEL = "reading_level"


@dataclass(frozen=True)
class Concern:
    check: str
    message: str


def retracted_citations(references: list[dict]) -> list[str]:
    """The cited entries (`number`, `title`, `doi`, `pmid`) whose paper stands retracted now (see
    `standing_retractions`), each with the date of its latest retraction. One query."""
    dois = {normalize_doi(entry.get("doi")) for entry in references}
    pmids = {normalize_pmid(entry.get("pmid")) for entry in references}
    latest: dict[str, RetractionNotice] = {}
    notices = standing_retractions(RetractionNotice.objects.about(dois=dois, pmids=pmids))
    for notice in notices.order_by(F("notice_date").asc(nulls_first=True)):  # an undated one is the oldest
        for key in (notice.original_doi, notice.original_pmid):
            if key:
                latest[key] = notice
    retracted = []
    for entry in references:
        keys = [normalize_doi(entry.get("doi")), normalize_pmid(entry.get("pmid"))]
        notice = next((latest[key] for key in keys if key and key in latest), None)
        if notice is not None:
            when = notice.notice_date.isoformat() if notice.notice_date else _("date unknown")
            retracted.append(f"[{entry['number']}] {entry['title']} ({_('retracted')} {when})")
    return retracted


def document_concerns(document: dict, site_settings: SiteSettings) -> list[Concern]:
    """What a reviewer must give a reason for before this document may be approved or go live."""
    concerns = []
    retracted = retracted_citations(document["references"])
    if retracted:
        concerns.append(
            Concern(
                RETRACTION,
                _("It cites %(count)s retracted paper(s): %(papers)s.")
                % {"count": len(retracted), "papers": "; ".join(retracted)},
            )
        )
    reading = reading_concern(document, site_settings)
    if reading is not None:
        concerns.append(reading)
    return concerns


def reading_concern(document: dict, site_settings: SiteSettings) -> Concern | None:
    """The text for patients misses the site's target on its language's formula. Measured in the language the
    document records (a document frozen before languages were, as English); a language with no formula was not
    measured, so it cannot miss a target and does not block."""
    block = current_block(document.get("readability"))
    if block is None or not block["available"] or block["score"] is None:
        return None
    target = site_settings.reading_target(document.get("audience", "patients"), language=block["language"])
    if target is None or not target.missed_by(block["score"]):
        return None
    if target.formula.scale == "grade":
        message = _("It reads at grade %(grade)s, above the site's target of %(target)s for patients.") % {
            "grade": number_format(block["score"]),
            "target": number_format(target.value),
        }
    else:
        message = _("It scores %(score)s on the %(formula)s, below the site's target of %(target)s for patients.") % {
            "score": number_format(block["score"]),
            "formula": target.formula.name,
            "target": number_format(target.value),
        }
    return Concern(READING_LEVEL, message)


def disclosure_check(document: dict) -> None:
    """A sponsored article says who paid for it (no reason can replace the disclosure itself)."""
    if document.get("sponsored") and not (document.get("funding") or "").strip():
        raise ValidationError(
            {"funding": _("A sponsored article must say who paid for it: fill in “Funding and sponsorship”.")}
        )


def go_live_check(document: dict, *, overridden: list[str], site_settings: SiteSettings) -> None:
    """Every way to make a document live (publish, rollback) checks it again as it stands today: a paper
    retracted since its approval, or a target grade lowered since, needs a new approval; what the reviewer
    approved past with a reason stays approved past."""
    disclosure_check(document)
    concerns = [concern for concern in document_concerns(document, site_settings) if concern.check not in overridden]
    if concerns:
        raise StateConflict(
            " ".join(concern.message for concern in concerns)
            + " "
            + _("A medical reviewer must approve this version again, giving a reason, before it can go live.")
        )
