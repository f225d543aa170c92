"""The workspace pages in Debian's Chromium: the vitamin D article's change page at 1,280 px (no sideways scroll), with
its weight measured for the record, and steps taken from it. axe-core on the admin home of each role:
test_admin_accessibility.py."""

import pytest

from articles.models import Article
from tests.helpers.browser import log_in, open_page, requires_chromium, wait

pytestmark = [requires_chromium, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

VITAMIN_D = "vitamin-d-deficiency-muscle-twitching"


def test_the_change_page_fits_1280_px_and_is_measured(browser, demo_site, capsys):
    browser.set_window_size(1280, 1000)
    log_in(browser, demo_site, "admin")
    article = Article.objects.get(slug=VITAMIN_D)
    open_page(browser, f"{demo_site}/admin/articles/article/{article.pk}/change/")

    width = browser.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"the page scrolls sideways: {width[0]} px wide in a {width[1]} px window"
    title = browser.find_element("name", "title")
    assert title.size["width"] >= 600  # titles are read whole while typed
    figures = browser.execute_script(
        """
        const entries = performance.getEntriesByType("resource");
        const navigation = performance.getEntriesByType("navigation")[0];
        return {
          kilobytes: Math.round((navigation.transferSize + entries.reduce((sum, e) => sum + e.transferSize, 0)) / 1024),
          html_kilobytes: Math.round(document.documentElement.outerHTML.length / 1024),
          requests: entries.length + 1,
          elements: document.getElementsByTagName("*").length,
          height: document.documentElement.scrollHeight,
        };
        """
    )
    collapsed = browser.find_elements("css selector", ".inline-group fieldset.collapse, .inline-group details")
    assert collapsed, "the long inlines are collapsible"
    with capsys.disabled():
        print(f"\n[change page] the vitamin D article at 1,280 px: {figures}")


def test_unpublish_in_the_browser_asks_first_and_cancelling_changes_nothing(browser, demo_site):
    import urllib.error
    import urllib.request

    from selenium.webdriver.support import expected_conditions

    from tests.helpers.browser import wait

    def status() -> int:
        try:
            with urllib.request.urlopen(f"{demo_site}/api/v1/articles/{VITAMIN_D}/") as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def follow(element) -> None:
        page = browser.find_element("tag name", "html")
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
        element.click()
        wait(browser).until(expected_conditions.staleness_of(page))

    article = Article.objects.get(slug=VITAMIN_D)
    change = f"{demo_site}/admin/articles/article/{article.pk}/change/"
    log_in(browser, demo_site, "publisher")
    open_page(browser, change)
    follow(browser.find_element("css selector", "a.lifecycle-button[data-action='unpublish']"))
    assert "Readers stop seeing it at once" in browser.find_element("id", "confirm-step").text
    follow(browser.find_element("css selector", "#confirm-step a.cancel-link"))
    assert status() == 200  # went back: nothing happened

    open_page(browser, change)
    follow(browser.find_element("css selector", "a.lifecycle-button[data-action='unpublish']"))
    follow(browser.find_element("css selector", "#confirm-step input[type=submit]"))
    assert status() == 404
    assert browser.find_element("id", "banner-status").text == "Unpublished"
    assert "nothing of it is live now" in browser.find_element("id", "banner-line").text

    # The demo's publisher imported (so approved) this version: separation of duties asks another to put it back.
    log_in(browser, demo_site, "admin")
    open_page(browser, change)
    follow(browser.find_element("id", "publish-again-link"))  # in the header, not in the collapsed publications
    assert "goes live again at once" in browser.find_element("id", "confirm-step").text
    follow(browser.find_element("css selector", "#confirm-step input[type=submit]"))
    assert status() == 200
    assert browser.find_element("id", "banner-status").text == "Published"
    assert "your time" in browser.find_element("id", "banner-line").text  # the editor's own time beside the site's


def test_a_webhook_endpoint_made_in_the_browser_shows_its_secret_once(browser, demo_site):
    from webhooks.models import WebhookEndpoint

    log_in(browser, demo_site, "admin")
    open_page(browser, f"{demo_site}/admin/webhooks/webhookendpoint/add/")
    browser.find_element("name", "url").send_keys("https://hooks.example.org/rebuild")
    browser.find_element("css selector", "input[name='events'][value='article.published']").click()
    browser.find_element("name", "_save").click()
    # The click only sends the form: wait for the page it leads to before reading what was saved.
    message = wait(browser).until(lambda driver: driver.find_elements("css selector", ".messagelist"))[0].text
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.secret in message
    open_page(browser, f"{demo_site}/admin/webhooks/webhookendpoint/{endpoint.pk}/change/")
    assert endpoint.secret not in browser.page_source
