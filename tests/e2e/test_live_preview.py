"""In Debian's Chromium: the article page's live preview shows what the author types, unsaved, beside the form on a
wide screen and over it on a phone, and axe-core finds nothing wrong with the page while it is open."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from articles.models import Article
from tests.helpers.axe import assert_accessible, requires_axe
from tests.helpers.browser import log_in, open_page, wait

pytestmark = [requires_axe, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DRAFT = "vitamin-d-and-sleep"  # a draft of the demo content
TYPED = "A sentence typed for the live preview."
# Whether the page asks the browser to confirm leaving it (its unsaved-changes guard).
LEAVING = (
    "const event = new Event('beforeunload', {cancelable: true});"
    "window.dispatchEvent(event);"
    "return event.defaultPrevented;"
)


def framed_text(driver) -> str:
    """The text the live preview's frame shows ('' before its first page)."""
    return driver.execute_script(
        "const frame = document.getElementById('live-preview-frame');"
        "return frame.contentDocument && frame.contentDocument.body ? frame.contentDocument.body.textContent : '';"
    )


def open_live_preview(browser, base: str, width: int):
    browser.set_window_size(width, 1000)
    log_in(browser, base, "author")
    article = Article.objects.get(slug=DRAFT)
    open_page(browser, f"{base}/admin/articles/article/{article.pk}/change/")
    toggle = browser.find_element(By.ID, "live-preview-toggle")
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    wait(browser).until(lambda driver: article.title in framed_text(driver))
    return article


def test_the_preview_follows_the_typing_and_nothing_is_saved(browser, demo_site, capsys):
    article = open_live_preview(browser, demo_site, 1280)
    assert "Live preview — not saved" in framed_text(browser)
    frame = browser.find_element(By.ID, "live-preview-frame")
    form = browser.find_element(By.ID, "article_form")
    assert frame.location["x"] >= form.location["x"] + form.size["width"]  # beside the form, not over it
    assert_accessible(browser, "the article page with the live preview open (1,280 px)", capsys)
    browser.execute_script("document.getElementById('live-preview-frame').contentWindow.scrollTo(0, 300)")

    browser.find_element(By.NAME, "summary").send_keys(" " + TYPED)

    wait(browser).until(lambda driver: TYPED in framed_text(driver))
    assert browser.execute_script("return document.getElementById('live-preview-frame').contentWindow.scrollY") == 300
    assert browser.execute_script(LEAVING) is True  # still unsaved for the page: leaving asks first
    assert not browser.find_element(By.CSS_SELECTOR, "button.lifecycle-button[value='submit']").is_enabled()

    # A marker cited before its reference is picked: the preview names it and keeps showing the text as typed.
    browser.find_element(By.NAME, "intro").send_keys(" See [99].")
    wait(browser).until(lambda driver: "[99] points at citation 99" in framed_text(driver))
    assert TYPED in framed_text(browser) and "See [99]." in framed_text(browser)

    browser.refresh()  # ChromeDriver answers the "Leave site?" prompt itself
    open_page(browser, browser.current_url)
    assert TYPED not in browser.find_element(By.NAME, "summary").get_attribute("value")
    assert TYPED not in Article.objects.get(pk=article.pk).summary


def test_on_a_phone_the_preview_covers_the_page_until_closed(browser, demo_site, capsys):
    open_live_preview(browser, demo_site, 390)
    panel = browser.find_element(By.ID, "live-preview-panel")
    assert panel.size["width"] == browser.execute_script("return document.documentElement.clientWidth")
    close = browser.find_element(By.ID, "live-preview-close")
    assert browser.switch_to.active_element == close  # the toggle is under the panel: the focus is on the way out
    assert_accessible(browser, "the article page with the live preview open (390 px)", capsys)

    close.click()

    assert not panel.is_displayed()
    toggle = browser.find_element(By.ID, "live-preview-toggle")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert browser.switch_to.active_element == toggle
    toggle.click()
    browser.switch_to.active_element.send_keys(Keys.ESCAPE)
    assert not panel.is_displayed() and browser.switch_to.active_element == toggle


def test_the_add_page_previews_the_article_being_written(browser, demo_site, capsys):
    browser.set_window_size(1280, 1000)
    log_in(browser, demo_site, "author")
    open_page(browser, f"{demo_site}/admin/articles/article/add/")
    browser.find_element(By.ID, "live-preview-toggle").click()
    wait(browser).until(lambda driver: "Live preview — not saved" in framed_text(driver))

    browser.find_element(By.NAME, "title").send_keys("Iron and tiredness")
    browser.find_element(By.NAME, "summary").send_keys(TYPED)

    wait(browser).until(lambda driver: "Iron and tiredness" in framed_text(driver) and TYPED in framed_text(driver))
    assert_accessible(browser, "the add page with the live preview open", capsys)
    assert not Article.objects.filter(title="Iron and tiredness").exists()
