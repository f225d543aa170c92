"""DOI and PMID: what editors paste, normalised to one stored form, and validated."""

import re

from django.core.exceptions import ValidationError

DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")
DOI_PREFIXES = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:")
PMID_PATTERN = re.compile(r"^[1-9]\d{0,8}$")


def normalize_doi(value: str) -> str:
    """'https://doi.org/10.1056/NEJMra070553' -> '10.1056/nejmra070553' (DOIs are case-insensitive)."""
    doi = (value or "").strip()
    lowered = doi.lower()
    for prefix in DOI_PREFIXES:
        if lowered.startswith(prefix):
            doi = doi[len(prefix) :].strip()
            break
    return doi.lower()


def validate_doi(value: str) -> None:
    if value and not DOI_PATTERN.match(normalize_doi(value)):
        raise ValidationError(
            "“%(value)s” is not a DOI. A DOI starts with 10., a registrant number of 4 to 9 digits "
            "and a slash, e.g. 10.1056/NEJMra070553.",
            code="invalid_doi",
            params={"value": value},
        )


def normalize_pmid(value: str) -> str:
    return (value or "").strip()


def validate_pmid(value: str) -> None:
    if value and not PMID_PATTERN.match(normalize_pmid(value)):
        raise ValidationError(
            "“%(value)s” is not a PubMed ID. A PMID is a number of up to 9 digits, e.g. 17634462.",
            code="invalid_pmid",
            params={"value": value},
        )
