"""The preview page in Debian's Chromium: axe-core finds no serious or critical violation, at a desktop width
and a phone's; the stylesheet loads under the Content-Security-Policy; hostile content runs nothing; print
leaves out what only works on a screen.

Skipped, with the reason, only when chromium, chromedriver or npm is missing (tests/helpers/axe.py).
"""

import pytest

from articles.models import Article
from publishing.preview import preview_links_revoke, preview_token_make
from tests.helpers.axe import assert_accessible, requires_axe
from tests.helpers.browser import wait
from tests.helpers.factories import SectionFactory, article_with_every_part

pytestmark = [requires_axe, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# The image keeps an (empty) alt: axe-core rightly calls an image without one critical, whoever wrote it.
HOSTILE = 'Before <script>window.pwned = 1</script><img src="x" alt="" onerror="window.pwned = 1"> after.'
# The stylesheet's banner colour (publishing/static/publishing/preview.css): proof that it loaded.
BANNER_BACKGROUND = "rgb(255, 244, 206)"


@pytest.fixture
def preview_url(live_server) -> str:
    article = article_with_every_part(title="Vitamin D and muscle twitching", slug="vitamin-d-twitching")
    SectionFactory(article=article, heading="What an editor pasted", body=HOSTILE)
    return f"{live_server.url}/preview/{preview_token_make(article)}/"


def open_preview(browser, url: str, width: int, height: int) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions

    browser.set_window_size(width, height)
    browser.get(url)
    wait(browser).until(expected_conditions.presence_of_element_located((By.TAG_NAME, "main")))


def style_of(browser, selector: str, prop: str) -> str:
    return browser.execute_script(
        "return getComputedStyle(document.querySelector(arguments[0])).getPropertyValue(arguments[1]);", selector, prop
    )


def test_the_preview_page_passes_axe_core_on_a_desktop_and_a_phone(browser, preview_url, capsys):
    open_preview(browser, preview_url, 1280, 1000)

    assert browser.find_element("tag name", "h1").text == "Vitamin D and muscle twitching"
    assert style_of(browser, ".preview-banner", "background-color") == BANNER_BACKGROUND
    assert browser.execute_script("return window.pwned") is None
    assert_accessible(browser, "the preview page at 1,280 px", capsys)

    open_preview(browser, preview_url, 390, 844)
    assert browser.execute_script("return window.innerWidth") <= 400
    # Nothing wider than the phone: only the comparison table scrolls, inside its own box.
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(browser, "the preview page at 390 px", capsys)


def test_the_refusal_page_passes_axe_core(browser, live_server, capsys):
    open_preview(browser, f"{live_server.url}/preview/not-a-token/", 1280, 1000)

    assert browser.find_element("tag name", "h1").text == "No preview matches this link"
    assert_accessible(browser, "the page of a link that is not valid", capsys)


def test_a_revoked_link_and_one_for_an_earlier_version_say_so_in_pages_that_pass_axe_core(browser, live_server, capsys):
    article = article_with_every_part(title="Vitamin D and muscle twitching", slug="vitamin-d-twitching")
    revoked = preview_token_make(article)
    preview_links_revoke(article=article, user=None)
    earlier = preview_token_make(article)
    Article.objects.filter(pk=article.pk).update(version=article.version + 1)  # as a save moves it on

    open_preview(browser, f"{live_server.url}/preview/{revoked}/", 390, 844)
    assert browser.find_element("tag name", "h1").text == "This preview link has been revoked"
    assert_accessible(browser, "the page of a revoked link", capsys)
    open_preview(browser, f"{live_server.url}/preview/{earlier}/", 1280, 1000)
    assert browser.find_element("tag name", "h1").text == "This preview link is for an earlier version"
    assert "Vitamin D" not in browser.page_source
    assert_accessible(browser, "the page of a link to an earlier version", capsys)


def test_print_leaves_out_the_contents_and_the_json_link(browser, preview_url):
    open_preview(browser, preview_url, 1280, 1000)
    assert style_of(browser, "nav.contents", "display") == "block"

    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})

    assert style_of(browser, "nav.contents", "display") == "none"
    assert style_of(browser, ".preview-banner a", "display") == "none"
    assert style_of(browser, ".preview-banner-title", "display") == "block"  # a printout says it is a preview
