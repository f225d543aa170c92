"""Three demo users carry a new article from draft to live in a real browser (Debian's Chromium).

Runs when /usr/bin/chromium and chromedriver are installed (.ci/run installs them); nothing is
downloaded at run time: Selenium is pointed at Debian's driver and browser.
"""

import json
import shutil
import urllib.request

import pytest
from django.core.management import call_command

CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")

pytestmark = [
    pytest.mark.skipif(
        not (CHROMIUM and CHROMEDRIVER), reason="Debian's chromium and chromium-driver are not installed"
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def browser():
    from selenium import webdriver

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,1600",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=CHROMEDRIVER), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


@pytest.fixture
def demo_site(settings, live_server):
    settings.DEBUG = True  # the loader creates the demo users only in local development mode
    call_command("load_demo_content", verbosity=0)
    settings.DEBUG = False
    return live_server.url


def wait(browser):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, 15)


def log_in(browser, base_url: str, username: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions

    browser.delete_all_cookies()
    browser.get(f"{base_url}/admin/login/?next=/admin/")
    browser.find_element(By.NAME, "username").send_keys(username)
    browser.find_element(By.NAME, "password").send_keys("demo-password")
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    # Only pages for a logged-in user have the user tools (the login page has none).
    wait(browser).until(expected_conditions.presence_of_element_located((By.ID, "user-tools")))


def press_lifecycle_button(browser, name: str) -> str:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions

    before = browser.find_element(By.ID, "lifecycle-status")
    browser.find_element(By.CSS_SELECTOR, f"button.lifecycle-button[value='{name}']").click()
    wait(browser).until(expected_conditions.staleness_of(before))
    return browser.find_element(By.ID, "lifecycle-status").text


def add_inline_row(browser, group_id: str, fields: dict[str, str]) -> None:
    from selenium.webdriver.common.by import By

    group = browser.find_element(By.ID, group_id)
    link = group.find_element(By.CSS_SELECTOR, ".add-row a")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", link)
    link.click()
    for name, value in fields.items():
        browser.find_element(By.NAME, name).send_keys(value)


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
