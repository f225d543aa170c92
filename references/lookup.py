"""Filling a new reference from what an editor pasted: read offline (references.records), checked against the
references already kept, and, for a bare DOI or PubMed ID when REFERENCE_LOOKUP_ONLINE is on, looked up at
Crossref (DOIs) or at NCBI's E-utilities (PubMed IDs, as the MEDLINE record the offline reader also reads).

A look-up never fails the page: a service that is slow, unreachable or knows nothing of the identifier leaves the
identifier filled and says so, in words the editor can act on.
"""

import http.client
import json
import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.error import HTTPError, URLError
from urllib.parse import quote, unquote, urlencode
from urllib.request import Request, urlopen

from django.conf import settings
from django.utils.translation import gettext as _

from references.identifiers import DOI_PREFIX
from references.models import Reference
from references.records import RecordFormat, ReferenceDraft, Unreadable, read_crossref, read_medline, read_pasted
from references.services import reference_with_identifier

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

TOOL = "medical-articles-cms"
# Far above a work's JSON with its reference list (Crossref) or one MEDLINE record: a bound, not a size to expect.
MAX_ANSWER_BYTES = 4 * 1024 * 1024


class LookupFailed(Exception):
    """The service gave nothing usable; the message says why and what the editor can do."""


@dataclass(frozen=True)
class Filling:
    """What a paste gives the add form: the fields to fill, the reference that already has its DOI or PMID (then
    nothing is to be added), and a note when fields that could have been filled were not."""

    draft: ReferenceDraft
    existing: Reference | None = None
    note: str = ""


def reference_fill(pasted: str) -> Filling:
    """Read what was pasted (Unreadable when it cannot be), and complete a bare identifier online when allowed."""
    draft = read_pasted(pasted)
    existing = reference_with_identifier(doi=draft.doi, pmid=draft.pmid)
    if existing is not None or not draft.identifier_only:
        return Filling(draft=draft, existing=existing)
    label = RecordFormat(draft.source).label
    if not settings.REFERENCE_LOOKUP_ONLINE:
        return Filling(
            draft=draft,
            note=_(
                "Only the %(identifier)s was filled: looking references up online is turned off here. Paste the "
                "PubMed, RIS or BibTeX record instead to fill the other fields, or type them (or ask whoever runs "
                "the site to turn on REFERENCE_LOOKUP_ONLINE)."
            )
            % {"identifier": label},
        )
    try:
        found = lookup_doi(draft.doi) if draft.doi else lookup_pmid(draft.pmid)
    except LookupFailed as failure:
        return Filling(draft=draft, note=str(failure))
    # PubMed's record also gives the DOI, which another reference may have.
    return Filling(draft=found, existing=reference_with_identifier(doi=found.doi, pmid=found.pmid))


def user_agent() -> str:
    """Crossref's etiquette: the tool and a contact address, so that they write before they block."""
    contact = settings.REFERENCE_LOOKUP_CONTACT_EMAIL
    return f"{TOOL} (mailto:{contact})" if contact else TOOL


# A DOI as the look-up sends it: the prefix, a slash, and a suffix of printable characters (stricter than what
# may be stored, `DOI_INPUT`: nothing unprintable goes into an address). The suffix may hold slashes of its own,
# but no segment that is, or percent-decodes to, "." or "..": a path on the service's side that such a segment
# would climb out of is not the DOI's.
DOI_PARTS = re.compile(rf"(?P<prefix>{DOI_PREFIX})/(?P<suffix>.+)", re.DOTALL)
NOT_IN_A_DOI = re.compile(r"[\x00-\x20\x7f-\x9f]")  # control characters and spaces
DOT_SEGMENTS = frozenset({".", ".."})


def crossref_work_url(doi: str) -> str:
    """Crossref's address of the work with `doi`, its suffix percent-encoded whole (slashes included), so that
    nothing in a pasted DOI reaches the address's path as anything but one segment; Unreadable, saying why, for
    a DOI that is not one."""
    parts = DOI_PARTS.fullmatch(doi)
    if (
        parts is None
        or NOT_IN_A_DOI.search(doi)
        or any(unquote(segment) in DOT_SEGMENTS for segment in parts["suffix"].split("/"))
    ):
        raise Unreadable(
            _(
                "“%(doi)s” is not a DOI that can be looked up: a DOI is 10., a registrant number, a slash and a "
                "suffix without spaces, control characters or “.” and “..” path segments. Check it against the "
                "source."
            )
            % {"doi": doi}
        )
    return f"{settings.CROSSREF_API_URL}/works/{parts['prefix']}/{quote(parts['suffix'], safe='')}"


