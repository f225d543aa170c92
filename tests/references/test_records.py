"""Pasted identifiers and records read into a reference's fields (references.records), offline.

The records under tests/fixtures/references/ are two real papers as PubMed, a journal site, doi.org and a
reference manager export them: Holick MF. Vitamin D deficiency. N Engl J Med. 2007;357(3):266-81
(doi 10.1056/NEJMra070553, PMID 17634462), and the Endocrine Society's 2011 guideline (doi 10.1210/jc.2011-0385,
PMID 21646368), eight authors and a group author.
"""

import json
from pathlib import Path

import pytest

from references.choices import ReferenceKind
from references.records import (
    RecordFormat,
    Unreadable,
    author_from_inverted,
    read_crossref,
    read_identifier,
    read_pasted,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "references"
HOLICK = {
    "kind": ReferenceKind.JOURNAL_ARTICLE,
    "title": "Vitamin D deficiency",
    "authors": "Holick MF",
    "container": "N Engl J Med",
    "year": 2007,
    "volume": "357",
    "issue": "3",
    "pages": "266-281",
    "doi": "10.1056/nejmra070553",
    "pmid": "17634462",
}
GUIDELINE_AUTHORS = "Holick MF, Binkley NC, Bischoff-Ferrari HA, Gordon CM, Hanley DA, Heaney RP, Murad MH, Weaver CM"
GUIDELINE = {
    "kind": ReferenceKind.GUIDELINE,
    "title": "Evaluation, treatment, and prevention of vitamin D deficiency: an Endocrine Society clinical practice "
    "guideline",
    "authors": f"{GUIDELINE_AUTHORS}, Endocrine Society",
    "container": "J Clin Endocrinol Metab",
    "year": 2011,
    "volume": "96",
    "issue": "7",
    "pages": "1911-1930",
    "doi": "10.1210/jc.2011-0385",
    "pmid": "21646368",
}


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text()


@pytest.mark.parametrize(
    "pasted",
    [
        "10.1056/NEJMra070553",
        " 10.1056/nejmra070553\n",
        "https://doi.org/10.1056/NEJMra070553",
        "http://doi.org/10.1056/NEJMra070553",
        "https://dx.doi.org/10.1056/NEJMra070553",
        "http://dx.doi.org/10.1056/NEJMra070553",
        "HTTPS://DOI.ORG/10.1056/NEJMra070553",
        "doi:10.1056/NEJMra070553",
        "DOI: 10.1056/NEJMra070553",
        "doi:10.1056/NEJMra070553.",  # copied with the period that ended the citation
        "https://doi.org/10.1056%2FNEJMra070553",
    ],
)
def test_each_form_of_a_doi_is_read_as_the_stored_doi(pasted):
    draft = read_pasted(pasted)

    assert draft.source == RecordFormat.DOI
    assert draft.identifier_only
    assert draft.fields() == {"doi": "10.1056/nejmra070553"}


@pytest.mark.parametrize(
    "pasted",
    [
        "17634462",
        "PMID: 17634462",
        "PMID:17634462",
        "pmid 17634462",
        "https://pubmed.ncbi.nlm.nih.gov/17634462/",
        "https://pubmed.ncbi.nlm.nih.gov/17634462",
        "http://www.ncbi.nlm.nih.gov/pubmed/17634462",
        "https://pubmed.ncbi.nlm.nih.gov/17634462/?from_term=vitamin+d",
    ],
)
def test_each_form_of_a_pmid_is_read_as_the_pmid(pasted):
    draft = read_pasted(pasted)

    assert draft.source == RecordFormat.PMID
    assert draft.identifier_only
    assert draft.fields() == {"pmid": "17634462"}


@pytest.mark.parametrize(
    "pasted",
    [
        "Vitamin D deficiency",
        "0123",
        "1234567890",
        "10.12/abc",
        "https://example.org/10.1056/NEJMra070553",
        "https://pubmed.ncbi.nlm.nih.gov/abc/",
        "PMC3104",
    ],
)
def test_text_that_is_no_identifier_nor_record_is_refused_saying_what_it_is_not(pasted):
    with pytest.raises(Unreadable) as refused:
        read_pasted(pasted)

    message = str(refused.value)
    assert f"“{pasted}” could not be read" in message
    assert "not a DOI" in message and "a PubMed ID" in message and "BibTeX" in message
    # Positive control: the same reading accepts a real identifier.
    assert read_identifier("PMID: 17634462") == ("pmid", "17634462")


def test_blank_text_asks_for_something_to_paste():
    with pytest.raises(Unreadable, match="Paste a DOI"):
        read_pasted("  \n ")


def test_a_pubmed_record_fills_every_field():
    draft = read_pasted(fixture("holick_2007.nbib"))

    assert draft.source == RecordFormat.MEDLINE
    assert draft.fields() == HOLICK


def test_a_pubmed_record_of_a_guideline_with_a_group_author_and_a_title_over_two_lines():
    draft = read_pasted(fixture("endocrine_society_2011.nbib"))

    assert draft.fields() == GUIDELINE


def test_a_pubmed_record_pasted_with_windows_line_ends_and_blank_lines_reads_the_same():
    pasted = "\r\n\r\n" + fixture("holick_2007.nbib").replace("\n", "\r\n")

    assert read_pasted(pasted).fields() == HOLICK


def test_the_doi_of_a_pubmed_record_comes_from_lid_or_aid_never_from_the_publisher_item():
    lid_only = (
        fixture("holick_2007.nbib")
        .replace("AID - 10.1056/NEJMra070553 [doi]\n", "")
        .replace("AID - 357/3/266 [pii]", "LID - 10.1056/NEJMra070553 [doi]")
    )
    without = fixture("holick_2007.nbib").replace("AID - 10.1056/NEJMra070553 [doi]\n", "")

    assert read_pasted(lid_only).doi == "10.1056/nejmra070553"
    assert read_pasted(without).doi == ""


def test_a_pubmed_record_with_a_line_that_is_not_a_tag_names_the_line():
    broken = fixture("holick_2007.nbib").replace("PG  - 266-81", "PG: 266-81")

    with pytest.raises(Unreadable, match=r"Line 10 of the PubMed record could not be read: “PG: 266-81”"):
        read_pasted(broken)


def test_two_pubmed_records_are_refused_one_at_a_time():
    with pytest.raises(Unreadable, match="holds 2 PubMed records: paste one reference at a time"):
        read_pasted(fixture("holick_2007.nbib") + "\n" + fixture("endocrine_society_2011.nbib"))


def test_an_ris_record_fills_every_field_it_has():
    draft = read_pasted(fixture("endocrine_society_2011.ris"))

    assert draft.source == RecordFormat.RIS
    # RIS has no guideline type and this export carries no PMID; its title is in the journal's title case.
    expected = {
        **GUIDELINE,
        "kind": ReferenceKind.JOURNAL_ARTICLE,
        "title": "Evaluation, Treatment, and Prevention of Vitamin D Deficiency: an Endocrine Society Clinical "
        "Practice Guideline",
        "authors": GUIDELINE_AUTHORS,
    }
    del expected["pmid"]
    assert draft.fields() == expected


def test_an_ris_file_starting_with_a_byte_order_mark_reads_the_same():
    ris = fixture("endocrine_society_2011.ris")

    assert read_pasted("\ufeff" + ris) == read_pasted(ris)


def test_an_ris_record_from_pubmed_gives_its_accession_number_as_the_pmid():
    ris = fixture("endocrine_society_2011.ris").replace("ER  - ", "DB  - PubMed\r\nAN  - 21646368\r\nER  - ")
    elsewhere = fixture("endocrine_society_2011.ris").replace("ER  - ", "DB  - Scopus\r\nAN  - 21646368\r\nER  - ")

    assert read_pasted(ris).pmid == "21646368"
    assert read_pasted(elsewhere).pmid == ""


def test_an_ris_web_page_keeps_its_address_and_its_site():
    draft = read_pasted(
        "TY  - ELEC\nAU  - Office of Dietary Supplements\nTI  - Vitamin D: fact sheet for health professionals\n"
        "PB  - National Institutes of Health\nPY  - 2025\n"
        "UR  - https://ods.od.nih.gov/factsheets/VitaminD-HealthProfessional/\nER  - \n"
    )

    assert draft.fields() == {
        "kind": ReferenceKind.WEBSITE,
        "title": "Vitamin D: fact sheet for health professionals",
        "authors": "Office of Dietary Supplements",
        "container": "National Institutes of Health",
        "year": 2025,
        "url": "https://ods.od.nih.gov/factsheets/VitaminD-HealthProfessional/",
    }


def test_an_unfinished_ris_record_is_refused_saying_how_it_must_end():
    with pytest.raises(Unreadable, match="must end with an “ER  - ” line"):
        read_pasted("TY  - JOUR\nTI  - Vitamin D deficiency\n")


def test_a_bibtex_entry_from_doi_org_fills_every_field_it_has():
    draft = read_pasted(fixture("holick_2007.bib"))

    assert draft.source == RecordFormat.BIBTEX
    # doi.org's BibTeX has the journal's full name and no PMID; its url is the DOI's link, so no URL is kept.
    expected = {**HOLICK, "title": "Vitamin D Deficiency", "container": "New England Journal of Medicine"}
    del expected["pmid"]
    assert draft.fields() == expected


def test_a_bibtex_entry_with_latex_braces_a_group_author_and_a_pmid():
    draft = read_pasted(fixture("endocrine_society_2011.bib"))

    assert draft.fields() == {**GUIDELINE, "kind": ReferenceKind.JOURNAL_ARTICLE}


def test_bibtex_names_accents_particles_and_suffixes_in_the_stored_form():
    draft = read_pasted(
        r"@article{x, title={T}, author={M{\"u}ller, Jean-Pierre and van der Horst, Anna B. and Smith, Jr., John"
        r" and {World Health Organization}}}"
    )

    assert draft.authors == "Müller JP, van der Horst AB, Smith J Jr, World Health Organization"


def test_a_broken_bibtex_entry_names_where_it_broke():
    with pytest.raises(Unreadable, match=r"The BibTeX entry could not be read from its line 1: “@article\{x, title="):
        read_pasted("@article{x, title={Vitamin D deficiency}, year={2007}")


@pytest.mark.parametrize(
    ("name", "stored"),
    [
        ("Holick, Michael F.", "Holick MF"),
        ("Murad, M. Hassan", "Murad MH"),
        ("Bischoff-Ferrari, Heike A.", "Bischoff-Ferrari HA"),
        ("Smith, John, Jr.", "Smith J Jr"),
        ("Holick MF", "Holick MF"),
        ("Office of  Dietary Supplements", "Office of Dietary Supplements"),
    ],
)
def test_inverted_names_become_surname_and_initials(name, stored):
    assert author_from_inverted(name) == stored


def test_a_crossref_work_fills_every_field_crossref_has():
    work = json.loads(fixture("crossref_holick_2007.json"))["message"]

    draft = read_crossref(work)

    assert draft.source == RecordFormat.CROSSREF
    expected = {**HOLICK, "title": "Vitamin D Deficiency"}
    del expected["pmid"]  # Crossref does not know PubMed IDs
    assert draft.fields() == expected


def test_a_crossref_title_loses_its_markup_and_an_organisation_stays_one_author():
    draft = read_crossref(
        {
            "type": "report",
            "title": ["Effect of <i>vitamin D</i> &amp; calcium"],
            "author": [{"name": "World Health Organization"}, {"family": "Holick", "given": "Michael F."}],
            "publisher": "WHO",
            "issued": {"date-parts": [[None]]},
            "published-online": {"date-parts": [[2019, 3]]},
        }
    )

    assert draft.fields() == {
        "kind": ReferenceKind.GUIDELINE,
        "title": "Effect of vitamin D & calcium",
        "authors": "World Health Organization, Holick MF",
        "container": "WHO",
        "year": 2019,
    }


# --- a paste of many records is refused before it is parsed ---------------------------------------------------
# Each paste below has more than one record and a record the parser would refuse for another reason (an unclosed
# brace, an unclosed RIS record, a line that is not a tag): the refusal naming the limit shows that the records
# were counted before any parser ran.


def test_many_bibtex_entries_are_counted_before_parsing():
    broken = fixture("holick_2007.bib") + "\n" + fixture("holick_2007.bib") + "\n@article{broken, title={Unclosed\n"
    many = "".join(f"@article{{k{number}, title={{T}}}}\n" for number in range(5000))

    with pytest.raises(Unreadable, match="holds 3 BibTeX records: paste one reference at a time"):
        read_pasted(broken)
    with pytest.raises(Unreadable, match="holds 5000 BibTeX records: paste one reference at a time"):
        read_pasted(many)
    with pytest.raises(Unreadable, match="could not be read from its line 1"):  # control: the parser's error
        read_pasted("@article{broken, title={Unclosed\n")


def test_the_bibtex_count_skips_what_is_not_an_entry():
    """An @ inside a braced value (an e-mail address, a URL) starts nothing, nor do @comment, @string, @preamble."""
    one = (
        "@comment{exported by a reference manager}\n@string{nejm = {N Engl J Med}}\n@preamble{{\\relax}}\n"
        "@article{k, title={Vitamin D @home{x}}, note={editors@example.org}, journal=nejm, year={2007}}"
    )

    assert read_pasted(one).title == "Vitamin D @homex"  # braces dropped, as in every title


def test_many_ris_records_are_counted_before_parsing():
    unclosed = "TY  - JOUR\nTI  - Unclosed\n"
    broken = fixture("endocrine_society_2011.ris") + "\n" + unclosed

    with pytest.raises(Unreadable, match="holds 2 RIS records: paste one reference at a time"):
        read_pasted(broken)
    with pytest.raises(Unreadable, match="The RIS record could not be read"):  # control: the parser's error
        read_pasted(unclosed)


def test_many_pubmed_records_are_counted_before_their_lines_are_read():
    broken = fixture("holick_2007.nbib") + "\nnot a tag\n" + fixture("endocrine_society_2011.nbib")

    with pytest.raises(Unreadable, match="holds 2 PubMed records: paste one reference at a time"):
        read_pasted(broken)
    with pytest.raises(Unreadable, match=r"Line .* could not be read: “not a tag”"):  # control
        read_pasted(fixture("holick_2007.nbib") + "\nnot a tag\n")
