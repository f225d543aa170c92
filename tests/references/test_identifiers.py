import pytest
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from references.identifiers import normalize_doi, validate_doi, validate_pmid, validate_web_address


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


@pytest.mark.parametrize(
    "bad",
    [
        "ftp://ftp.ncbi.nlm.nih.gov/pub/",
        "http://192.168.0.1/paper",
        " https://www.ncbi.nlm.nih.gov/",
        "https://www.ncbi.nlm.nih.gov/a b",
        "https://localhost/",
        "javascript:alert(1)",
        "www.ncbi.nlm.nih.gov",
    ],
)
def test_a_reference_address_must_be_http_with_a_host_name(bad):
    with pytest.raises(ValidationError) as raised:
        validate_web_address(bad)
    assert "is not a web address a reader can open" in raised.value.messages[0]


@pytest.mark.parametrize(
    "good",
    [
        "",
        "https://ods.od.nih.gov/factsheets/VitaminD-HealthProfessional/",
        "http://www.ninds.nih.gov/health-information?topic=rls#causes",
        "https://example.org:8443",
    ],
)
def test_web_addresses_readers_open_are_accepted_and_django_agrees(good):
    validate_web_address(good)
    if good:
        URLValidator()(good)  # the schema's pattern never admits what Django's own URL check refuses
