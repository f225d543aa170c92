"""The preview page: the JSON preview's document as a reader would see it, for the same signed, expiring token."""

import datetime
import itertools
import re

import pytest
import time_machine
from django.core import signing
from django.urls import reverse
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains

from articles.edit_plan import ArticleEdit
from articles.models import Article
from articles.services.editing import article_update
from publishing.preview import SALT, preview_links_revoke, preview_token_make
from publishing.serializers import ArticleDetailSerializer
from tests.helpers.factories import RETRACTED_DOI, SectionFactory, article_with_every_part
from tests.helpers.html_inspection import dangerous_markup, tags_and_attributes
from tests.helpers.publishing import publish_reviewed

pytestmark = pytest.mark.django_db


def page(client, token: str):
    return client.get(f"/preview/{token}/")


def json_preview(client, token: str) -> dict:
    return client.get(f"/api/v1/preview/{token}/").json()


def main_of(response) -> str:
    """The page's <main>: the article, without the document head (whose <meta> and <link> are the page's own)."""
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


@pytest.fixture
def article():
    return article_with_every_part(title="Vitamin D and muscle twitching", slug="vitamin-d-twitching")


@pytest.fixture
def token(article) -> str:
    return preview_token_make(article)


def test_the_page_shows_the_header_summary_and_byline(client, article, token):
    response = page(client, token)
    document = json_preview(client, token)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assertContains(response, "<h1>Vitamin D and muscle twitching</h1>", html=True)
    assertContains(response, '<p class="subtitle">What the studies say</p>', html=True)
    assertContains(response, f"<p>{document['summary']}</p>", html=True)
    assertContains(response, "<p>An introduction with <strong>bold</strong> words.</p>", html=True)
    assert len(document["authors"]) == 2
    for author in document["authors"]:
        assertContains(response, f"{author['name']}, MD")
    reviewer = document["medical_reviewer"]
    assertContains(response, f"Medically reviewed by {reviewer['name']}, MD")
    assertContains(response, '<time datetime="2026-03-01T00:00:00Z">March 1, 2026</time>', html=True)
    assertContains(response, '<time datetime="2027-03-01">March 1, 2027</time>', html=True)
    assertContains(response, '<p class="sponsored-label">Sponsored</p>', html=True)


def test_the_page_shows_key_points_contents_and_sections(client, token):
    response = page(client, token)
    document = json_preview(client, token)

    assert [len(document[part]) for part in ("key_points", "table_of_contents", "sections")] == [2, 2, 2]
    for point in document["key_points"]:
        assertContains(response, f"<li><strong>{point['title']}:</strong> {point['text']}</li>", html=True)
    for entry in document["table_of_contents"]:
        assertContains(response, f'<li><a href="#{entry["anchor"]}">{entry["heading"]}</a></li>', html=True)
    for section in document["sections"]:
        assertContains(response, f'<h2 id="{section["anchor"]}">{section["heading"]}</h2>', html=True)
        assertContains(response, section["body_html"], html=True)


def test_the_page_shows_the_comparison_table_with_its_headers(client, token):
    response = page(client, token)
    document = json_preview(client, token)

    assertContains(response, "<caption>How the causes compare:</caption>", html=True)
    for header in ("Cause", "Related symptoms", "Differentiating factors"):
        assertContains(response, f'<th scope="col">{header}</th>', html=True)
    assert len(document["cause_comparisons"]) == 2
    for row in document["cause_comparisons"]:
        cells = f"<td>{row['related_symptoms']}</td><td>{row['differentiating_factors']}</td>"
        assertContains(response, f'<tr><th scope="row">{row["cause"]}</th>{cells}</tr>', html=True)


def test_the_page_shows_faqs_and_numbered_references_with_their_notices(client, token):
    response = page(client, token)
    document = json_preview(client, token)

    assert len(document["faqs"]) == 2
    for faq in document["faqs"]:
        assertContains(response, f"<h3>{faq['question']}</h3>", html=True)
        assertContains(response, faq["answer_html"], html=True)
    assert [reference["number"] for reference in document["references"]] == [1, 2, 3]
    for reference in document["references"]:
        assertContains(response, f'<li id="ref-{reference["number"]}" value="{reference["number"]}">')
        assertContains(response, escape(reference["citation"]))
    assertContains(response, f'<a href="https://doi.org/{RETRACTED_DOI}">Open the source</a>', html=True)
    assertContains(response, "Retraction Watch notice: Retraction</strong>,")
    assertContains(response, '<time datetime="2010-02-06">Feb. 6, 2010</time>', html=True)
    notice_doi = "10.1016/s0140-6736(10)60175-4"
    assertContains(response, f'<a href="https://doi.org/{notice_doi}">doi:{notice_doi}</a>', html=True)


