"""Looking a pasted DOI up at Crossref and a PMID at PubMed (NCBI E-utilities), against a real HTTP server on
loopback that answers as those services do (recorded answers under tests/fixtures/references/): found, not
found, too slow, unreachable, failing; and no call at all while REFERENCE_LOOKUP_ONLINE is off."""

import socket
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from references.lookup import reference_fill
from references.records import RecordFormat, Unreadable
from tests.helpers import receiver as receivers
from tests.helpers.factories import ReferenceFactory
from tests.helpers.receiver import Answer

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "references"
CROSSREF_HOLICK = Answer(200, (FIXTURES / "crossref_holick_2007.json").read_bytes(), "application/json")
CROSSREF_NOT_FOUND = Answer(404, (FIXTURES / "crossref_not_found.txt").read_bytes())
PUBMED_HOLICK = Answer(200, (FIXTURES / "holick_2007.nbib").read_bytes())
PUBMED_NOT_AVAILABLE = Answer(200, (FIXTURES / "efetch_not_available.txt").read_bytes())
HOLICK_WORK = "/works/10.1056/nejmra070553"


@pytest.fixture
def services(settings):
    """Start a loopback server answering as Crossref and PubMed would, with the look-up turned on against it."""
    started = []

    def start(answers: dict[str, Answer], delay: float = 0.0):
        server = receivers.start(answers=answers, delay=delay)
        started.append(server)
        settings.REFERENCE_LOOKUP_ONLINE = True
        settings.CROSSREF_API_URL = settings.NCBI_EUTILS_URL = server.base_url
        settings.REFERENCE_LOOKUP_CONTACT_EMAIL = "editors@example.org"
        settings.REFERENCE_LOOKUP_TIMEOUT_SECONDS = 2
        return server

    yield start
    for server in started:
        receivers.stop(server)


