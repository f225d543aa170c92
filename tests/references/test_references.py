import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from references.identifiers import normalize_doi, validate_doi, validate_pmid
from references.models import Reference, ReferenceKind
from tests.helpers.factories import CitationFactory, ReferenceFactory, complete_article


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("10.1056/NEJMra070553", "10.1056/nejmra070553"),
        ("https://doi.org/10.1056/NEJMra070553", "10.1056/nejmra070553"),
        ("http://dx.doi.org/10.1210/jc.2011-0385", "10.1210/jc.2011-0385"),
        ("doi:10.1210/JC.2011-0385 ", "10.1210/jc.2011-0385"),
    ],
)
def test_doi_is_normalised(raw, stored):
    assert normalize_doi(raw) == stored


@pytest.mark.parametrize("bad", ["1056/NEJMra070553", "10.12/abc", "10.1056/", "10.1056/has space"])
def test_malformed_doi_is_rejected(bad):
    with pytest.raises(ValidationError, match="is not a DOI"):
        validate_doi(bad)


@pytest.mark.parametrize("bad", ["PMC3104", "12 34", "0123", "1234567890"])
def test_malformed_pmid_is_rejected(bad):
    with pytest.raises(ValidationError, match="is not a PubMed ID"):
        validate_pmid(bad)


@pytest.mark.django_db
def test_doi_and_pmid_are_unique_when_set():
    ReferenceFactory(doi="10.1056/nejmra070553", pmid="17634462")
    ReferenceFactory(doi="", pmid="")
    ReferenceFactory(doi="", pmid="")

    with pytest.raises(IntegrityError):
        ReferenceFactory(doi="https://doi.org/10.1056/NEJMRA070553")


@pytest.mark.django_db
def test_an_article_cannot_cite_the_same_reference_twice():
    article = complete_article(children=0)
    reference = ReferenceFactory()
    CitationFactory(article=article, reference=reference)

    with pytest.raises(IntegrityError):
        CitationFactory(article=article, reference=reference)


@pytest.mark.django_db
def test_citations_are_numbered_in_order():
    article = complete_article(children=0)

    numbers = [CitationFactory(article=article).number for _ in range(3)]

    assert numbers == [1, 2, 3]


def reference(**fields) -> Reference:
    return Reference(**fields)


def test_ama_journal_article_with_more_than_six_authors():
    ref = reference(
        kind=ReferenceKind.GUIDELINE,
        authors="Holick MF, Binkley NC, Bischoff-Ferrari HA, Gordon CM, Hanley DA, Heaney RP, Murad MH, Weaver CM",
        title="Evaluation, treatment, and prevention of vitamin D deficiency: an Endocrine Society clinical "
        "practice guideline",
        container="J Clin Endocrinol Metab",
        year=2011,
        volume="96",
        issue="7",
        pages="1911-1930",
        doi="10.1210/jc.2011-0385",
    )

    assert ref.citation == (
        "Holick MF, Binkley NC, Bischoff-Ferrari HA, et al. Evaluation, treatment, and prevention of vitamin D "
        "deficiency: an Endocrine Society clinical practice guideline. J Clin Endocrinol Metab. "
        "2011;96(7):1911-1930. doi:10.1210/jc.2011-0385"
    )


def test_ama_journal_article_single_author():
    ref = reference(
        kind=ReferenceKind.JOURNAL_ARTICLE,
        authors="Holick MF",
        title="Vitamin D deficiency",
        container="N Engl J Med",
        year=2007,
        volume="357",
        issue="3",
        pages="266-281",
        doi="10.1056/nejmra070553",
    )

    assert (
        ref.citation == "Holick MF. Vitamin D deficiency. N Engl J Med. 2007;357(3):266-281. doi:10.1056/nejmra070553"
    )


def test_ama_website():
    ref = reference(
        kind=ReferenceKind.WEBSITE,
        authors="Office of Dietary Supplements",
        title="Vitamin D: fact sheet for health professionals",
        container="National Institutes of Health",
        url="https://ods.od.nih.gov/factsheets/VitaminD-HealthProfessional/",
        accessed_on=datetime.date(2026, 11, 2),
    )

    assert ref.citation == (
        "Office of Dietary Supplements. Vitamin D: fact sheet for health professionals. National Institutes of "
        "Health. Accessed November 2, 2026. https://ods.od.nih.gov/factsheets/VitaminD-HealthProfessional/"
    )


def test_ama_book():
    ref = reference(
        kind=ReferenceKind.BOOK,
        authors="Institute of Medicine",
        title="Dietary Reference Intakes for Calcium and Vitamin D",
        container="National Academies Press",
        year=2011,
    )

    assert ref.citation == (
        "Institute of Medicine. Dietary Reference Intakes for Calcium and Vitamin D. National Academies Press; 2011."
    )


def test_ama_guideline_issued_on_its_own():
    ref = reference(
        kind=ReferenceKind.GUIDELINE,
        authors="World Health Organization",
        title="Guideline: vitamin D supplementation in pregnant women",
        container="World Health Organization",
        year=2012,
        url="https://www.who.int/publications/i/item/9789241504935",
        accessed_on=datetime.date(2026, 1, 5),
    )

    assert ref.citation == (
        "World Health Organization. Guideline: vitamin D supplementation in pregnant women. World Health "
        "Organization; 2012. Accessed January 5, 2026. https://www.who.int/publications/i/item/9789241504935"
    )
