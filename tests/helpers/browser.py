"""Driving Debian's Chromium with Selenium (nothing is downloaded at run time)."""

import shutil

import pytest

CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")
DEMO_PASSWORD = "demo-password"

requires_chromium = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER), reason="Debian's chromium and chromium-driver are not installed"
)


def chromium():
    """A headless Chromium, started with the flags this machine's closed network needs."""
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
    return driver


def wait(browser, seconds: float = 15):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, seconds)


def log_in(browser, base_url: str, username: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions

    browser.delete_all_cookies()
    browser.get(f"{base_url}/admin/login/?next=/admin/")
    browser.find_element(By.NAME, "username").send_keys(username)
    browser.find_element(By.NAME, "password").send_keys(DEMO_PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    # Only pages for a logged-in user have the user tools (the login page has none).
    wait(browser).until(expected_conditions.presence_of_element_located((By.ID, "user-tools")))


def press_lifecycle_button(browser, name: str) -> str:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions

    before = browser.find_element(By.ID, "banner-status")
    browser.find_element(By.CSS_SELECTOR, f"button.lifecycle-button[value='{name}']").click()
    wait(browser).until(expected_conditions.staleness_of(before))
    return browser.find_element(By.ID, "banner-status").text


def add_inline_row(browser, group_id: str, fields: dict[str, str]) -> None:
    from selenium.webdriver.common.by import By

    group = browser.find_element(By.ID, group_id)
    link = group.find_element(By.CSS_SELECTOR, ".add-row a")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", link)
    link.click()
    for name, value in fields.items():
        browser.find_element(By.NAME, name).send_keys(value)


def save_and_continue(browser) -> None:
    """Click "Save and continue editing" and wait for the page it leads to."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions

    button = browser.find_element(By.NAME, "_continue")
    button.click()
    wait(browser).until(expected_conditions.staleness_of(button))


def open_page(browser, url: str) -> None:
    """Load an admin page and wait until it is there (its content area is drawn)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions

    browser.get(url)
    wait(browser).until(expected_conditions.presence_of_element_located((By.ID, "content")))