def test_the_page_shows_the_disclaimer_and_disclosures(client, token):
    response = page(client, token)
    document = json_preview(client, token)

    assertContains(response, f"<p>{document['disclaimer']}</p>", html=True)
    sponsored = "<dd>Yes: paid for by a company or organisation with an interest in it.</dd>"
    assertContains(response, f"<dt>Sponsored</dt>{sponsored}", html=True)
    assertContains(response, "<dd>Paid for by the Example Foundation.</dd>", html=True)
    assertContains(response, "<dd>The reviewer has received speaker fees from a supplement maker.</dd>", html=True)


def test_the_banner_says_it_is_a_preview_with_the_status_and_links_the_json(client, article, token):
    response = page(client, token)

    assertContains(response, '<p class="preview-banner-title">Preview — not published</p>', html=True)
    assertContains(response, "Status: <strong>Draft</strong>.")
    assertContains(response, f"Version {article.version} of the working copy: this link shows this version only")
    assertContains(response, f'<a href="http://testserver/api/v1/preview/{token}/">', html=False)

    publish_reviewed(article)
    Article.objects.filter(pk=article.pk).update(status="draft")  # edited since: live, with unpublished changes
    assertContains(page(client, token), "Status: <strong>Draft</strong>; live, with unpublished changes")


def test_the_page_is_rendered_from_the_document_not_the_models(client, token, monkeypatch):
    serialize = ArticleDetailSerializer.to_representation

    def retitled(self, article):
        return {**serialize(self, article), "title": "The title the document holds"}

    monkeypatch.setattr(ArticleDetailSerializer, "to_representation", retitled)

    assertContains(page(client, token), "<h1>The title the document holds</h1>", html=True)
    assert json_preview(client, token)["title"] == "The title the document holds"


def test_the_page_and_the_json_preview_show_the_same_working_copy(client, article, token):
    article.title = "A new title, not yet published"
    article.save()
    response = page(client, token)
    document = json_preview(client, token)

    assert document["title"] == "A new title, not yet published"
    assertContains(response, f"<h1>{document['title']}</h1>", html=True)
    assertContains(response, escape(document["references"][2]["citation"]))
    assertContains(response, document["sections"][1]["body_html"], html=True)
    assertContains(response, f"Reading level: grade {document['readability']['flesch_kincaid_grade']}")


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("es", "Reading level: Szigriszt-Pazos perspicuity {score} (0–100, higher is easier)."),
        ("de-AT", "Reading level: Amstad reading ease {score} (0–100, higher is easier)."),
        ("ar", "Reading level: not measured, no readability formula fits the language “ar”."),
    ],
)
def test_the_page_gives_the_reading_level_by_the_languages_own_formula(client, token, language, shown):
    Article.objects.update(language=language)  # the previewed article's, whatever the site's

    response = page(client, token)
    readability = json_preview(client, token)["readability"]

    assertContains(response, escape(shown.format(score=readability["score"])))
    assertNotContains(response, "Flesch")  # the control is the English page's test above


def test_the_page_is_semantic_html_in_the_articles_language_and_direction(client, token):
    Article.objects.update(language="en-GB")

    response = page(client, token)
    tags = tags_and_attributes(response.content.decode())
    names = [tag for tag, _attrs in tags]
    Article.objects.update(language="ar")
    arabic = tags_and_attributes(page(client, token).content.decode())

    assert tags[0] == ("html", {"lang": "en-GB", "dir": "ltr"})
    assert arabic[0] == ("html", {"lang": "ar", "dir": "rtl"})
    assert names.count("h1") == 1 and names.count("main") == 1
    assert {"header", "nav", "main", "article"} <= set(names)
    levels = [int(tag[1]) for tag in names if re.fullmatch(r"h[1-6]", tag)]
    assert levels[0] == 1 and all(later - earlier <= 1 for earlier, later in itertools.pairwise(levels))
    headers = [attrs for tag, attrs in tags if tag == "th"]
    assert len(headers) == 5 and all(attrs.get("scope") in ("col", "row") for attrs in headers)
    assert all(attrs.get("href") for tag, attrs in tags if tag == "a")


def test_the_page_has_its_own_stylesheet_and_nothing_inline(client, token):
    response = page(client, token)
    tags = tags_and_attributes(response.content.decode())

    assert ("link", {"rel": "stylesheet", "href": "/static/publishing/preview.css"}) in tags
    assert not [tag for tag, attrs in tags if tag in ("script", "style") or "style" in attrs]
    policy = response["Content-Security-Policy"]
    assert "style-src 'self'" in policy and "script-src 'self'" in policy and "unsafe-inline" not in policy
    stylesheet = client.get("/static/publishing/preview.css")
    assert stylesheet.status_code == 200
    assert b"@media print" in b"".join(stylesheet.streaming_content)


