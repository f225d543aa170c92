import pytest
from django.db import IntegrityError

from tests.helpers.factories import ReferenceFactory


@pytest.mark.django_db
def test_doi_and_pmid_are_unique_when_set():
    ReferenceFactory(doi="10.1056/nejmra070553", pmid="17634462")
    ReferenceFactory(doi="", pmid="")
    ReferenceFactory(doi="", pmid="")

    with pytest.raises(IntegrityError):
        ReferenceFactory(doi="https://doi.org/10.1056/NEJMRA070553")
