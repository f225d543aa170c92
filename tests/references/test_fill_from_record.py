"""The reference add page filled from a pasted identifier or record: fields filled for the editor to check, then
saved; a reference that already has the DOI or PMID pointed at instead of copied; unreadable text named, and what
was typed kept. Offline: REFERENCE_LOOKUP_ONLINE is off in the tests (online look-ups: test_lookup.py)."""

import json
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from references.forms import FILL_MAX_CHARACTERS
from references.models import Reference
from tests.helpers.factories import ReferenceFactory

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "references"
ADD = "admin:references_reference_add"
FIELDS = ["kind", "title", "authors", "container", "year", "volume", "issue", "pages", "doi", "pmid", "url"]


def fill(client, pasted: str, page: str = "", **typed):
    return client.post(page or reverse(ADD), {"fill_from": pasted, "_fill": "1", **typed})


def shown(response) -> dict[str, str]:
    """The values the page shows in each field, as the editor sees them."""
    form = response.context["adminform"].form
    return {name: "" if form[name].value() is None else str(form[name].value()) for name in [*FIELDS, "fill_from"]}


def page_messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_add_page_offers_the_paste_box_and_its_button_and_the_change_page_does_not(admin_client):
    page = admin_client.get(reverse(ADD)).content.decode()

    assert "Fill from identifier or record" in page
    assert 'name="fill_from"' in page and 'name="_fill"' in page
    reference = ReferenceFactory()
    change = admin_client.get(reverse("admin:references_reference_change", args=[reference.pk])).content.decode()
    assert 'name="fill_from"' not in change and 'name="title"' in change


def test_a_pasted_pubmed_record_fills_the_form_for_the_editor_to_check_and_then_saves(admin_client):
    record = (FIXTURES / "endocrine_society_2011.nbib").read_text()

    response = fill(admin_client, record)

    assert response.status_code == 200
    assert not Reference.objects.exists()  # filling saves nothing
    values = shown(response)
    assert values == {
        "kind": "guideline",
        "title": "Evaluation, treatment, and prevention of vitamin D deficiency: an Endocrine Society clinical "
        "practice guideline",
        "authors": "Holick MF, Binkley NC, Bischoff-Ferrari HA, Gordon CM, Hanley DA, Heaney RP, Murad MH, "
        "Weaver CM, Endocrine Society",
        "container": "J Clin Endocrinol Metab",
        "year": "2011",
        "volume": "96",
        "issue": "7",
        "pages": "1911-1930",
        "doi": "10.1210/jc.2011-0385",
        "pmid": "21646368",
        "url": "",
        "fill_from": record,
    }
    page = response.content.decode()
    assert "Filled from the PubMed record: kind, title, authors" in page
    assert "Check them against the source, then save." in page
    # Unbound: the page marks no field as an error while the editor checks it.
    assert not response.context["adminform"].form.errors
    assert "errornote" not in page

    saved = admin_client.post(reverse(ADD), {name: value for name, value in values.items() if name != "fill_from"})

    assert saved.status_code == 302
    reference = Reference.objects.get()
    assert (reference.title, reference.doi, reference.pmid) == (values["title"], "10.1210/jc.2011-0385", "21646368")


@pytest.mark.parametrize(
    ("fixture", "source"),
    [
        ("holick_2007.nbib", "PubMed record"),
        ("endocrine_society_2011.ris", "RIS record"),
        ("holick_2007.bib", "BibTeX entry"),
    ],
)
def test_each_record_format_fills_the_form(admin_client, fixture, source):
    response = fill(admin_client, (FIXTURES / fixture).read_text())

    values = shown(response)
    assert values["title"] and values["authors"] and values["container"] and values["doi"]
    assert f"Filled from the {source}:" in response.content.decode()


def test_what_the_editor_typed_is_kept_and_the_record_fills_only_the_blank_fields(admin_client):
    record = (FIXTURES / "holick_2007.nbib").read_text()

    response = fill(admin_client, record, title="Vitamin D deficiency (review)", kind="journal_article")

    values = shown(response)
    assert values["title"] == "Vitamin D deficiency (review)"
    assert values["authors"] == "Holick MF" and values["pages"] == "266-281"
    notes = page_messages(response)
    assert any("Kept what you had typed in title, which the PubMed record gives differently." in n for n in notes)
    assert not any("Kept what you had typed in kind" in note for note in notes)  # typed the same as the record


