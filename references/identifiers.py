"""DOI and PMID: what editors paste, normalised to one stored form, and validated."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.text import STRIPPED_WHITESPACE

DOI_PREFIXES = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:")
# What an editor may type or paste, blank included. They are also the OpenAPI schema's patterns, so they are
# written for both Python and ECMAScript regular expressions: no flags (hence [Dd][Oo][Ii]), ASCII digits.
# Whitespace is what str.strip() removes (the server strips before it validates), or a client reading the schema
# would disagree with the server about a DOI ending in \x1c. A DOI's suffix may hold such a character, not end
# with one.
_SPACE = STRIPPED_WHITESPACE
_WS = rf"[{_SPACE}]"
DOI_PREFIX = r"10\.[0-9]{4,9}"  # 10. and the registrant's number
DOI_INPUT = (
    rf"^{_WS}*(|(([Hh][Tt][Tt][Pp][Ss]?://([Dd][Xx]\.)?[Dd][Oo][Ii]\.[Oo][Rr][Gg]/|[Dd][Oo][Ii]:){_WS}*)?"
    rf"{DOI_PREFIX}/[^ \t\n\r\f\v\x00]*[^{_SPACE}\x00]){_WS}*$"
)
PMID_INPUT = rf"^{_WS}*(|[1-9][0-9]{{0,8}}){_WS}*$"


def normalize_doi(value: str | None) -> str:
    """'https://doi.org/10.1056/NEJMra070553' -> '10.1056/nejmra070553' (DOIs are case-insensitive)."""
    doi = (value or "").strip()
    lowered = doi.lower()
    for prefix in DOI_PREFIXES:
        if lowered.startswith(prefix):
            doi = doi[len(prefix) :].strip()
            break
    return doi.lower()


def _refuse_unless_whole(pattern: str, value: str, message: str, code: str) -> None:
    """A ValidationError naming `value` unless it is blank or `pattern` matches all of it (the schema's reading)."""
    if value and not re.fullmatch(pattern, value):
        raise ValidationError(message, code=code, params={"value": value})


def validate_doi(value: str) -> None:
    _refuse_unless_whole(
        DOI_INPUT,
        value,
        _(
            "“%(value)s” is not a DOI. A DOI starts with 10., a registrant number of 4 to 9 digits "
            "and a slash, e.g. 10.1056/NEJMra070553."
        ),
        "invalid_doi",
    )


def normalize_pmid(value: str | None) -> str:
    return (value or "").strip()


def validate_pmid(value: str) -> None:
    _refuse_unless_whole(
        PMID_INPUT,
        value,
        _("“%(value)s” is not a PubMed ID. A PMID is a number of up to 9 digits, e.g. 17634462."),
        "invalid_pmid",
    )


# A reference's web address: http(s) and a host name, or blank. Stricter than Django's URLValidator (which also
# runs), so that the schema's pattern says exactly what the server accepts: no IP addresses, no other schemes,
# host labels short enough that a host name never passes the 253 characters DNS allows.
WEB_ADDRESS = (
    r"^(|[Hh][Tt][Tt][Pp][Ss]?://([A-Za-z0-9]([A-Za-z0-9-]{0,40}[A-Za-z0-9])?\.){1,4}[A-Za-z]{2,20}"
    r"(:[1-9][0-9]{0,3})?([/?#][!-~]*)?)$"
)


def validate_web_address(value: str) -> None:
    _refuse_unless_whole(
        WEB_ADDRESS,
        value,
        _(
            "“%(value)s” is not a web address a reader can open: it must start with https:// (or http://) "
            "followed by a host name such as www.ncbi.nlm.nih.gov (not an IP address), without spaces."
        ),
        "invalid_web_address",
    )
