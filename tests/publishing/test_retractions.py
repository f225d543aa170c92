"""Which retractions stand (one rule, `standing_retractions`), as the approval check and the list of live articles
to re-review both read it: a reinstatement of the same paper after a retraction lifts it, whatever identifier the
notices share, and notices follow each other by date, then by record."""

import datetime

import pytest

from publishing.selectors import live_articles_citing_retracted, standing_retractions
from publishing.services.checks import retracted_citations
from references.models import NoticeNature, RetractionNotice
from tests.helpers.factories import CitationFactory, ReferenceFactory, complete_article
from tests.helpers.publishing import publish_reviewed

pytestmark = pytest.mark.django_db

RETRACTION, REINSTATEMENT, CONCERN = (
    NoticeNature.RETRACTION,
    NoticeNature.REINSTATEMENT,
    NoticeNature.EXPRESSION_OF_CONCERN,
)
JAN, FEB = datetime.date(2020, 1, 1), datetime.date(2020, 2, 1)
DOI, OTHER_DOI = "10.1000/retracted", "10.1000/other"
PMID, OTHER_PMID = "11111111", "22222222"


def notice(record: int, nature: str, when: datetime.date | None, *, doi: str = "", pmid: str = "") -> None:
    RetractionNotice.objects.create(
        record_id=record, nature=nature, notice_date=when, original_doi=doi, original_pmid=pmid
    )


# Each case: the notices, and whether the paper (DOI, PMID) stands retracted.
CASES = {
    "a retraction alone": ([(1, RETRACTION, JAN, DOI, PMID)], True),
    "reinstated later": ([(1, RETRACTION, JAN, DOI, ""), (2, REINSTATEMENT, FEB, DOI, "")], False),
    "retracted again after a reinstatement": (
        [(1, RETRACTION, JAN, DOI, ""), (2, REINSTATEMENT, FEB, DOI, ""), (3, RETRACTION, FEB, DOI, "")],
        True,
    ),
    "reinstated before it was retracted": ([(2, RETRACTION, FEB, DOI, ""), (1, REINSTATEMENT, JAN, DOI, "")], True),
    "reinstated by its PubMed ID alone": ([(1, RETRACTION, JAN, DOI, PMID), (2, REINSTATEMENT, FEB, "", PMID)], False),
    "reinstated by its DOI alone": ([(1, RETRACTION, JAN, DOI, PMID), (2, REINSTATEMENT, FEB, DOI, "")], False),
    "another paper without a DOI reinstated": (
        [(1, RETRACTION, JAN, "", PMID), (2, REINSTATEMENT, FEB, "", OTHER_PMID)],
        True,
    ),
    "another paper without a PubMed ID reinstated": (
        [(1, RETRACTION, JAN, DOI, ""), (2, REINSTATEMENT, FEB, OTHER_DOI, "")],
        True,
    ),
    "a later notice that is not a reinstatement": ([(1, RETRACTION, JAN, DOI, ""), (2, CONCERN, FEB, DOI, "")], True),
    "the same day, reinstated in a later record": (
        [(1, RETRACTION, JAN, DOI, ""), (2, REINSTATEMENT, JAN, DOI, "")],
        False,
    ),
    "the same day, reinstated in an earlier record": (
        [(2, RETRACTION, JAN, DOI, ""), (1, REINSTATEMENT, JAN, DOI, "")],
        True,
    ),
    "undated, then a dated reinstatement": ([(1, RETRACTION, None, DOI, ""), (2, REINSTATEMENT, JAN, DOI, "")], False),
    "undated, then an undated reinstatement in a later record": (
        [(1, RETRACTION, None, DOI, ""), (2, REINSTATEMENT, None, DOI, "")],
        False,
    ),
    "undated, after an undated reinstatement's record": (
        [(2, RETRACTION, None, DOI, ""), (1, REINSTATEMENT, None, DOI, "")],
        True,
    ),
    "dated, with an undated reinstatement": ([(1, RETRACTION, JAN, DOI, ""), (2, REINSTATEMENT, None, DOI, "")], True),
}


@pytest.mark.parametrize("notices, stands", CASES.values(), ids=CASES.keys())
def test_a_retraction_stands_until_a_later_reinstatement_of_the_same_paper(notices, stands):
    for record, nature, when, doi, pmid in notices:
        notice(record, nature, when, doi=doi, pmid=pmid)
    cited = [{"number": 1, "title": "The paper", "doi": DOI.upper(), "pmid": PMID}]

    assert standing_retractions(RetractionNotice.objects.all()).exists() is stands
    assert bool(retracted_citations(cited)) is stands


def test_the_approval_check_names_each_retracted_citation_with_its_latest_retraction():
    notice(5, RETRACTION, JAN, doi=DOI)
    notice(6, REINSTATEMENT, JAN, doi=DOI)
    notice(3, RETRACTION, FEB, doi=DOI)  # recorded first, dated last
    notice(4, RETRACTION, None, pmid=OTHER_PMID)
    notice(7, RETRACTION, None, pmid=PMID)
    notice(8, RETRACTION, JAN, pmid=PMID)  # dated: later than the undated one
    cited = [
        {"number": 1, "title": "First", "doi": DOI, "pmid": ""},
        {"number": 2, "title": "Fine", "doi": OTHER_DOI, "pmid": PMID},  # retracted by its PubMed ID
        {"number": 3, "title": "Third", "doi": None, "pmid": OTHER_PMID},
    ]

    assert retracted_citations(cited) == [
        "[1] First (retracted 2020-02-01)",
        "[2] Fine (retracted 2020-01-01)",
        "[3] Third (retracted date unknown)",
    ]


def test_live_articles_citing_a_standing_retraction_by_doi_or_pubmed_id_are_listed_by_title(publisher):
    notice(1, RETRACTION, JAN, doi=DOI)
    notice(2, RETRACTION, JAN, pmid=PMID)
    notice(3, RETRACTION, JAN, doi=OTHER_DOI)
    notice(4, REINSTATEMENT, FEB, doi=OTHER_DOI)
    by_doi = ReferenceFactory(doi=DOI, pmid="")
    by_pmid = ReferenceFactory(doi="", pmid=PMID)
    reinstated = ReferenceFactory(doi=OTHER_DOI, pmid="")
    for slug, title, reference in (
        ("zinc", "B zinc", by_doi),
        ("iron", "A iron", by_pmid),
        ("iron-two", "A iron", by_doi),
        ("fine", "C fine", reinstated),
    ):
        article = complete_article(children=0, slug=slug, title=title)
        CitationFactory(article=article, reference=reference)
        publish_reviewed(article)
    unrelated = complete_article(children=0, slug="unrelated", title="0 unrelated")
    CitationFactory(article=unrelated, reference=ReferenceFactory(doi="", pmid="33333333"))  # no DOI, other PMID
    publish_reviewed(unrelated)
    unpublished = complete_article(children=0, slug="not-live", title="0 not live")
    CitationFactory(article=unpublished, reference=by_doi)

    assert [publication.slug for publication in live_articles_citing_retracted()] == ["iron", "iron-two", "zinc"]
