"""The media library's image page in Debian's Chromium: the focal-point picker (a click on the thumbnail sets the two
fractions; the keyboard sets them as plain number fields) and axe-core on the page."""

import io

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions

from media.models import Image
from media.services import image_create
from tests.helpers.axe import assert_accessible, requires_axe
from tests.helpers.browser import log_in, open_page, requires_chromium, wait
from tests.helpers.images import picture

pytestmark = [requires_chromium, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def an_image_page(browser, demo_site) -> Image:
    image = image_create(upload=io.BytesIO(picture(400, 200)), fields={"alt_text": "A chart of vitamin D levels"})
    browser.set_window_size(1280, 1000)
    log_in(browser, demo_site, "admin")
    open_page(browser, f"{demo_site}/admin/media/image/{image.pk}/change/")
    return image


def test_a_click_on_the_thumbnail_sets_the_focal_point_and_the_keyboard_too(browser, demo_site):
    image = an_image_page(browser, demo_site)
    thumbnail = browser.find_element("css selector", "[data-focal-picker] img")
    assert browser.execute_script("return arguments[0].naturalWidth", thumbnail) == 400  # the thumbnail loaded
    x, y = (browser.find_element("name", name) for name in ("focal_x", "focal_y"))

    width, height = thumbnail.size["width"], thumbnail.size["height"]
    ActionChains(browser).move_to_element_with_offset(thumbnail, -width // 4, height // 4).click().perform()

    assert abs(float(x.get_attribute("value")) - 0.25) < 0.02
    assert abs(float(y.get_attribute("value")) - 0.75) < 0.02
    marker = browser.find_element("css selector", ".focal-marker")
    assert abs(marker.location["x"] + 12 - (thumbnail.location["x"] + width / 4)) < 4  # drawn where it was clicked

    y.send_keys(Keys.CONTROL, "a")
    y.send_keys("0.1")
    page = browser.find_element("tag name", "html")
    browser.find_element("name", "_continue").click()
    wait(browser).until(expected_conditions.staleness_of(page))  # saved, and the page shown again
    image.refresh_from_db()
    assert (round(image.focal_x, 2), image.focal_y) == (0.25, 0.1)


@requires_axe
def test_the_image_page_passes_axe_core(browser, demo_site, capsys):
    an_image_page(browser, demo_site)
    # The demo serves Spanish: the page checked has the texts in Spanish too, each typed in its language.
    spanish = [browser.find_element("name", f"{name}__es") for name in ("alt_text", "caption", "credit")]
    assert [field.get_attribute("lang") for field in spanish] == ["es", "es", "es"]

    results = assert_accessible(browser, "the image page of the media library", capsys)

    assert "violations" in results