def test_hostile_content_is_neither_run_nor_shown_as_markup(client):
    article = article_with_every_part(title="<script>alert('title')</script>", slug="hostile")
    SectionFactory(
        article=article,
        heading="Hostile <b>heading</b>",
        body='Text <script>window.pwned = 1</script> <img src="x" onerror="window.pwned = 1"> [x](javascript:alert(1))',
    )

    response = page(client, preview_token_make(article))
    main = main_of(response)

    assert dangerous_markup(main) == []  # no script, no event attribute, no javascript: link
    assert "pwned" not in main
    assertContains(response, "<h1>&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;</h1>")
    assertContains(response, "Hostile &lt;b&gt;heading&lt;/b&gt;</h2>")
    assertNotContains(response, "<script>")


def test_no_login_is_needed_and_nothing_is_cached_or_indexed(client, token):
    response = page(client, token)

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex"
    assert not response.has_header("ETag") and not response.cookies
    assertContains(response, '<meta name="robots" content="noindex">', html=True)


def test_an_expired_link_is_a_page_that_says_so(client, token, settings):
    with time_machine.travel(datetime.timedelta(seconds=settings.PREVIEW_TOKEN_MAX_AGE + 5)):
        response = page(client, token)

    assert response.status_code == 403
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assertContains(response, "<h1>This preview link has expired</h1>", status_code=403, html=True)
    assertContains(response, "click Preview again for a new link", status_code=403)
    assert response["Cache-Control"] == "private, no-store" and response["X-Robots-Tag"] == "noindex"
    assertNotContains(response, "Vitamin D", status_code=403)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "not-a-token",
        lambda token: signing.dumps({"article": 1}, salt="some.other.salt"),
    ],
    ids=["changed signature", "garbage", "other salt"],
)
def test_a_tampered_link_is_a_page_that_says_so(client, token, tamper):
    response = page(client, tamper(token))

    assert response.status_code == 404
    assertContains(response, "<h1>No preview matches this link</h1>", status_code=404, html=True)
    assert response["Cache-Control"] == "private, no-store" and response["X-Robots-Tag"] == "noindex"
    assertNotContains(response, "Vitamin D", status_code=404)


def test_a_link_to_a_deleted_article_is_a_page_that_says_so(client, article, token):
    Article.objects.filter(pk=article.pk).delete()

    assertContains(page(client, token), "No preview matches this link", status_code=404)


def test_a_link_to_an_earlier_version_is_a_page_that_says_so(client, article, token, author):
    stored = Article.objects.get(pk=article.pk)
    article_update(
        article=stored, edit=ArticleEdit(fields={"title": "Newer title"}), user=author, expected_version=stored.version
    )

    response = page(client, token)

    assertContains(response, "<h1>This preview link is for an earlier version</h1>", status_code=410, html=True)
    assertContains(
        response,
        f"The link shows version {stored.version} of the article; it has been edited since and is at version "
        f"{stored.version + 1}. Ask for a new link",
        status_code=410,
    )
    assert response["Cache-Control"] == "private, no-store" and response["X-Robots-Tag"] == "noindex"
    assertNotContains(response, "Vitamin D", status_code=410)
    assertNotContains(response, "Newer title", status_code=410)
    assertContains(page(client, preview_token_make(Article.objects.get(pk=article.pk))), "Newer title")


@pytest.mark.parametrize("made", ["before revoking", "before links named a version"])
def test_a_revoked_link_is_a_page_that_says_so(client, article, token, editor, made):
    if made == "before revoking":
        preview_links_revoke(article=article, user=editor)
    else:
        token = signing.dumps({"article": article.pk}, salt=SALT, compress=True)

    response = page(client, token)

    assertContains(response, "<h1>This preview link has been revoked</h1>", status_code=410, html=True)
    assertContains(response, "Ask them for a new link", status_code=410)
    assert response["Cache-Control"] == "private, no-store" and response["X-Robots-Tag"] == "noindex"
    assertNotContains(response, "Vitamin D", status_code=410)


def test_the_admin_preview_link_opens_the_page(admin_client, client, article):
    link = admin_client.get(reverse("admin:articles_article_preview", args=[article.pk]))

    assert link.status_code == 302
    assert re.fullmatch(r"http://testserver/preview/[^/]+/", link.url)
    assertContains(client.get(link.url), "<h1>Vitamin D and muscle twitching</h1>", html=True)


def test_the_admin_preview_link_opens_the_frontend_when_one_is_set(admin_client, article, settings):
    settings.PREVIEW_URL_TEMPLATE = "https://www.example.org/preview?token={token}&api={api_url}"

    link = admin_client.get(reverse("admin:articles_article_preview", args=[article.pk]))

    token = re.fullmatch(r"https://www\.example\.org/preview\?token=([^&]+)&api=(.+)", link.url)
    assert token is not None and token[2] == f"http://testserver/api/v1/preview/{token[1]}/"


def test_the_page_costs_a_fixed_number_of_queries(client, token, django_assert_num_queries):
    # The JSON preview's (tests/publishing/api/test_query_counts.py), and the Retraction Watch notices that
    # a cited paper with a DOI makes it look for; the page reads the site settings once for both.
    with django_assert_num_queries(10):
        assert page(client, token).status_code == 200
