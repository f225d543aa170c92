"""The article's editing pages in Debian's Chromium, as each editor reaches them: axe-core finds no serious or
critical violation on the add page, a new article's change page, the demo articles' change pages (with rows
added and an autocomplete open), their History, and the unpublish and rollback confirmations.

A positive control first: the same check, on the same page, fails once an unlabelled input is put in it.
Skipped, with the reason, only when chromium, chromedriver or npm is missing (tests/helpers/axe.py).
"""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from articles.models import Article
from publishing.models import Publication
from tests.helpers.axe import assert_accessible, axe_run, requires_axe
from tests.helpers.browser import log_in, open_page, save_and_continue, wait
from tests.helpers.publishing import publish_reviewed

pytestmark = [requires_axe, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

VITAMIN_D = "vitamin-d-deficiency-muscle-twitching"  # published, with comparison rows and citations
DRAFT = "vitamin-d-and-sleep"


def admin_url(base: str, article: Article | None, page: str) -> str:
    return f"{base}/admin/articles/article/{f'{article.pk}/' if article else ''}{page}/"


def visit(browser, url: str, page: str, capsys) -> None:
    open_page(browser, url)
    # The admin's scripts (select2, the inlines, the page's own) have run: checked is what an editor meets.
    wait(browser).until(lambda driver: driver.execute_script("return document.readyState") == "complete")
    assert_accessible(browser, page, capsys)


def test_the_check_finds_an_unlabelled_input(browser, demo_site, capsys):
    browser.set_window_size(1280, 1000)
    log_in(browser, demo_site, "author")
    open_page(browser, admin_url(demo_site, None, "add"))
    browser.execute_script(
        """
        const input = document.createElement("input");
        input.type = "text";
        input.id = "positive-control";
        document.getElementById("article_form").prepend(input);
        """
    )
    found = {violation["id"]: violation for violation in axe_run(browser)["violations"]}
    assert found["label"]["impact"] == "critical"
    assert [node["target"] for node in found["label"]["nodes"]] == [["#positive-control"]]
    with pytest.raises(AssertionError, match="positive-control"):
        assert_accessible(browser, "the add page with an unlabelled input put in", capsys)

    # Violations that are neither serious nor critical count too: a second <main> (moderate), an empty heading (minor).
    browser.execute_script(
        """
        document.getElementById("positive-control").remove();
        const main = document.createElement("main");
        main.id = "second-main";
        main.append(document.createElement("h2"));
        document.getElementById("container").append(main);
        """
    )
    found = {violation["id"]: violation for violation in axe_run(browser)["violations"]}
    assert (found["landmark-no-duplicate-main"]["impact"], found["empty-heading"]["impact"]) == ("moderate", "minor")
    assert "label" not in found and {v["impact"] for v in found.values()} <= {"moderate", "minor"}
    with pytest.raises(AssertionError, match="landmark-no-duplicate-main"):
        assert_accessible(browser, "the add page with a second main landmark and an empty heading put in", capsys)


def test_an_authors_pages_pass_axe_core(browser, demo_site, capsys):
    browser.set_window_size(1280, 1000)
    log_in(browser, demo_site, "author")
    visit(browser, admin_url(demo_site, None, "add"), "the add page (author)", capsys)

    browser.find_element(By.NAME, "title").send_keys("Magnesium and sleep")
    slug = browser.find_element(By.NAME, "slug")
    if not slug.get_attribute("value"):
        slug.send_keys("magnesium-and-sleep")
    browser.find_element(By.NAME, "summary").send_keys("What the trials say about magnesium and sleep.")
    save_and_continue(browser)
    new = Article.objects.get(slug="magnesium-and-sleep")
    assert browser.current_url.endswith(admin_url("", new, "change"))
    visit(browser, browser.current_url, "a new article's change page (author)", capsys)
    visit(browser, admin_url(demo_site, new, "history"), "a new article's History (author)", capsys)

    draft = Article.objects.get(slug=DRAFT)
    visit(browser, admin_url(demo_site, draft, "change"), "the demo draft's change page (author)", capsys)
    visit(browser, admin_url(demo_site, draft, "history"), "the demo draft's History (author)", capsys)


def test_the_demo_articles_change_page_passes_axe_core_with_rows_added_and_an_autocomplete_open(
    browser, demo_site, capsys
):
    browser.set_window_size(1280, 1000)
    log_in(browser, demo_site, "admin")
    article = Article.objects.get(slug=VITAMIN_D)
    visit(browser, admin_url(demo_site, article, "change"), "the demo article's change page (admin)", capsys)
    # "Skip to actions" is the second stop of the keyboard, after the admin's "Skip to main content", shown while it
    # has the focus; Enter takes the focus to the header's actions, and Tab on to the first of them, Save.
    browser.execute_script("window.scrollTo(0, 0); document.activeElement.blur();")
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    assert browser.switch_to.active_element.get_attribute("class") == "skip-to-content-link"
    browser.switch_to.active_element.send_keys(Keys.TAB)
    skip = browser.switch_to.active_element
    assert (skip.get_attribute("id"), skip.text, skip.is_displayed()) == ("skip-to-actions", "Skip to actions", True)
    skip.send_keys(Keys.ENTER)
    wait(browser).until(lambda driver: driver.switch_to.active_element.get_attribute("id") == "workspace-actions")
    browser.switch_to.active_element.send_keys(Keys.TAB)
    assert browser.switch_to.active_element.get_attribute("name") == "_continue"
    # Its comparison rows, Delete checkboxes included, are named.
    delete = browser.find_element(By.ID, "id_cause_comparisons-0-DELETE")
    assert delete.get_attribute("aria-label") == f"Delete “{article.cause_comparisons.first().cause}”"

    # With the keyboard: Enter on "Add another …" adds a row and puts the focus on its first field (select2's box for a
    # citation's reference, which the keyboard opens).
    for group, first in (
        ("cause_comparisons", "[name$='-cause']"),
        ("citations", "select + .select2-container .select2-selection"),
        ("sections", "[name$='-heading']"),
    ):
        link = browser.find_element(By.CSS_SELECTOR, f"#{group}-group .add-row a")
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", link)
        before = len(browser.find_elements(By.CSS_SELECTOR, f".dynamic-{group}"))
        link.send_keys(Keys.ENTER)
        rows = wait(browser).until(
            lambda driver, group=group, before=before: driver.find_elements(By.CSS_SELECTOR, f".dynamic-{group}")[
                before:
            ]
        )
        field = rows[0].find_element(By.CSS_SELECTOR, first)
        wait(browser).until(lambda driver, field=field: driver.switch_to.active_element == field, f"focus in {group}")
    cause = browser.find_element(By.CSS_SELECTOR, "tr.dynamic-cause_comparisons [name$='-cause']")
    assert cause.get_attribute("aria-label") == "Cause"
    select = browser.find_element(By.CSS_SELECTOR, "#citations-group tr.dynamic-citations select").get_attribute("id")
    opener = browser.find_element(By.CSS_SELECTOR, f"#{select} + .select2-container .select2-selection")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", opener)
    opener.click()
    wait(browser).until(lambda driver: opener.get_attribute("aria-expanded") == "true")
    search = browser.find_element(By.CSS_SELECTOR, ".select2-dropdown .select2-search__field")
    assert search.get_attribute("aria-label") == "Search: Reference"
    # The open list is in the page's <main> (not at the end of the page, outside every landmark), drawn under its box.
    where = browser.execute_script(
        """
        const box = arguments[0].getBoundingClientRect();
        const list = document.querySelector(".select2-container--open .select2-dropdown");
        const drawn = list.getBoundingClientRect();
        return {main: Boolean(list.closest("main")), top: drawn.top - box.bottom, left: drawn.left - box.left};
        """,
        opener,
    )
    assert where["main"] and abs(where["top"]) <= 2 and abs(where["left"]) <= 2, where
    assert_accessible(browser, "the demo article's change page, rows added, an autocomplete open (admin)", capsys)


def test_a_publishers_pages_pass_axe_core(browser, demo_site, capsys):
    browser.set_window_size(1280, 1000)
    article = Article.objects.get(slug=VITAMIN_D)
    publish_reviewed(article)  # a second publication: the first can be made live again
    first = Publication.objects.filter(article=article).order_by("pk").first()
    log_in(browser, demo_site, "publisher")
    visit(browser, admin_url(demo_site, article, "change"), "the demo article's change page (publisher)", capsys)
    visit(browser, admin_url(demo_site, article, "history"), "the demo article's History (publisher)", capsys)
    visit(
        browser, admin_url(demo_site, article, "transition/unpublish"), "the unpublish confirmation (publisher)", capsys
    )
    assert browser.find_element(By.ID, "confirm-step").is_displayed()
    visit(
        browser, admin_url(demo_site, article, f"rollback/{first.pk}"), "the rollback confirmation (publisher)", capsys
    )
    assert browser.find_element(By.ID, "confirm-step").is_displayed()


def test_a_reviewers_pages_pass_axe_core(browser, demo_site, capsys):
    browser.set_window_size(1280, 1000)
    log_in(browser, demo_site, "reviewer")
    article = Article.objects.get(slug=VITAMIN_D)
    visit(browser, admin_url(demo_site, article, "change"), "the demo article's change page (reviewer)", capsys)
    visit(browser, admin_url(demo_site, article, "history"), "the demo article's History (reviewer)", capsys)


def test_translating_and_a_translation_behind_its_source_pass_axe_core(browser, demo_site, capsys):
    """The Translate page, the new translation's page with its Languages panel, a translation behind its source and
    the home page that lists it, as an author meets them (the demo serves English and Spanish)."""
    from publishing.selectors import translations_behind

    browser.set_window_size(1280, 1000)
    log_in(browser, demo_site, "author")
    live = Publication.objects.live().filter(language="en").values_list("article", flat=True)
    alone = [
        article
        for article in Article.objects.filter(pk__in=live)
        if not Article.objects.filter(translation_key=article.translation_key).exclude(pk=article.pk).exists()
    ]
    assert alone, "the demo has a live English article not yet translated"
    visit(browser, admin_url(demo_site, alone[0], "translate"), "the Translate page (author)", capsys)

    browser.find_element(By.CSS_SELECTOR, "#translate input[type=submit]").click()
    wait(browser).until(lambda driver: "/translate/" not in driver.current_url)
    made = Article.objects.get(translation_of=alone[0])
    assert made.language == "es" and browser.current_url.endswith(admin_url("", made, "change"))
    visit(browser, browser.current_url, "a new translation's change page (author)", capsys)

    behind = list(translations_behind())
    assert behind, "the demo has a translation behind its source"
    visit(browser, admin_url(demo_site, behind[0], "change"), "a translation behind its source (author)", capsys)
    assert browser.find_element(By.ID, "translation-behind").is_displayed()
    visit(browser, f"{demo_site}/admin/", "the home page listing translations behind (author)", capsys)
    assert browser.find_element(By.ID, "translations-behind").is_displayed()
