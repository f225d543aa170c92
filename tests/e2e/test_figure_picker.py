"""Placing a library image in an article in Debian's Chromium, as an author does: "Insert image" beside a section's
body opens the media library in the admin's pop-up, the image picked is written where the cursor was as
![](image:ID), and the hero image is chosen in its own field; saved, the preview shows both with their renditions."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from articles.models import Article
from media.models import Image
from tests.helpers.browser import log_in, open_page, requires_chromium, save_and_continue, wait

pytestmark = [requires_chromium, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DRAFT = "vitamin-d-and-sleep"


def test_an_author_inserts_a_library_image_into_a_section_and_chooses_the_hero_image(browser, demo_site):
    diagram = Image.objects.get(original_filename="vitamin-d-pathway.png")
    draft = Article.objects.get(slug=DRAFT)
    browser.set_window_size(1280, 1000)
    log_in(browser, demo_site, "author")
    open_page(browser, f"{demo_site}/admin/articles/article/{draft.pk}/change/")
    body = browser.find_element(By.ID, "id_sections-0-body")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", body)
    body.send_keys(Keys.CONTROL, Keys.END)
    body.send_keys("\n\n")
    page = browser.current_window_handle

    button = browser.find_element(By.CSS_SELECTOR, "#id_sections-0-body + button.insert-image")
    assert button.get_attribute("aria-label").startswith("Insert image into Body")
    button.click()
    wait(browser).until(lambda driver: len(driver.window_handles) == 2)
    browser.switch_to.window(next(handle for handle in browser.window_handles if handle != page))
    wait(browser).until(lambda driver: driver.find_elements(By.CSS_SELECTOR, f"a[data-popup-opener='{diagram.pk}']"))
    browser.find_element(By.CSS_SELECTOR, f"a[data-popup-opener='{diagram.pk}']").click()
    browser.switch_to.window(page)
    wait(browser).until(lambda driver: f"![](image:{diagram.pk})" in body.get_attribute("value"))
    assert body.get_attribute("value").rstrip().endswith(f"![](image:{diagram.pk})")  # where the cursor was
    assert browser.switch_to.active_element == body

    chooser = browser.find_element(By.CSS_SELECTOR, "#id_hero_image + .select2 .select2-selection")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", chooser)
    chooser.click()
    search = (By.CSS_SELECTOR, ".select2-container--open .select2-search__field")
    wait(browser).until(lambda driver: driver.find_elements(*search))
    browser.find_element(*search).send_keys("five steps")
    option = (By.CSS_SELECTOR, "#select2-id_hero_image-results li[role=option]")
    wait(browser).until(
        lambda driver: "Diagram of five steps" in "".join(o.text for o in driver.find_elements(*option))
    )
    browser.find_element(*search).send_keys(Keys.ENTER)  # the highlighted result, chosen with the keyboard
    assert browser.find_element(By.ID, "id_hero_image").get_attribute("value") == str(diagram.pk)
    save_and_continue(browser)

    draft.refresh_from_db()
    assert draft.hero_image_id == diagram.pk
    assert f"![](image:{diagram.pk})" in draft.sections.order_by("position").first().body
    assert f'src="image:{diagram.pk}"' in draft.sections.order_by("position").first().body_html
