"""Whatever an editor pastes into a Markdown field, no script reaches the API."""

import pytest

from core.markdown import render_markdown
from tests.helpers.factories import FAQFactory, SectionFactory, complete_article
from tests.helpers.html_inspection import dangerous_markup
from tests.helpers.publishing import publish_reviewed

ATTACKS = [
    "<script>alert('x')</script>Plain text after.",
    '<img src="https://example.org/a.png" onerror="alert(1)">',
    "[click me](javascript:alert(1))",
    '<a href="javascript:alert(1)">click</a>',
    '<a href=" JaVaScRiPt:alert(1)">click</a>',
    '<iframe src="https://evil.example"></iframe>',
    "<style>body{display:none}</style>",
    '<p onclick="steal()">hello</p>',
    "<svg><script>alert(1)</script></svg>",
    '<img src="data:text/html;base64,PHNjcmlwdD4=">',
    "<form action='https://evil.example'><input></form>",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_render_markdown_strips_dangerous_markup(attack):
    assert dangerous_markup(render_markdown(attack)) == []


def test_safe_markup_survives():
    html = render_markdown("**bold** <sup>2</sup> [NIH](https://www.nih.gov) | a |\n|---|\n| b |")

    assert "<strong>bold</strong>" in html
    assert "<sup>2</sup>" in html
    assert '<a href="https://www.nih.gov" rel="noopener noreferrer">NIH</a>' in html


@pytest.mark.django_db
@pytest.mark.parametrize("attack", ATTACKS)
def test_no_markdown_field_lets_an_attack_reach_the_api(api_client, attack):
    article = complete_article(children=0, slug="attacked", intro=f"Intro {attack}")
    SectionFactory(article=article, body=f"Body {attack}")
    FAQFactory(article=article, answer=f"Answer {attack}")
    publish_reviewed(article)

    detail = api_client.get("/api/v1/articles/attacked/").json()
    faqs = api_client.get("/api/v1/faqs/", {"article": "attacked"}).json()["results"]

    rendered = [detail["intro_html"], detail["sections"][0]["body_html"], detail["faqs"][0]["answer_html"]]
    rendered.append(faqs[0]["answer_html"])
    for html in rendered:
        assert dangerous_markup(html) == [], html


@pytest.mark.parametrize("attack", [a for a in ATTACKS if not a.startswith("[")])
def test_the_inspector_finds_each_raw_attack(attack):
    # Guards the tests above: unsanitized, every attack is detected.
    assert dangerous_markup(attack) != []