def test_unreadable_text_is_named_beside_the_box_and_everything_typed_stays(admin_client):
    typed = {"title": "My draft title", "authors": "Holick MF", "year": "2007", "url": "https://example.org/x"}

    response = fill(admin_client, "N Engl J Med 2007 vitamin D", **typed)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["fill_from"]
    assert "“N Engl J Med 2007 vitamin D” could not be read: it is not a DOI" in errors["fill_from"][0]
    values = shown(response)
    assert {name: values[name] for name in typed} == typed
    assert values["fill_from"] == "N Engl J Med 2007 vitamin D"
    assert not Reference.objects.exists()


def test_enter_in_a_field_with_nothing_pasted_saves_as_before(admin_client):
    # Enter presses the form's first button, which is the fill button on this page.
    typed = {"kind": "website", "title": "Vitamin D test", "url": "https://medlineplus.gov/lab-tests/vitamin-d-test/"}

    response = fill(admin_client, "  ", **typed)

    assert response.status_code == 302
    assert Reference.objects.get().title == "Vitamin D test"
    # Positive control: with something pasted, the same button fills and saves nothing.
    assert fill(admin_client, "PMID: 17634462", **typed).status_code == 200
    assert Reference.objects.count() == 1


def test_pasted_markup_is_shown_as_text_never_run(admin_client):
    script = "<script>alert(1)</script>"
    record = "@article{x, title={Vitamin D <img src=x onerror=alert(1)>}, author={Holick, M. F.}}"

    unreadable = fill(admin_client, script).content.decode()
    filled = fill(admin_client, record)

    assert script not in unreadable and "&lt;script&gt;alert(1)&lt;/script&gt;" in unreadable
    assert shown(filled)["title"] == "Vitamin D"  # tags in a record's title are markup (<i>), not words
    assert shown(filled)["fill_from"] == record
    assert "<img src=x" not in filled.content.decode()


def test_a_broken_record_names_the_line_that_could_not_be_read(admin_client):
    broken = (FIXTURES / "holick_2007.nbib").read_text().replace("PG  - 266-81", "PG: 266-81")

    response = fill(admin_client, broken)

    error = response.context["adminform"].form.errors["fill_from"][0]
    assert "Line 10 of the PubMed record could not be read: “PG: 266-81”" in error
    assert shown(response)["fill_from"] == broken


def test_a_bare_doi_fills_the_doi_and_says_the_rest_needs_a_record_or_typing_when_offline(admin_client):
    response = fill(admin_client, "https://doi.org/10.1056/NEJMra070553")

    values = shown(response)
    assert values["doi"] == "10.1056/nejmra070553"
    assert values["title"] == ""
    said = page_messages(response)
    assert any("Only the DOI was filled: looking references up online is turned off here." in note for note in said)
    assert any("turn on REFERENCE_LOOKUP_ONLINE" in note for note in said)  # and how to fill the rest
    assert not any("Filled from" in note for note in said), said  # not "Filled from the DOI: DOI", which says nothing


def test_a_record_still_announces_the_fields_it_filled(admin_client):
    said = page_messages(fill(admin_client, (FIXTURES / "holick_2007.nbib").read_text()))

    assert any(note.startswith("Filled from the PubMed record: kind, title, authors") for note in said), said


@pytest.mark.parametrize(
    "pasted",
    [
        "https://doi.org/10.1056/NEJMra070553",
        "doi:10.1056/nejmra070553",
        "PMID: 17634462",
        "https://pubmed.ncbi.nlm.nih.gov/17634462/",
        (FIXTURES / "holick_2007.nbib").read_text(),
        (FIXTURES / "holick_2007.bib").read_text(),  # has the DOI, no PMID
        (FIXTURES / "holick_2007.nbib").read_text().replace("AID - 10.1056/NEJMra070553 [doi]\n", ""),  # PMID only
    ],
)
def test_a_paste_naming_a_kept_reference_links_to_it_instead_of_filling_a_copy(admin_client, pasted):
    existing = ReferenceFactory(title="Vitamin D deficiency", year=2007, doi="10.1056/nejmra070553", pmid="17634462")

    response = fill(admin_client, pasted)

    errors = response.context["adminform"].form.errors["fill_from"]
    assert len(errors) == 1
    change_url = reverse("admin:references_reference_change", args=[existing.pk])
    assert f'<a href="{change_url}">Vitamin D deficiency (2007)</a>' in errors[0]
    assert f'<a href="{change_url}">' in response.content.decode()  # a link on the page, not escaped text
    assert "cite that reference instead of adding a copy" in errors[0]
    assert shown(response)["title"] == ""  # nothing filled from it
    assert Reference.objects.count() == 1


