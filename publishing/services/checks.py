"""The medical checks a document meets before it is approved and again before it goes live: what it cites
(a retracted paper), how it reads (above the site's target grade for patients), and what it discloses (a
sponsored article says who paid).

A cited retraction or a reading level above the target may be approved past, with the reviewer's reason
(recorded on the approval and in the review history); a missing sponsorship disclosure may not.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.models import SiteSettings
from references.identifiers import normalize_doi, normalize_pmid
from references.models import NoticeNature, RetractionNotice

RETRACTION = "retraction"
READING_LEVEL = "reading_level"


@dataclass(frozen=True)
class Concern:
    check: str
    message: str


def retracted_citations(references: list[dict]) -> list[str]:
    """The cited entries (`number`, `title`, `doi`, `pmid`) whose paper stands retracted now: its latest
    retraction or reinstatement notice is a retraction. One query."""
    dois = {normalize_doi(entry.get("doi") or "") for entry in references}
    pmids = {normalize_pmid(entry.get("pmid") or "") for entry in references}
    notices = RetractionNotice.objects.about(dois=dois, pmids=pmids).filter(
        nature__in=[NoticeNature.RETRACTION, NoticeNature.REINSTATEMENT]
    )
    notices = sorted(notices, key=lambda notice: (notice.notice_date is None, notice.notice_date, notice.record_id))
    standing: dict[str, RetractionNotice] = {}
    for notice in notices:  # oldest first: the last one about a paper is its standing
        for key in (notice.original_doi, notice.original_pmid):
            if key:
                standing[key] = notice
    retracted = []
    for entry in references:
        keys = [normalize_doi(entry.get("doi") or ""), normalize_pmid(entry.get("pmid") or "")]
        notice = next((standing[key] for key in keys if key and key in standing), None)
        if notice is not None and notice.nature == NoticeNature.RETRACTION:
            when = notice.notice_date.isoformat() if notice.notice_date else _("date unknown")
            retracted.append(f"[{entry['number']}] {entry['title']} ({_('retracted')} {when})")
    return retracted


def document_concerns(document: dict, site_settings: SiteSettings) -> list[Concern]:
    """What a reviewer must give a reason for before this document may be approved or go live."""
    concerns = []
    retracted = retracted_citations(document.get("references", []))
    if retracted:
        concerns.append(
            Concern(
                RETRACTION,
                _("It cites %(count)s retracted paper(s): %(papers)s.")
                % {"count": len(retracted), "papers": "; ".join(retracted)},
            )
        )
    grade = (document.get("readability") or {}).get("flesch_kincaid_grade")
    target = site_settings.reading_target(document.get("audience", "patients"))
    if target is not None and grade is not None and Decimal(str(grade)) > target:
        concerns.append(
            Concern(
                READING_LEVEL,
                _("It reads at grade %(grade)s, above the site's target of %(target)s for patients.")
                % {"grade": grade, "target": target},
            )
        )
    return concerns


def disclosure_check(document: dict) -> None:
    """A sponsored article says who paid for it (no reason can replace the disclosure itself)."""
    if document.get("sponsored") and not (document.get("funding") or "").strip():
        raise ValidationError(
            {"funding": _("A sponsored article must say who paid for it: fill in “Funding and sponsorship”.")}
        )
