"""The article page's live checks: readability and citations of what the editor is typing, as at save."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from core.models import SiteSettings
from tests.helpers.people import user_in_role

pytestmark = pytest.mark.django_db

URL = "/admin/articles/article/live-checks/"
HARD = (
    "Hypovitaminosis D precipitates hypocalcemia, consequently engendering neuromuscular hyperexcitability "
    "manifesting as involuntary fasciculations, carpopedal spasms, paraesthesiae and, in considerably advanced "
    "presentations, generalised seizures and laryngospasm that needs urgent hospital treatment."
)


def check(client, **body):
    return client.post(URL, json.dumps(body), content_type="application/json")


def test_the_grades_and_long_sentences_follow_the_text(admin_client):
    assert reverse("admin:articles_article_live_checks") == URL
    easy = check(admin_client, summary="Eat fish. Get some sun.", intro="Ask your doctor.").json()["readability"]
    assert easy["above_target"] is False and easy["long_sentences"] == []

    hard = check(admin_client, summary=HARD, intro="Ask your doctor.", audience="patients").json()["readability"]
    assert hard["above_target"] is True and hard["target"] == 8.0
    assert [part["part"] for part in hard["by_part"] if part["above_target"]] == ["Quick summary"]
    assert hard["long_sentences"][0]["words"] == 29

    professionals = check(admin_client, summary=HARD, audience="professionals").json()["readability"]
    assert professionals["target"] is None and professionals["above_target"] is False


def test_markers_are_checked_against_the_rows_on_the_page(admin_client):
    body = {
        "intro": "Vitamin D helps [1].",
        "key_points": [{"text": "Sun makes it [2]."}],
        "faqs": [{"question": "How?", "answer": "See [3]."}],
    }
    two = check(admin_client, **body, citations=2).json()["citations"]
    assert two["unused"] == []
    assert len(two["problems"]) == 1 and two["problems"][0].startswith("FAQ “How?”: [3] points at citation 3")
    three = check(admin_client, **body, citations=4).json()["citations"]
    assert three == {"problems": [], "unused": [4]}


@pytest.mark.parametrize(
    "body, message",
    [
        ("not json", "The body is not JSON."),
        (json.dumps([1, 2]), "Send a JSON object."),
        (json.dumps({"citations": "two"}), "“citations” must be the number of citation rows."),
        (json.dumps({"sections": "text"}), "“sections” must be a list of objects."),
        (json.dumps({"faqs": [{"question": "?"}] * 501}), "“faqs” has more than 500 rows."),
        # json.loads would raise RecursionError (a 500) on this; it is refused before it is parsed.
        ("[" * 100_000, "The JSON is nested more than 100 levels deep, the limit."),
        (b"\xff\xfe", "The body is not JSON."),
    ],
)
def test_bad_input_is_a_400_that_says_what(admin_client, body, message):
    response = admin_client.post(URL, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": message}


def test_only_editors_may_ask_and_only_by_post(admin_client):
    assert admin_client.get(URL).status_code == 405
    anonymous = Client()
    assert check(anonymous, summary="x").status_code == 302  # not logged in: the admin's login page
    anonymous.force_login(user_in_role("someone", "Author"))
    assert check(anonymous, summary="Eat fish.").status_code == 200


def test_spanish_text_is_checked_by_its_own_formula_against_the_spanish_target(admin_client):
    SiteSettings.objects.filter(pk=SiteSettings.load().pk).update(language="es-ES", reading_targets={"es": 55})
    hard = "La hipomagnesemia desencadena hiperexcitabilidad neuromuscular generalizada."

    easy = check(admin_client, summary="Coma pescado. Tome el sol.").json()["readability"]
    scores = check(admin_client, summary=hard, intro="Tome el sol y coma pan.").json()["readability"]

    assert easy["above_target"] is False  # the control
    assert (scores["language"], scores["formula"], scores["grade"], scores["ease"]) == (
        "es-ES",
        "szigriszt-pazos",
        None,
        None,
    )
    assert scores["above_target"] is True and scores["target"] == 55.0 and scores["score"] < 55
    assert scores["summary"].startswith(f"Szigriszt-Pazos perspicuity {scores['score']} (below the site's target")
    assert scores["by_part_heading"] == "Score by part:"
    assert [part["part"] for part in scores["by_part"] if part["above_target"]] == ["Quick summary"]


def test_a_language_with_no_formula_is_said_to_be_unmeasured_while_typing(admin_client):
    SiteSettings.objects.filter(pk=SiteSettings.load().pk).update(language="zh", target_reading_grade=1)

    scores = check(admin_client, summary=HARD).json()["readability"]

    assert (scores["available"], scores["score"], scores["grade"], scores["above_target"]) == (False, None, None, False)
    assert scores["summary"].startswith("The reading level could not be measured")
    SiteSettings.objects.filter(pk=1).update(language="en")
    assert check(admin_client, summary=HARD).json()["readability"]["above_target"] is True  # control: English