def test_a_paste_naming_no_kept_reference_is_not_called_a_duplicate(admin_client):
    ReferenceFactory(doi="10.1210/jc.2011-0385", pmid="21646368")

    response = fill(admin_client, (FIXTURES / "holick_2007.nbib").read_text())

    assert not response.context["adminform"].form.errors
    assert shown(response)["pmid"] == "17634462"


def test_in_a_popup_from_an_article_the_kept_reference_can_be_cited_at_once(admin_client):
    existing = ReferenceFactory(title="Vitamin D deficiency", year=2007, doi="10.1056/nejmra070553")
    popup = reverse(ADD) + "?_to_field=id&_popup=1"

    response = fill(admin_client, "10.1056/NEJMra070553", page=popup, _popup="1", _to_field="id")

    error = response.context["adminform"].form.errors["fill_from"][0]
    choose = reverse("admin:references_reference_choose", args=[existing.pk])
    assert f'<a href="{choose}?_popup=1&amp;_to_field=id">Cite this one</a>' in error
    assert response.context["is_popup"]
    chosen = admin_client.get(choose, {"_popup": "1", "_to_field": "id"})
    assert chosen.status_code == 200
    data = json.loads(chosen.context["popup_response_data"])
    assert data == {"value": str(existing.pk), "obj": "Vitamin D deficiency (2007)"}
    # Outside a popup the same link just opens the reference.
    assert admin_client.get(choose).url == reverse("admin:references_reference_change", args=[existing.pk])
    assert admin_client.get(choose, {"_popup": "1", "_to_field": "title"}).status_code == 400


def test_a_filled_popup_form_saves_into_the_citation_it_was_opened_from(admin_client):
    popup = reverse(ADD) + "?_to_field=id&_popup=1"
    filled = shown(fill(admin_client, (FIXTURES / "holick_2007.nbib").read_text(), page=popup, _popup="1"))

    saved = admin_client.post(popup, {**{name: filled[name] for name in FIELDS}, "_popup": "1", "_to_field": "id"})

    reference = Reference.objects.get()
    assert json.loads(saved.context["popup_response_data"]) == {"value": str(reference.pk), "obj": str(reference)}


def test_filling_needs_permission_to_add_references(client, django_user_model):
    viewer = django_user_model.objects.create_user("viewer", is_staff=True)
    client.force_login(viewer)

    assert fill(client, "PMID: 17634462").status_code == 403


@pytest.mark.parametrize(
    "search",
    ["https://doi.org/10.1056/NEJMra070553", "doi: 10.1056/NEJMra070553", "PMID: 17634462",
     "https://pubmed.ncbi.nlm.nih.gov/17634462/"],
)  # fmt: skip
def test_a_pasted_identifier_finds_its_reference_in_the_list_and_the_citation_autocomplete(admin_client, search):
    ReferenceFactory(title="Vitamin D deficiency", year=2007, doi="10.1056/nejmra070553", pmid="17634462")
    ReferenceFactory(title="Another paper", doi="10.1210/jc.2011-0385", pmid="21646368")

    listed = admin_client.get(reverse("admin:references_reference_changelist"), {"q": search})
    completed = admin_client.get(
        reverse("admin:autocomplete"),
        {"term": search, "app_label": "articles", "model_name": "citation", "field_name": "reference"},
    )

    assert listed.context["cl"].result_count == 1
    assert [result["text"] for result in completed.json()["results"]] == ["Vitamin D deficiency (2007)"]


def test_a_paste_longer_than_one_record_is_refused_at_once_and_nothing_typed_is_lost(admin_client):
    huge = "@article{x, title={" + "a" * 60_000 + "}}"
    response = fill(admin_client, huge, title="Kept title")
    assert response.status_code == 200
    assert "paste one record at a time" in response.context["adminform"].form.errors["fill_from"][0]
    assert shown(response)["title"] == "Kept title"
    assert not Reference.objects.exists()


def test_many_records_within_the_length_limit_are_refused_before_they_are_parsed(admin_client):
    """5,000 BibTeX entries fit in the length limit; they are counted, not parsed (the last is broken: parsed, it
    would be refused for its braces instead)."""
    many = "".join(f"@a{{k{number},}}" for number in range(4999)) + "@a{b,t={"
    assert len(many) < FILL_MAX_CHARACTERS

    response = fill(admin_client, many, title="Kept title")

    assert response.status_code == 200
    error = response.context["adminform"].form.errors["fill_from"][0]
    assert error == "This holds 5000 BibTeX records: paste one reference at a time."
    assert shown(response)["title"] == "Kept title"
