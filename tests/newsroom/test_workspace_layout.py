"""The article page as a workspace: a header with the status, the links to the panels and the actions; the panels
holding every fieldset and inline; the checks beside them; a lighter page (newsroom.admin.panels, change_form.html)."""

import re

import pytest
from django.contrib.admin import helpers
from django.urls import reverse
from lxml import html

from articles.content_model import Fieldset
from newsroom.admin.article import PANELS, ArticleAdmin, RowsShareMedia
from newsroom.admin.panels import Panel, panels_on_page
from publishing.services.editorial_steps import article_transition
from tests.helpers.factories import SectionFactory, complete_article
from tests.helpers.people import reviewer_user, user_in_role
from tests.newsroom.test_article_page import CHANGE_PAGE_QUERIES

pytestmark = pytest.mark.django_db

# Where each part of the page is: the panel's id, then an element of it.
PLACED = {
    "panel-content": ["id_title", "id_summary", "key_points-group", "sections-group", "cause_comparisons-group",
                      "faqs-group", "id_comparison_intro"],
    "panel-details": ["id_authors", "id_topics", "id_funding", "id_audience", "id_disclaimer"],
    "panel-references": ["citations-group"],
    "panel-review": ["lifecycle", "id_transition_comment", ".field-medical_reviewer", "review-comments"],
    "panel-publishing": ["publications-group"],
    "panel-history": ["transitions-group"],
}

ELSEWHERE = {"workspace-checks", "workspace-header"}


def page_tree(client, article):
    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert response.status_code == 200
    return response, html.fromstring(response.content)


def test_every_part_of_the_page_is_in_its_panel_and_the_header_links_to_each(admin_client):
    _response, tree = page_tree(admin_client, complete_article(children=2))
    links = [link.get("href") for link in tree.xpath("//nav[@id='workspace-nav']//a")]
    assert links == [f"#{panel}" for panel in PLACED] + ["#workspace-checks"]
    for panel, ids in PLACED.items():
        section = tree.get_element_by_id(panel)
        assert section.tag == "section" and section.get("aria-labelledby") == f"{panel}-heading"
        for element_id in ids:
            if element_id.startswith("."):
                (element,) = tree.find_class(element_id[1:])
            else:
                element = tree.get_element_by_id(element_id)
            assert panel in [ancestor.get("id") for ancestor in element.iterancestors()], element_id
    checks = tree.get_element_by_id("workspace-checks")
    assert [row.get("class").split()[-1] for row in checks.xpath(".//div[contains(@class, 'form-row')]")] == [
        "field-completeness",
        "field-readability_scores",
        "field-citation_check",
    ]
    # Nothing of the form is outside the panels, the checks and the header but the form's own hidden inputs.
    form = tree.get_element_by_id("article_form")
    outside = [
        element.get("name")
        for element in form.xpath(".//input[not(@type='hidden') and not(@type='submit')] | .//textarea | .//select")
        if not any(ancestor.get("id") in {*PLACED, *ELSEWHERE} for ancestor in element.iterancestors())
    ]
    assert outside == []


def test_the_header_has_the_status_save_and_the_steps_open_to_the_user(admin_client, client):
    article = complete_article(children=1)
    _response, tree = page_tree(admin_client, article)
    header = tree.get_element_by_id("workspace-header")
    assert header.get_element_by_id("banner-status").text == "Draft"
    assert header.xpath(".//input[@name='_continue']")
    assert [button.get("value") for button in header.xpath(".//button[@name='_transition']")] == ["submit"]
    assert header.get_element_by_id("lifecycle-unsaved") is not None

    article_transition("submit", article=article, user=user_in_role("an-author", "Author"))
    client.force_login(reviewer_user())
    _response, tree = page_tree(client, article)
    header = tree.get_element_by_id("workspace-header")
    assert header.get_element_by_id("banner-status").text == "In medical review"
    assert not header.xpath(".//input[@name='_continue']")  # the text is locked: nothing to save
    assert {"approve", "request_changes"} <= {button.get("value") for button in header.xpath(".//button")}
    assert not tree.xpath("//*[@id='lifecycle-unsaved']")  # nothing can be unsaved on a locked page