def notes(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_a_doi_found_at_crossref_fills_the_add_form(admin_client, services):
    crossref = services({HOLICK_WORK: CROSSREF_HOLICK})

    response = admin_client.post(
        reverse("admin:references_reference_add"), {"fill_from": "https://doi.org/10.1056/NEJMra070553", "_fill": "1"}
    )

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert {name: form[name].value() for name in ("kind", "title", "authors", "container", "year", "pages")} == {
        "kind": "journal_article",
        "title": "Vitamin D Deficiency",
        "authors": "Holick MF",
        "container": "N Engl J Med",
        "year": 2007,
        "pages": "266-281",
    }
    assert any("Filled from the Crossref record:" in note for note in notes(response))
    (request,) = crossref.requests
    assert (request.method, request.path) == ("GET", HOLICK_WORK)
    assert request.headers["User-Agent"] == "medical-articles-cms (mailto:editors@example.org)"


def test_a_pmid_found_at_pubmed_fills_every_field_from_its_medline_record(services):
    pubmed = services({"/efetch.fcgi": PUBMED_HOLICK})

    filling = reference_fill("PMID: 17634462")

    assert filling.draft.source == RecordFormat.MEDLINE
    assert filling.draft.fields()["title"] == "Vitamin D deficiency"
    assert filling.draft.doi == "10.1056/nejmra070553" and filling.note == ""
    (request,) = pubmed.requests
    query = parse_qs(urlsplit(request.path).query)
    assert query == {
        "db": ["pubmed"],
        "id": ["17634462"],
        "rettype": ["medline"],
        "retmode": ["text"],
        "tool": ["medical-articles-cms"],
        "email": ["editors@example.org"],
    }


def test_a_doi_crossref_does_not_know_leaves_the_doi_filled_and_says_so(admin_client, services):
    services({"/works/10.5555/no-such-paper": CROSSREF_NOT_FOUND})

    response = admin_client.post(
        reverse("admin:references_reference_add"), {"fill_from": "10.5555/no-such-paper", "_fill": "1"}
    )

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert (form["doi"].value(), form["title"].value()) == ("10.5555/no-such-paper", "")
    said = " ".join(notes(response))
    assert "Crossref has no record of the DOI 10.5555/no-such-paper: only the DOI was filled; check it " in said
    assert "Filled from" not in said  # a bare identifier filled only itself: no success announced


def test_a_pmid_pubmed_does_not_have_is_said_so(services):
    services({"/efetch.fcgi": PUBMED_NOT_AVAILABLE})

    filling = reference_fill("999999999")

    assert filling.draft.fields() == {"pmid": "999999999"}
    assert filling.note.startswith("PubMed has no record with the ID 999999999")


def test_a_service_slower_than_the_timeout_gives_up_in_time_and_says_so(admin_client, services, settings):
    services({HOLICK_WORK: CROSSREF_HOLICK}, delay=3)
    settings.REFERENCE_LOOKUP_TIMEOUT_SECONDS = 0.5

    started = time.monotonic()
    response = admin_client.post(
        reverse("admin:references_reference_add"), {"fill_from": "10.1056/NEJMra070553", "_fill": "1"}
    )

    assert time.monotonic() - started < 2.5
    assert response.status_code == 200
    assert "Crossref did not answer within 0.5 s: the fields were not filled (only the DOI was); type them or try " in (
        " ".join(notes(response))
    )
    assert response.context["adminform"].form["doi"].value() == "10.1056/nejmra070553"


def test_an_unreachable_service_and_an_error_answer_are_said_so(services, settings):
    services({"/efetch.fcgi": Answer(503, b"Service Unavailable")})

    assert reference_fill("17634462").note.startswith("PubMed answered with an error (HTTP 503): only the PubMed ID")
    with socket.socket() as bound:  # a port of ours that does not listen: connections to it are refused
        bound.bind(("127.0.0.1", 0))
        settings.NCBI_EUTILS_URL = f"http://127.0.0.1:{bound.getsockname()[1]}"
        assert reference_fill("17634462").note.startswith("PubMed could not be reached (")


def test_an_answer_that_is_not_crossref_json_is_said_unreadable(services):
    services({HOLICK_WORK: Answer(200, b"<html>Maintenance</html>", "text/html")})

    assert reference_fill("10.1056/NEJMra070553").note == (
        "Crossref's answer could not be read: only the DOI was filled; type the other fields."
    )


def test_the_doi_in_pubmeds_record_may_name_a_kept_reference(services):
    existing = ReferenceFactory(doi="10.1056/nejmra070553")
    services({"/efetch.fcgi": PUBMED_HOLICK})

    assert reference_fill("17634462").existing == existing


def test_with_the_look_up_off_nothing_is_called(services, settings):
    server = services({HOLICK_WORK: CROSSREF_HOLICK, "/efetch.fcgi": PUBMED_HOLICK})
    settings.REFERENCE_LOOKUP_ONLINE = False

    for pasted in ("10.1056/NEJMra070553", "PMID: 17634462"):
        assert "looking references up online is turned off here" in reference_fill(pasted).note
    assert server.requests == []
    # Positive control: the same pastes with the look-up on reach the server.
    settings.REFERENCE_LOOKUP_ONLINE = True
    for pasted in ("10.1056/NEJMra070553", "PMID: 17634462"):
        assert reference_fill(pasted).draft.title
    assert len(server.wait_for(2)) == 2


def test_a_pasted_record_or_a_kept_identifier_needs_no_call(services):
    server = services({HOLICK_WORK: CROSSREF_HOLICK})
    ReferenceFactory(pmid="21646368")

    assert reference_fill((FIXTURES / "holick_2007.nbib").read_text()).draft.title == "Vitamin D deficiency"
    assert reference_fill("PMID: 21646368").existing is not None
    assert server.requests == []
    assert reference_fill("10.1056/NEJMra070553").draft.title  # positive control
    assert len(server.requests) == 1


def test_the_doi_suffix_reaches_crossref_percent_encoded_as_one_segment(services):
    """Slashes, ? and # of a DOI's suffix are the DOI's: percent-encoded, they cannot end the path or start a query."""
    work = "/works/10.1000/a%2Fb%3Fc%23d%3C1%3E"
    crossref = services({work: CROSSREF_HOLICK})

    filling = reference_fill("10.1000/a/b?c#d<1>")

    assert filling.draft.title == "Vitamin D Deficiency", filling.note
    (request,) = crossref.requests
    assert request.path == work


@pytest.mark.parametrize(
    "pasted",
    [
        "10.1056/../../admin",
        "10.1056/x/../../../members",
        "doi:10.1056/./x",
        "https://doi.org/10.1056/%2e%2e/%2E%2E/admin",
        "https://doi.org/10.1056/x/%252e%252e/y",
        "10.1056/a\x01b",
        "10.1056/a\x7fb",
    ],
)
def test_a_doi_with_dot_segments_or_control_characters_is_refused_before_any_call(admin_client, services, pasted):
    crossref = services({HOLICK_WORK: CROSSREF_HOLICK})

    with pytest.raises(Unreadable, match="is not a DOI that can be looked up"):
        reference_fill(pasted)
    response = admin_client.post(reverse("admin:references_reference_add"), {"fill_from": pasted, "_fill": "1"})

    assert response.status_code == 200
    assert "is not a DOI that can be looked up" in response.content.decode()
    assert response.context["adminform"].form["doi"].value() in ("", None)
    assert crossref.requests == []
    assert reference_fill("10.1056/NEJMra070553").draft.title  # positive control: the same server, a plain DOI
    assert [request.path for request in crossref.requests] == [HOLICK_WORK]
