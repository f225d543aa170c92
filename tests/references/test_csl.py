"""References written in AMA and Vancouver by the Citation Style Language's style files.

The expected strings are written by hand from the AMA Manual of Style (11th edition) and NLM's Citing
Medicine (2nd edition), for real references. Where the CSL style deliberately differs from the printed
guide, the test says so (Vancouver's page ranges take an en dash, Citing Medicine prints a hyphen).
"""

import datetime
import subprocess
import sys
from pathlib import Path

import pytest

from core.models import CitationStyle
from references.csl import csl_item, csl_name, format_citation, full_page_range, plain_text
from references.models import Reference, ReferenceKind

AMA, VANCOUVER = CitationStyle.AMA, CitationStyle.VANCOUVER
ENDOCRINE_SOCIETY_AUTHORS = [
    "Holick MF", "Binkley NC", "Bischoff-Ferrari HA", "Gordon CM", "Hanley DA", "Heaney RP", "Murad MH", "Weaver CM",
]  # fmt: skip


def reference(**fields) -> Reference:
    """A reference as saving stores it (the DOI normalised to lower case), without a database."""
    stored = Reference(**fields)
    stored.clean()
    return stored


def holick_2007(**changes) -> Reference:
    """Holick MF. Vitamin D deficiency. N Engl J Med. 2007;357(3):266-281. Pages as PubMed abbreviates them."""
    fields = {
        "kind": ReferenceKind.JOURNAL_ARTICLE,
        "authors": "Holick MF",
        "title": "Vitamin D deficiency",
        "container": "N Engl J Med",
        "year": 2007,
        "volume": "357",
        "issue": "3",
        "pages": "266-81",
        "doi": "10.1056/NEJMra070553",
        "pmid": "17634462",
    }
    return reference(**{**fields, **changes})


def endocrine_society_guideline(authors: list[str]) -> Reference:
    """The Endocrine Society's 2011 guideline, published in a journal."""
    return reference(
        kind=ReferenceKind.GUIDELINE,
        authors=", ".join(authors),
        title="Evaluation, treatment, and prevention of vitamin D deficiency: an Endocrine Society clinical "
        "practice guideline",
        container="J Clin Endocrinol Metab",
        year=2011,
        volume="96",
        issue="7",
        pages="1911-1930",
        doi="10.1210/jc.2011-0385",
    )


def iom_2011(**changes) -> Reference:
    """Typed in sentence case, as Citing Medicine writes titles: AMA capitalises a book's title itself."""
    fields = {
        "kind": ReferenceKind.BOOK,
        "authors": "Institute of Medicine",
        "title": "Dietary reference intakes for calcium and vitamin D",
        "container": "National Academies Press",
        "year": 2011,
    }
    return reference(**{**fields, **changes})


def ods_fact_sheet() -> Reference:
    return reference(
        kind=ReferenceKind.WEBSITE,
        authors="Office of Dietary Supplements",
        title="Vitamin D: fact sheet for health professionals",
        container="National Institutes of Health",
        url="https://ods.od.nih.gov/factsheets/VitaminD-HealthProfessional/",
        accessed_on=datetime.date(2026, 11, 2),
    )


def who_2012() -> Reference:
    """A guideline issued on its own by the organisation that wrote it."""
    return reference(
        kind=ReferenceKind.GUIDELINE,
        authors="World Health Organization",
        title="Guideline: vitamin D supplementation in pregnant women",
        container="World Health Organization",
        year=2012,
        url="https://www.who.int/publications/i/item/9789241504935",
        accessed_on=datetime.date(2026, 1, 5),
    )