def test_the_add_page_has_the_writing_panels_and_no_review_blocks(admin_client):
    response = admin_client.get(reverse("admin:articles_article_add"))
    tree = html.fromstring(response.content)
    assert tree.get_element_by_id("banner-status").text == "New article"
    assert tree.xpath("//div[@id='workspace-header']//input[@name='_continue']")
    panels = [section.get("id") for section in tree.xpath("//section[contains(@class, 'workspace-panel')]")]
    assert panels[:3] == ["panel-content", "panel-details", "panel-references"]
    assert not tree.xpath("//*[@id='lifecycle']") and not tree.xpath("//*[@id='review-comments']")
    assert tree.get_element_by_id("id_title") is not None


def test_every_fieldset_and_inline_of_the_admin_is_named_by_a_panel():
    named = {item for panel in PANELS for item in panel.items}
    assert set(ArticleAdmin.inlines) <= named
    assert set(Fieldset) <= named


def test_a_part_no_panel_names_goes_to_the_first_rather_than_off_the_page():
    class Inline:
        pass

    class Other:
        pass

    class Formset:
        def __init__(self, opts):
            self.opts = opts

    known, unknown = Formset(Inline()), Formset(Other())
    panels = (Panel("first", "First", (Fieldset.MAIN,)), Panel("second", "Second", (Inline, "a.html")))
    placed = panels_on_page(
        panels, fieldsets=[(Fieldset.MAIN, "main"), ("new", "new one")], inline_formsets=[known, unknown], saved=False
    )
    assert [panel.key for panel in placed] == ["first", "second"]
    assert placed[0].items == [
        {"fieldset": "main", "index": 0},
        {"fieldset": "new one", "index": 1},
        {"inline": unknown},
    ]
    assert placed[1].items == [{"inline": known}]  # the template waits for a saved article
    saved = panels_on_page(panels, fieldsets=[(Fieldset.MAIN, "main")], inline_formsets=[], saved=True)
    assert saved[1].items == [{"template": "a.html"}]


def test_the_inlines_media_read_once_are_the_admins_own(admin_client):
    response, _tree = page_tree(admin_client, complete_article(children=3))
    formsets = response.context["inline_admin_formsets"]
    assert len(formsets) == 7 and all(isinstance(formset, RowsShareMedia) for formset in formsets)
    for formset in formsets:
        assert str(formset.media) == str(helpers.InlineAdminFormSet.media.fget(formset))
    assert any("autocomplete" in str(formset.media) for formset in formsets)  # a control: not all empty


def test_the_page_is_lighter_and_keeps_what_was_typed_to_the_character(admin_client, django_assert_max_num_queries):
    article = complete_article(children=2)
    body = "First line.\n\n    An indented line, then spaces   \n\n<b>not a tag</b> & more"
    SectionFactory(article=article, body=body)
    url = reverse("admin:articles_article_change", args=[article.pk])
    admin_client.get(url)
    with django_assert_max_num_queries(CHANGE_PAGE_QUERIES):
        page = admin_client.get(url).content.decode()
    content = page[page.index('id="content-main"') : page.index("</form>")]
    assert "\n\n<" not in content and not re.search(r">\n[ \t]+<", content)  # the templates' layout is gone
    assert "\n\n<" in page[: page.index('id="content-main"')]  # a control: the admin's own part keeps it
    assert 'id="nav-sidebar"' not in page  # the admin's list of models is not beside the workspace
    textareas = html.fromstring(page).xpath("//textarea[contains(@name, '-body')]")
    assert body in [textarea.text_content().removeprefix("\n") for textarea in textareas]
