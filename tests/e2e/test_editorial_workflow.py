"""Three demo users carry a new article from draft to live in a real browser (Debian's Chromium).

Runs when /usr/bin/chromium and chromedriver are installed (.ci/run installs them); nothing is
downloaded at run time: Selenium is pointed at Debian's driver and browser.
"""

import json
import urllib.request

import pytest

from tests.helpers.browser import add_inline_row, log_in, press_lifecycle_button, requires_chromium, wait

pytestmark = [requires_chromium, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_author_reviewer_and_publisher_take_an_article_live(browser, demo_site):
    from selenium.webdriver.common.by import By

    log_in(browser, demo_site, "author")
    browser.get(f"{demo_site}/admin/articles/article/add/")
    browser.find_element(By.NAME, "title").send_keys("Zinc and the immune system")
    browser.find_element(By.NAME, "summary").send_keys("Zinc helps immune cells work. Most people get enough.")
    add_inline_row(
        browser, "key_points-group", {"key_points-0-title": "Food first", "key_points-0-text": "Eat a varied diet."}
    )
    add_inline_row(
        browser,
        "sections-group",
        {"sections-0-heading": "What zinc does", "sections-0-body": "Zinc helps **healing**."},
    )
    add_inline_row(
        browser, "faqs-group", {"faqs-0-question": "Do I need supplements?", "faqs-0-answer": "Usually not."}
    )
    browser.find_element(By.NAME, "_continue").click()
    wait(browser).until(lambda driver: "/change/" in driver.current_url)
    assert "was added successfully" in browser.find_element(By.CSS_SELECTOR, ".messagelist").text
    slug = browser.find_element(By.NAME, "slug").get_attribute("value")
    assert slug == "zinc-and-the-immune-system"
    change_url = browser.current_url
    assert press_lifecycle_button(browser, "submit") == "In medical review"

    log_in(browser, demo_site, "reviewer")
    browser.get(change_url)
    assert press_lifecycle_button(browser, "approve") == "Approved"

    log_in(browser, demo_site, "publisher")
    browser.get(change_url)
    assert press_lifecycle_button(browser, "publish") == "Published"

    with urllib.request.urlopen(f"{demo_site}/api/v1/articles/{slug}/") as response:
        article = json.load(response)
    assert article["title"] == "Zinc and the immune system"
    assert article["medical_reviewer"]["name"] == "Maya Lindqvist"
    assert [point["title"] for point in article["key_points"]] == ["Food first"]
    assert article["sections"][0]["body_html"] == "<p>Zinc helps <strong>healing</strong>.</p>"
    assert article["faqs"][0]["question"] == "Do I need supplements?"
