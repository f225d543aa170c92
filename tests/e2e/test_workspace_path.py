"""The queue path in a real browser (Debian's Chromium): the author submits, the reviewer finds it from the home
page and asks for changes, the author sees the comment at the top of the article, resubmits, the reviewer
approves, and the publisher publishes from the home page's queue. Counts the clicks and page loads."""

import pytest

from articles.models import Article
from tests.helpers.browser import log_in, open_page, requires_chromium, wait

pytestmark = [requires_chromium, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DRAFT = "vitamin-d-and-sleep"


class Walk:
    """A browser whose clicks and page loads are counted (logins are not: each role logs in once a day)."""

    def __init__(self, browser, base_url: str):
        self.browser, self.base_url, self.clicks, self.loads = browser, base_url, 0, 0

    def as_user(self, username: str) -> None:
        log_in(self.browser, self.base_url, username)
        open_page(self.browser, f"{self.base_url}/admin/")
        self.loads += 1

    def click(self, element) -> None:
        from selenium.webdriver.support import expected_conditions

        page = self.browser.find_element("tag name", "html")
        self.browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
        element.click()
        wait(self.browser).until(expected_conditions.staleness_of(page))
        self.clicks += 1
        self.loads += 1

    def find(self, css: str):
        return self.browser.find_element("css selector", css)

    def queue_link(self, queue: str, title: str):
        return self.browser.find_element("xpath", f"//*[@id='queue-{queue}']//a[normalize-space()='{title}']")


def test_draft_to_live_through_the_queues(browser, demo_site):
    article = Article.objects.get(slug=DRAFT)
    walk = Walk(browser, demo_site)

    walk.as_user("author")
    open_page(browser, f"{demo_site}/admin/articles/article/{article.pk}/change/")
    walk.loads += 1
    walk.click(walk.find("button.lifecycle-button[value='submit']"))
    assert walk.find("#banner-status").text == "In medical review"

    walk.as_user("reviewer")
    walk.click(walk.queue_link("review", article.title))
    walk.find("#id_transition_comment").send_keys("Say how much vitamin D the trials used, with its reference.")
    walk.click(walk.find("button.lifecycle-button[value='request_changes']"))

    walk.as_user("author")
    assert "Say how much vitamin D" in walk.find("#queue-changes_requested").text
    walk.click(walk.queue_link("changes_requested", article.title))
    banner = walk.find("#state-banner").text
    assert "the medical reviewer asked for changes" in banner and "Say how much vitamin D the trials used" in banner
    assert browser.execute_script(
        "return document.getElementById('state-banner').getBoundingClientRect().top < window.innerHeight"
    )  # at the top of the page, not 6,500 px down
    walk.click(walk.find("button.lifecycle-button[value='submit']"))

    walk.as_user("reviewer")
    walk.click(walk.queue_link("review", article.title))
    walk.click(walk.find("button.lifecycle-button[value='approve']"))
    assert walk.find("#banner-status").text == "Approved"

    walk.as_user("publisher")
    row = browser.find_element("xpath", f"//*[@id='queue-approved']//li[.//a[normalize-space()='{article.title}']]")
    walk.click(row.find_element("css selector", "button"))
    assert browser.current_url.rstrip("/").endswith("/admin")
    assert walk.find(".messagelist").text == f"“{article.title}”: Published."

    import urllib.request

    with urllib.request.urlopen(f"{demo_site}/api/v1/articles/{DRAFT}/") as response:
        assert response.status == 200
    print(f"\n[workspace] submit to live, with one round of changes: {walk.clicks} clicks, {walk.loads} page loads")
    assert walk.clicks <= 8
