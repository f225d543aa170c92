from pathlib import Path

import pytest
from django.core.management import call_command

from tests.helpers.browser import chromium


@pytest.fixture
def browser():
    driver = chromium()
    yield driver
    driver.quit()


@pytest.fixture
def second_browser():
    """Another editor, in a browser of their own (their own login and cookies)."""
    driver = chromium()
    yield driver
    driver.quit()


@pytest.fixture
def demo_site(settings, live_server):
    settings.DEBUG = True  # the loader creates the demo users only in local development mode
    call_command("load_demo_content", verbosity=0)
    settings.DEBUG = False
    return live_server.url


BROWSER_TESTS = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items):
    """Every test in this folder drives Chromium: marked `browser`, which `make test-fast` leaves out."""
    for item in items:
        if item.path.is_relative_to(BROWSER_TESTS):
            item.add_marker(pytest.mark.browser)