def lookup_doi(doi: str) -> ReferenceDraft:
    """The Crossref record of `doi`: LookupFailed when the service gives none, Unreadable (before any call) when
    `doi` is not a DOI that can be put in an address."""
    service, label = "Crossref", RecordFormat.DOI.label
    status, body = fetch(crossref_work_url(doi), service=service, label=label)
    if status == 404:
        raise LookupFailed(
            _(
                "Crossref has no record of the DOI %(doi)s: only the DOI was filled; check it against the source, "
                "or type the other fields."
            )
            % {"doi": doi}
        )
    refuse_unless_ok(status, service=service, label=label)
    try:
        return read_crossref(json.loads(body)["message"])
    except (ValueError, KeyError, TypeError) as error:
        raise unreadable_answer(service, label) from error


def lookup_pmid(pmid: str) -> ReferenceDraft:
    service, label = "PubMed", RecordFormat.PMID.label
    query = {"db": "pubmed", "id": pmid, "rettype": "medline", "retmode": "text", "tool": TOOL}
    if settings.REFERENCE_LOOKUP_CONTACT_EMAIL:
        query["email"] = settings.REFERENCE_LOOKUP_CONTACT_EMAIL
    status, body = fetch(f"{settings.NCBI_EUTILS_URL}/efetch.fcgi?{urlencode(query)}", service=service, label=label)
    refuse_unless_ok(status, service=service, label=label)
    text = body.decode("utf-8", errors="replace")
    # An unknown PMID is a 200 without a record ("The following PMID is not available"), not a 404.
    if f"PMID- {pmid}" not in text:
        raise LookupFailed(
            _(
                "PubMed has no record with the ID %(pmid)s: only the PubMed ID was filled; check it against the "
                "source, or type the other fields."
            )
            % {"pmid": pmid}
        )
    try:
        return read_medline(text)
    except Unreadable as error:
        raise unreadable_answer(service, label) from error


def refuse_unless_ok(status: int, *, service: str, label: "StrOrPromise") -> None:
    if status != 200:
        raise LookupFailed(
            _(
                "%(service)s answered with an error (HTTP %(status)s): only the %(identifier)s was filled; type the "
                "other fields or try again later."
            )
            % {"service": service, "status": status, "identifier": label}
        )


def unreadable_answer(service: str, label: "StrOrPromise") -> LookupFailed:
    return LookupFailed(
        _("%(service)s's answer could not be read: only the %(identifier)s was filled; type the other fields.")
        % {"service": service, "identifier": label}
    )


def fetch(url: str, *, service: str, label: "StrOrPromise") -> tuple[int, bytes]:
    """GET `url`: the status and the body (empty for an error status). The timeout bounds each network wait, and
    reading the body stops at the same deadline, so that a service sending a byte at a time cannot hold the
    editor's page."""
    seconds = settings.REFERENCE_LOOKUP_TIMEOUT_SECONDS
    too_slow = LookupFailed(
        _(
            "%(service)s did not answer within %(seconds)s s: the fields were not filled (only the %(identifier)s "
            "was); type them or try again."
        )
        % {"service": service, "seconds": f"{seconds:g}", "identifier": label}
    )
    deadline = time.monotonic() + seconds
    request = Request(url, headers={"User-Agent": user_agent()})
    try:
        with urlopen(request, timeout=seconds) as response:
            return response.status, read_until(response, deadline, too_slow)
    except HTTPError as error:
        error.close()
        return error.code, b""
    except TimeoutError as error:
        raise too_slow from error
    except URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise too_slow from error
        raise unreachable(service, label, error.reason) from error
    except (OSError, http.client.HTTPException) as error:
        raise unreachable(service, label, error) from error


def read_until(response: http.client.HTTPResponse, deadline: float, too_slow: LookupFailed) -> bytes:
    chunks, size = [], 0
    while chunk := response.read1(64 * 1024):
        size += len(chunk)
        if size > MAX_ANSWER_BYTES:
            raise LookupFailed(_("The answer was larger than a reference's record: the fields were not filled."))
        if time.monotonic() > deadline:
            raise too_slow
        chunks.append(chunk)
    return b"".join(chunks)


def unreachable(service: str, label: "StrOrPromise", reason: object) -> LookupFailed:
    return LookupFailed(
        _(
            "%(service)s could not be reached (%(reason)s): only the %(identifier)s was filled; type the other "
            "fields or try again."
        )
        % {"service": service, "reason": reason, "identifier": label}
    )