@pytest.mark.parametrize(
    ("make", "style", "expected"),
    [
        pytest.param(
            holick_2007,
            AMA,
            "Holick MF. Vitamin D deficiency. N Engl J Med. 2007;357(3):266-281. doi:10.1056/nejmra070553",
            id="journal-article-ama",
        ),
        pytest.param(
            holick_2007,
            VANCOUVER,
            "Holick MF. Vitamin D deficiency. N Engl J Med. 2007;357(3):266\u201381. doi:10.1056/nejmra070553 "
            "PubMed PMID: 17634462.",
            id="journal-article-vancouver",
        ),
        pytest.param(
            iom_2011,
            AMA,
            "Institute of Medicine. Dietary Reference Intakes for Calcium and Vitamin D. National Academies Press; "
            "2011.",
            id="book-ama",
        ),
        pytest.param(
            iom_2011,
            VANCOUVER,
            "Institute of Medicine. Dietary reference intakes for calcium and vitamin D. National Academies Press; "
            "2011.",
            id="book-vancouver",
        ),
        pytest.param(
            ods_fact_sheet,
            AMA,
            "Office of Dietary Supplements. Vitamin D: fact sheet for health professionals. National Institutes of "
            "Health. Accessed November 2, 2026. https://ods.od.nih.gov/factsheets/VitaminD-HealthProfessional/",
            id="website-ama",
        ),
        pytest.param(
            ods_fact_sheet,
            VANCOUVER,
            # Citing Medicine's part of a web site: the site [Internet], the date cited, then the page's title.
            "Office of Dietary Supplements. National Institutes of Health [Internet]. [cited 2026 Nov 2]. Vitamin D: "
            "fact sheet for health professionals. Available from: "
            "https://ods.od.nih.gov/factsheets/VitaminD-HealthProfessional/",
            id="website-vancouver",
        ),
        pytest.param(
            who_2012,
            AMA,
            # A report's title in title case, as the AMA Manual writes it.
            "World Health Organization. Guideline: Vitamin D Supplementation in Pregnant Women. World Health "
            "Organization; 2012. Accessed January 5, 2026. https://www.who.int/publications/i/item/9789241504935",
            id="guideline-ama",
        ),
        pytest.param(
            who_2012,
            VANCOUVER,
            "World Health Organization. Guideline: vitamin D supplementation in pregnant women [Internet]. World "
            "Health Organization; 2012 [cited 2026 Jan 5]. Available from: "
            "https://www.who.int/publications/i/item/9789241504935",
            id="guideline-vancouver",
        ),
    ],
)
def test_each_kind_in_each_style(make, style, expected):
    assert format_citation(make(), style) == expected


def test_more_than_six_authors_ama_lists_three_then_et_al():
    assert format_citation(endocrine_society_guideline(ENDOCRINE_SOCIETY_AUTHORS), AMA) == (
        "Holick MF, Binkley NC, Bischoff-Ferrari HA, et al. Evaluation, treatment, and prevention of vitamin D "
        "deficiency: an Endocrine Society clinical practice guideline. J Clin Endocrinol Metab. "
        "2011;96(7):1911-1930. doi:10.1210/jc.2011-0385"
    )


def test_more_than_six_authors_vancouver_lists_six_then_et_al():
    assert format_citation(endocrine_society_guideline(ENDOCRINE_SOCIETY_AUTHORS), VANCOUVER) == (
        "Holick MF, Binkley NC, Bischoff-Ferrari HA, Gordon CM, Hanley DA, Heaney RP, et al. Evaluation, treatment, "
        "and prevention of vitamin D deficiency: an Endocrine Society clinical practice guideline. J Clin "
        "Endocrinol Metab. 2011;96(7):1911\u201330. doi:10.1210/jc.2011-0385"
    )


@pytest.mark.parametrize("style", [AMA, VANCOUVER])
def test_six_authors_are_all_listed(style):
    six = ENDOCRINE_SOCIETY_AUTHORS[:6]

    citation = format_citation(endocrine_society_guideline(six), style)

    assert citation.startswith(", ".join(six) + ". Evaluation, treatment")


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        # AMA puts the title in the authors' place and does not repeat it.
        (AMA, "Vitamin D deficiency. N Engl J Med. 2007;357(3):266-281. doi:10.1056/nejmra070553"),
        (VANCOUVER, "Vitamin D deficiency. N Engl J Med. 2007;357(3):266\u201381. doi:10.1056/nejmra070553"),
    ],
)
def test_no_authors(style, expected):
    assert format_citation(holick_2007(authors="", pmid=""), style) == expected


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        (AMA, "Institute of Medicine. Dietary Reference Intakes for Calcium and Vitamin D. National Academies Press."),
        (
            VANCOUVER,
            "Institute of Medicine. Dietary reference intakes for calcium and vitamin D. National Academies Press.",
        ),
    ],
)
def test_no_year(style, expected):
    assert format_citation(iom_2011(year=None), style) == expected


