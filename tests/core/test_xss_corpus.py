"""The payload corpus (tests/helpers/xss_corpus.py) through the admin's forms and the management API into every
text field: nothing executable in any response, HTML or JSON-LD, and sanitizing twice changes nothing.

Each test puts one payload into each field, rotating, so that over the corpus every payload reaches every field.
"""

import html
import json

import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils.html import escape
from markdown_it import MarkdownIt

from articles.models import Article, Contributor, Topic
from core.markdown import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    image_addresses,
    library_image_id,
    render_markdown,
    sanitize_html,
    strip_markup,
)
from references.models import Reference
from tests.helpers.admin_forms import article_form, inline_rows
from tests.helpers.html_inspection import dangerous_markup, tags_and_attributes
from tests.helpers.manage_api import token_client
from tests.helpers.people import reviewer_user, user_in_role
from tests.helpers.publishing import publish_reviewed
from tests.helpers.xss_corpus import PAYLOADS

ARTICLE_FIELDS = ["title", "subtitle", "summary", "intro", "comparison_intro", "disclaimer"]
PART_FIELDS = {
    "key_points": ["title", "text"],
    "sections": ["heading", "body_markdown"],
    "cause_comparisons": ["cause", "related_symptoms", "differentiating_factors"],
    "faqs": ["question", "answer_markdown"],
}
RECORD_FIELDS = {"topic": ["name", "description"], "contributor": ["name", "bio"], "reference": ["title", "authors"]}
# What a Markdown renderer leaves inert even without a sanitizer (text it escapes, code, comments), kept in the
# corpus for the plain-text fields and JSON-LD, where "&lt;img …&gt;" must not come back as a tag.
INERT_WITHOUT_SANITIZER = {
    "<script/xss src=https://evil.example/x.js></script>",
    "<img/src=x/onerror=alert(1)>",
    '![a" onerror="alert(1)](https://example.org/a.png)',
    '[x](https://example.org "title" onclick=alert(1))',
    '<https://example.org/"onmouseover="alert(1)>',
    "```html\n<script>alert(1)</script>\n```",
    "`<img src=x onerror=alert(1)>`",
    "<!-- <script>alert(1)</script> -->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<img src=x onerror=alert(1)",
    "<a href='javascript:alert(1)'",
    "<p <script>alert(1)</script>>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&lt;img src=x onerror=alert(1)&gt;",
    "{{constructor.constructor('alert(1)')()}}",
}


def test_the_corpus_is_large_and_varied():
    assert len(PAYLOADS) >= 90
    assert len(set(PAYLOADS)) == len(PAYLOADS)
    needles = ["<script", "onerror", "javascript:", "vbscript:", "data:", "&#106;", "<svg", "<math", "<iframe"]
    needles += ["<object", "<embed", "<style", "http-equiv", "formaction", "](javascript", "<javascript:"]
    for needle in needles:
        assert any(needle in payload.lower() for payload in PAYLOADS), needle


def test_the_oracle_catches_each_payload_rendered_without_a_sanitizer():
    """Guards every test below: Markdown rendered with no sanitizer and no link check is caught each time."""
    naive = MarkdownIt("commonmark", {"html": True})
    naive.validateLink = lambda url: True
    missed = {payload for payload in PAYLOADS if not dangerous_markup(naive.render(payload))}

    assert missed == INERT_WITHOUT_SANITIZER


def assert_runs_nothing(html: str) -> None:
    assert dangerous_markup(html) == [], html
    for tag, attributes in tags_and_attributes(html):
        assert tag in ALLOWED_TAGS, html
        assert set(attributes) <= ALLOWED_ATTRIBUTES.get(tag, set()) | {"rel"}, html
    assert sanitize_html(html) == html  # sanitizing twice is stable


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_of_every_payload_renders_to_html_that_runs_nothing(payload):
    assert_runs_nothing(render_markdown(payload))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_plain_text_of_every_payload_has_no_markup_even_once_unescaped(payload):
    """JSON-LD's text: "&lt;script&gt;" must not come back as a script once a consumer decodes entities."""
    text = strip_markup(payload)

    assert dangerous_markup(text) == [] and dangerous_markup(html.unescape(text)) == []
    assert strip_markup(text) == text


def shows_an_outside_image(payload: str) -> bool:
    """A Markdown text with an image from anywhere but the media library: saving refuses it (articles.edit_plan)."""
    return any(library_image_id(address) is None for address in image_addresses(payload))


