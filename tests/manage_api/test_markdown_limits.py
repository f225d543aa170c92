"""The management API refuses Markdown over a rendering limit with a JSON 400 at the field's path."""

import json
import time

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from tests.helpers.hostile_markdown import BRACKETS_2MB, LIMIT_CASES
from tests.helpers.manage_api import token_client
from tests.manage_api.test_exchange import empty_the_content

pytestmark = pytest.mark.django_db

URL = "/api/v1/manage/articles/"


def article(**fields) -> dict:
    return {"title": "Zinc and wound healing", "summary": "Zinc helps skin repair itself.", **fields}


@pytest.mark.parametrize("case", LIMIT_CASES, ids=lambda case: case.name)
def test_a_section_body_over_a_limit_is_a_400_naming_it_and_at_the_limit_it_saves(author, case):
    client = token_client(author)

    sections = [{"heading": "Fine", "body_markdown": "Fine."}, {"heading": "H", "body_markdown": case.over}]

    refused = client.post(URL, article(sections=sections), format="json")

    assert refused.status_code == 400, refused.json()
    assert refused.json() == {"sections": [{}, {"body_markdown": [case.message]}]}
    assert not Article.objects.exists()
    saved = client.post(URL, article(sections=[{"heading": "H", "body_markdown": case.at_limit}]), format="json")
    assert saved.status_code == 201, saved.json()


def test_the_intro_and_a_faq_answer_are_named_too(author):
    over = "[a] " * 2_500

    response = token_client(author).post(
        URL, article(intro=over, faqs=[{"question": "Q?", "answer_markdown": over}]), format="json"
    )

    message = "At most 1,000 links, images and citation markers (“[”) in one text (this has 2,500)."
    assert response.status_code == 400
    assert response.json() == {"intro": [message], "faqs": [{"answer_markdown": [message]}]}


def test_an_update_over_a_limit_is_refused_and_changes_nothing(author):
    client = token_client(author)
    created = client.post(URL, article(sections=[{"heading": "H", "body_markdown": "Fine."}]), format="json").json()

    response = client.patch(
        f"{URL}{created['slug']}/",
        {"sections": [{"id": created["sections"][0]["id"], "heading": "H", "body_markdown": "*a " * 3_000}]},
        format="json",
        HTTP_IF_MATCH='"1"',
    )

    assert response.status_code == 400
    assert response.json()["sections"][0]["body_markdown"][0].startswith("At most 2,000 emphasis and list marks")
    assert Article.objects.get().sections.get().body == "Fine."


def test_the_2_mb_hostile_body_is_a_fast_400(author):
    client = token_client(author)

    start = time.perf_counter()
    response = client.post(URL, article(sections=[{"heading": "H", "body_markdown": BRACKETS_2MB}]), format="json")
    elapsed = time.perf_counter() - start

    assert response.status_code == 400
    assert response.json() == {
        "sections": [{"body_markdown": ["At most 30,000 characters in one text (this has 2,000,000)."]}]
    }
    assert elapsed < 2  # it was more than gunicorn's 30 s


def test_an_import_with_a_text_over_a_limit_imports_nothing_and_names_its_path(tmp_path, settings, capsys):
    settings.DEBUG = True
    call_command("load_demo_content")
    exported = tmp_path / "content.json"
    call_command("export_content", str(exported))
    document = json.loads(exported.read_text())
    document["articles"][1]["sections"][2]["body_markdown"] = LIMIT_CASES[2].over
    document["articles"][0]["faqs"][0]["answer_markdown"] = BRACKETS_2MB
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(document))
    empty_the_content()

    start = time.perf_counter()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_content", str(broken))
    elapsed = time.perf_counter() - start

    errors = capsys.readouterr().err
    assert f"articles[1].sections[2].body_markdown: {LIMIT_CASES[2].message}" in errors
    assert "articles[0].faqs[0].answer_markdown: At most 30,000 characters in one text (this has 2,000,000)." in errors
    assert not Article.objects.exists()
    assert elapsed < 10  # the whole demo content is checked; the 2 MB answer alone took minutes to render


def test_the_texts_of_one_article_together_have_limits_too(author):
    client = token_client(author)
    sections = [{"heading": f"Part {n}", "body_markdown": "[a] " * 700} for n in range(3)]

    refused = client.post(URL, article(sections=sections), format="json")
    saved = client.post(URL, article(sections=sections[:2], intro="[a] " * 600), format="json")

    assert refused.status_code == 400
    assert refused.json() == {
        "non_field_errors": [
            "The article's Markdown texts together: At most 2,000 links, images and citation markers (“[”) "
            "in one article (this has 2,100)."
        ]
    }
    assert saved.status_code == 201, saved.json()
    long = [{"heading": f"Part {n}", "body_markdown": "word " * 5_000} for n in range(5)]
    response = client.post(URL, article(sections=long, intro="More."), format="json")
    message = "At most 100,000 characters in one article (this has 125,000)."  # each body loses its last space
    assert response.json()["non_field_errors"] == [f"The article's Markdown texts together: {message}"]