@pytest.mark.parametrize("style", [AMA, VANCOUVER])
def test_a_doi_only(style):
    known_by_doi = reference(
        kind=ReferenceKind.JOURNAL_ARTICLE, title="Vitamin D deficiency", doi="10.1056/NEJMra070553"
    )

    assert format_citation(known_by_doi, style) == "Vitamin D deficiency. doi:10.1056/nejmra070553"


def test_authors_are_parsed_into_surnames_and_initials_and_organisations_stay_whole():
    assert csl_name("Holick MF") == {"family": "Holick", "given": "M. F."}
    assert csl_name("Bischoff-Ferrari HA") == {"family": "Bischoff-Ferrari", "given": "H. A."}
    assert csl_name("van der Horst FAL") == {"family": "van der Horst", "given": "F. A. L."}
    assert csl_name("World Health Organization") == {"literal": "World Health Organization"}
    assert csl_name("Smith AB Jr") == {"literal": "Smith AB Jr"}


def test_the_csl_item_of_a_journal_article():
    reference = holick_2007()
    reference.url, reference.accessed_on = (
        "https://www.nejm.org/doi/full/10.1056/NEJMra070553",
        datetime.date(2026, 1, 5),
    )

    assert csl_item(reference) == {
        "id": "reference",
        "type": "article-journal",
        "title": "Vitamin D deficiency",
        "author": [{"family": "Holick", "given": "M. F."}],
        "container-title": "N Engl J Med",
        "issued": {"date-parts": [[2007]]},
        "volume": "357",
        "issue": "3",
        "page": "266-281",
        "DOI": "10.1056/nejmra070553",
        "PMID": "17634462",
        "URL": "https://www.nejm.org/doi/full/10.1056/NEJMra070553",
        "accessed": {"date-parts": [[2026, 1, 5]]},
    }


@pytest.mark.parametrize(
    ("make", "csl_type", "container_variable"),
    [
        (iom_2011, "book", "publisher"),
        (ods_fact_sheet, "webpage", "container-title"),
        (who_2012, "report", "publisher"),
        (lambda: endocrine_society_guideline(["Holick MF"]), "article-journal", "container-title"),
    ],
)
def test_each_kind_has_its_csl_type(make, csl_type, container_variable):
    item = csl_item(make())

    assert (item["type"], container_variable in item) == (csl_type, True)


def test_abbreviated_page_ranges_are_given_whole():
    assert full_page_range("266-81") == "266-281"
    assert full_page_range("1911-30, 1940-5") == "1911-1930, 1940-1945"
    assert full_page_range("e1234-e1240") == "e1234-e1240"
    assert full_page_range("266") == "266"


def test_no_markup_reaches_the_plain_text():
    entry = 'Smith AB. <i>Escherichia coli</i> O157 in H<sub>2</sub>O<span style="font-variant:small-caps;">x</span>.'

    assert plain_text(entry) == "Smith AB. Escherichia coli O157 in H2Ox."
    assert plain_text("Is it safe?. BMJ.  2020.\n") == "Is it safe? BMJ. 2020."
    assert plain_text("p<0.05 & q>1.") == "p<0.05 & q>1."


@pytest.mark.slow
def test_ama_dates_are_english_whatever_the_server_locale(tmp_path):
    """A server whose process locale is German still writes "Accessed March 5, 2026"."""
    compiled = subprocess.run(
        ["localedef", "-i", "de_DE", "-f", "UTF-8", str(tmp_path / "de_DE.UTF-8")], capture_output=True
    )
    if compiled.returncode not in (0, 1):  # 1: compiled, with warnings
        pytest.skip("Debian's locale sources are not installed; no German locale can be made")
    script = (
        "import datetime, locale, os\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings_test')\n"
        "import django; django.setup()\n"
        "locale.setlocale(locale.LC_TIME, 'de_DE.UTF-8')\n"
        "print(f'{datetime.date(2026, 3, 5):%B}')\n"
        "from references.csl import format_citation\n"
        "from references.models import Reference\n"
        "day = datetime.date(2026, 3, 5)\n"
        "website = Reference(kind='website', title='T', url='https://example.org/', accessed_on=day)\n"
        "print(format_citation(website, 'ama'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={"LOCPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )

    assert result.returncode == 0, result.stderr[-2000:]
    german_month, citation = result.stdout.strip().splitlines()
    assert german_month == "März"  # the locale is really German: the control
    assert "Accessed March 5, 2026." in citation