def test_some_payloads_place_outside_images_and_saving_refuses_those_in_markdown():
    assert 3 <= sum(shows_an_outside_image(payload) for payload in PAYLOADS) < len(PAYLOADS) // 2


def rotation(offset: int, count: int) -> list[str]:
    """`count` payloads starting at `offset`: field i of test n gets payload n + i."""
    return [PAYLOADS[(offset + index) % len(PAYLOADS)] for index in range(count)]


def walk(value, key=""):
    if isinstance(value, dict):
        for name, item in value.items():
            yield from walk(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from walk(item, key)
    else:
        yield key, value


def assert_public_api_runs_nothing(client, slug: str) -> None:
    """Every public response about the article: its HTML is allow-listed, its JSON-LD embeds safely."""
    responses = [
        client.get(f"/api/v1/articles/{slug}/"),
        client.get("/api/v1/articles/"),
        client.get("/api/v1/faqs/", {"article": slug}),
        client.get("/api/v1/references/", {"article": slug}),
        client.get("/api/v1/topics/"),
        client.get("/api/v1/contributors/"),
    ]
    assert [response.status_code for response in responses] == [200] * len(responses)
    html = [value for response in responses for key, value in walk(response.json()) if key.endswith("_html")]
    assert len(html) >= 4
    for value in html:
        assert_runs_nothing(value)

    jsonld = client.get(f"/api/v1/articles/{slug}/jsonld/")
    assert jsonld.status_code == 200
    assert not {b"<", b">", b"&"} & set(jsonld.content[i : i + 1] for i in range(len(jsonld.content)))
    texts = [value for _key, value in walk(json.loads(jsonld.content)) if isinstance(value, str)]
    assert len(texts) > 10
    for text in texts:
        assert dangerous_markup(text) == [], text


@pytest.fixture
def fresh_throttles():
    caches["throttles"].clear()


@pytest.mark.django_db
@pytest.mark.parametrize("offset", range(len(PAYLOADS)))
def test_the_management_api_takes_every_payload_in_every_field_and_nothing_runs(
    api_client, editor, offset, fresh_throttles
):
    payloads = iter(rotation(offset, 32))
    writer = token_client(editor)
    topic = writer.post(
        "/api/v1/manage/topics/",
        {"slug": f"topic-{offset}", **{name: next(payloads) for name in RECORD_FIELDS["topic"]}},
        format="json",
    )
    person = writer.post(
        "/api/v1/manage/contributors/",
        {"slug": f"person-{offset}", **{name: next(payloads) for name in RECORD_FIELDS["contributor"]}},
        format="json",
    )
    reference = writer.post(
        "/api/v1/manage/references/",
        {"kind": "website", **{name: next(payloads) for name in RECORD_FIELDS["reference"]}},
        format="json",
    )
    assert [topic.status_code, person.status_code, reference.status_code] == [201, 201, 201]
    body = {
        "slug": f"xss-{offset}",
        **{name: next(payloads) for name in ARTICLE_FIELDS},
        **{kind: [{name: next(payloads) for name in names}] for kind, names in PART_FIELDS.items()},
        "citations": [{"reference": reference.json()["id"]}],
        "topics": [topic.json()["slug"]],
        "authors": [person.json()["slug"]],
    }
    markdown = {("intro", None), ("sections", "body_markdown"), ("faqs", "answer_markdown")}
    refused = {
        (name, None) for name in ARTICLE_FIELDS if (name, None) in markdown and shows_an_outside_image(body[name])
    } | {(kind, name) for kind, name in markdown if name and shows_an_outside_image(body[kind][0][name])}
    created = writer.post("/api/v1/manage/articles/", body, format="json")
    if refused:  # an image from elsewhere in a Markdown text: refused by name, nothing saved; then without it
        assert created.status_code == 400, created.json()
        assert {kind for kind, _name in refused} == set(created.json())
        assert not Article.objects.filter(slug=f"xss-{offset}").exists()
        for kind, name in refused:
            if name is None:
                body[kind] = "Plain text."
            else:
                body[kind][0][name] = "Plain text."
        created = writer.post("/api/v1/manage/articles/", body, format="json")
    assert created.status_code == 201, created.json()

    url = f"/api/v1/manage/articles/xss-{offset}/"
    preview = writer.post(f"{url}preview-token/").json()["api_url"]
    assert_runs_nothing_in(api_client.get(preview).json())
    steps = [
        (writer, "submit", '"1"'),
        (token_client(reviewer_user()), "approve", '"1"'),
        (token_client(user_in_role("publisher", "Publisher")), "publish", '"1"'),
    ]
    # Payloads are not prose: the reviewer approves past the reading-level check, saying so.
    reason = {"approve": {"override_reason": "Test payloads, not prose."}}
    for client, action, version in steps:
        body = {"action": action, **reason.get(action, {})}
        if action == "approve":  # the document the reviewer read
            body["document_fingerprint"] = client.get(url).headers["Document-Fingerprint"]
        response = client.post(f"{url}transitions/", body, format="json", HTTP_IF_MATCH=version)
        assert response.status_code == 200, response.json()

    assert_public_api_runs_nothing(api_client, f"xss-{offset}")


def assert_runs_nothing_in(document: dict) -> None:
    html = [value for key, value in walk(document) if key.endswith("_html")]
    assert len(html) >= 3
    for value in html:
        assert_runs_nothing(value)


@pytest.mark.django_db
@pytest.mark.parametrize("offset", range(len(PAYLOADS)))
def test_the_admin_forms_take_every_payload_in_every_field_and_nothing_runs(api_client, admin_client, offset):
    payloads = iter(rotation(offset, 32))
    topic_data = {"slug": f"topic-{offset}", **{name: next(payloads) for name in RECORD_FIELDS["topic"]}}
    person_data = {"slug": f"person-{offset}", **{name: next(payloads) for name in RECORD_FIELDS["contributor"]}}
    reference_data = {"kind": "website", **{name: next(payloads) for name in RECORD_FIELDS["reference"]}}
    for model, data in (("articles_topic", topic_data), ("articles_contributor", person_data)):
        response = admin_client.post(reverse(f"admin:{model}_add"), {**data, "is_author": "on"})
        assert response.status_code == 302, response.context["adminform"].form.errors
    response = admin_client.post(reverse("admin:references_reference_add"), reference_data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    reference = Reference.objects.get()
    typed = {name: next(payloads) for name in ARTICLE_FIELDS}
    parts = {kind: {name: next(payloads) for name in names} for kind, names in PART_FIELDS.items()}
    # An image from elsewhere in a Markdown text is refused (tested through the API above): the text alone here.
    typed["intro"] = "Plain text." if shows_an_outside_image(typed["intro"]) else typed["intro"]
    for kind, name in (("sections", "body_markdown"), ("faqs", "answer_markdown")):
        if shows_an_outside_image(parts[kind][name]):
            parts[kind][name] = "Plain text."
    section = {"heading": parts["sections"]["heading"], "body": parts["sections"]["body_markdown"]}
    faq = {"question": parts["faqs"]["question"], "answer": parts["faqs"]["answer_markdown"]}
    data = article_form(
        slug=f"xss-{offset}",
        **typed,
        topics=[str(Topic.objects.get().pk)],
        authors=[str(Contributor.objects.get(slug=f"person-{offset}").pk)],
        **inline_rows("key_points", [{**parts["key_points"], "position": "1"}]),
        **inline_rows("sections", [{**section, "anchor": "", "position": "1"}]),
        **inline_rows("cause_comparisons", [{**parts["cause_comparisons"], "position": "1"}]),
        **inline_rows("faqs", [{**faq, "position": "1"}]),
        **inline_rows("citations", [{"reference": str(reference.pk), "number": "1"}]),
    )

    response = admin_client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get(slug=f"xss-{offset}")
    pages = [
        admin_client.get(reverse("admin:articles_article_change", args=[article.pk])),
        admin_client.get(reverse("admin:articles_article_changelist")),
        admin_client.get(reverse("admin:articles_topic_changelist")),
        admin_client.get(reverse("admin:articles_contributor_changelist")),
        admin_client.get(reverse("admin:references_reference_changelist")),
    ]
    assert [page.status_code for page in pages] == [200] * len(pages)
    shown = "".join(page.content.decode() for page in pages)
    assert escape(typed["title"]) in shown  # the text is there, escaped
    for payload in {*rotation(offset, 32)}:
        if "<" in payload:
            assert payload not in shown, payload  # never as markup

    publish_reviewed(article)
    assert_public_api_runs_nothing(api_client, f"xss-{offset}")
