import pytest
from django.core.exceptions import ValidationError

from references.identifiers import normalize_doi, validate_doi, validate_pmid


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("10.1056/NEJMra070553", "10.1056/nejmra070553"),
        ("https://doi.org/10.1056/NEJMra070553", "10.1056/nejmra070553"),
        ("http://dx.doi.org/10.1210/jc.2011-0385", "10.1210/jc.2011-0385"),
        ("doi:10.1210/JC.2011-0385 ", "10.1210/jc.2011-0385"),
        ("HTTPS://DOI.ORG/10.1056/NEJMra070553", "10.1056/nejmra070553"),
        (" DOI: 10.1056/NEJMra070553", "10.1056/nejmra070553"),
    ],
)
def test_doi_is_accepted_and_normalised(raw, stored):
    validate_doi(raw)
    assert normalize_doi(raw) == stored


@pytest.mark.parametrize(
    "bad",
    [
        "1056/NEJMra070553",
        "10.12/abc",
        "10.1056/",
        "10.1056/has space",
        "0",
        "https://example.org/10.1056/x",
        "10.١٢٣٤/x",
    ],
)
def test_malformed_doi_is_rejected(bad):
    with pytest.raises(ValidationError, match="is not a DOI"):
        validate_doi(bad)


@pytest.mark.parametrize("bad", ["PMC3104", "12 34", "0123", "1234567890", "١٢٣"])
def test_malformed_pmid_is_rejected(bad):
    with pytest.raises(ValidationError, match="is not a PubMed ID"):
        validate_pmid(bad)


def test_a_well_formed_pmid_is_accepted():
    validate_pmid(" 17634462 ")
