"""The images feature from upload to reader, in Debian's Chromium, as its users do it through the admin: the author
uploads a photo to the media library (file, alt text, credit, licence) and sees its page; the worker makes its
renditions; the author makes it the hero image of the published vitamin D article (its autocomplete, by keyboard)
and places it as a figure in a section ("Insert image", the media library's pop-up), saves (a new working copy) and
submits; the reviewer reads what changed since the last approval and the preview; while they read, the author
captions the photo in another browser, so Approve is refused naming the image; the reviewer reads again and approves
the document the page showed; the publisher publishes. Then, over real HTTP, the
public API serves the hero image with its renditions, the section's HTML a <picture>, and a rendition itself is
served immutable. Last, hostile files (an SVG with a script, a truncated PNG) are refused beside the file field and
nothing is saved."""

import json
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.files.storage import storages
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions

from articles.models import Article
from media.models import Image
from tests.helpers.browser import (
    log_in,
    open_page,
    press_lifecycle_button,
    requires_chromium,
    save_and_continue,
    wait,
)
from tests.helpers.images import SVG, jpeg_with_gps, picture, stored_names
from tests.helpers.tasks import run_ready_tasks

pytestmark = [requires_chromium, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SLUG = "vitamin-d-deficiency-muscle-twitching"
ALT = "Twitching calf muscle of a woman with low vitamin D, photographed in clinic"
CREDIT = "Dr Ada Example, St Elsewhere Hospital"
LICENCE = "CC BY 4.0"
CAPTION = "Fasciculations: small, visible twitches under the skin."


def a_file(directory: Path, name: str, content: bytes) -> str:
    path = directory / name
    path.write_bytes(content)
    return str(path)


def get(url: str):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, dict(response.headers), response.read()


def on_live_server(url: str, demo_site: str) -> str:
    """The rendition's address on the live server. The test settings keep RENDITIONS_URL's default
    (http://127.0.0.1:8000/media/renditions/, the address of `make run`), while the live server listens on a port
    of its own: the same path, on the server that serves it (media.views.rendition_file, reading the in-memory
    renditions storage this process shares with the live server's thread)."""
    parts = urlsplit(url)
    return f"{demo_site}{parts.path}"


def jpeg_url(renditions: list[dict]) -> str:
    return next(rendition["url"] for rendition in renditions if rendition["format"] == "jpeg")


def scroll_to(browser, element):
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
    return element


def click_and_wait(browser, element) -> None:
    page = browser.find_element(By.TAG_NAME, "html")
    scroll_to(browser, element).click()
    wait(browser).until(expected_conditions.staleness_of(page))


def upload(browser, demo_site: str, path: str, fields: dict[str, str], navigate: bool = True) -> None:
    if navigate:
        open_page(browser, f"{demo_site}/admin/media/image/add/")
    browser.find_element(By.ID, "id_upload").send_keys(path)
    for name, value in fields.items():
        browser.find_element(By.ID, f"id_{name}").send_keys(value)
    save_and_continue(browser)


def field_errors(browser, field: str) -> str:
    """The error list Django's admin shows beside a field (in its form row)."""
    rows = browser.find_elements(By.CSS_SELECTOR, f".form-row.field-{field} .errorlist")
    assert rows, f"no error shown beside {field}: {browser.find_element(By.ID, 'content').text[:600]}"
    return " ".join(row.text for row in rows)


def test_a_photo_goes_from_the_media_library_to_the_public_article(
    browser, second_browser, demo_site, settings, tmp_path
):
    started = time.monotonic()
    images_before = set(Image.objects.values_list("pk", flat=True))
    browser.set_window_size(1280, 1000)
    directory = tmp_path  # the files the author picks in the file chooser

    # 1. The author uploads a photo (a real JPEG, with a camera and a GPS position in its EXIF).
    log_in(browser, demo_site, "author")
    photo = a_file(directory, "calf-twitch.jpg", jpeg_with_gps(1400, 900))
    # From the admin's home page: Media library → Images, then its "Add image" button.
    open_page(browser, f"{demo_site}/admin/")
    library = browser.find_element(By.CSS_SELECTOR, ".app-media")
    assert "media library" in library.find_element(By.TAG_NAME, "caption").text.lower()  # (drawn in capitals)
    click_and_wait(browser, library.find_element(By.XPATH, ".//th//a[normalize-space()='Images']"))
    assert "/admin/media/image/" in browser.current_url
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, ".object-tools a.addlink"))
    assert browser.current_url.rstrip("/").endswith("/admin/media/image/add")
    upload(browser, demo_site, photo, {"alt_text": ALT, "credit": CREDIT, "licence": LICENCE}, navigate=False)
    assert not browser.find_elements(By.CSS_SELECTOR, ".errornote, .errorlist"), browser.find_element(
        By.ID, "content"
    ).text[:800]
    assert "was added successfully" in browser.find_element(By.CSS_SELECTOR, ".messagelist").text
    new = Image.objects.exclude(pk__in=images_before)
    assert new.count() == 1
    image = new.get()
    assert browser.current_url.rstrip("/").endswith(f"/admin/media/image/{image.pk}/change")
    assert (image.alt_text, image.credit, image.licence) == (ALT, CREDIT, LICENCE)
    assert (image.width, image.height, image.format, image.original_filename) == (1400, 900, "jpeg", "calf-twitch.jpg")
    # The image page shows it: its thumbnail (loaded, drawn from the private original), what was typed, its size.
    thumbnail = browser.find_element(By.CSS_SELECTOR, "[data-focal-picker] img")
    wait(browser).until(lambda driver: driver.execute_script("return arguments[0].naturalWidth", thumbnail) > 0)
    assert browser.find_element(By.ID, "id_alt_text").get_attribute("value") == ALT
    assert browser.find_element(By.ID, "id_credit").get_attribute("value") == CREDIT
    assert browser.find_element(By.ID, "id_licence").get_attribute("value") == LICENCE
    assert "1,400 × 900" in browser.find_element(By.CSS_SELECTOR, ".field-dimensions").text
    assert "None yet" in browser.find_element(By.CSS_SELECTOR, ".field-renditions").text

    # 2. The worker makes its renditions; the image page lists them.
    ran = run_ready_tasks()
    assert ran, "the upload enqueued no task"
    assert all(result.status == "SUCCESSFUL" for result in ran), [(r.task_path, r.status) for r in ran]
    made = [r for r in ran if r.task_path == "media.tasks.renditions_make" and r.args_kwargs["args"] == [image.pk]]
    assert len(made) == 1, [(r.task_path, r.args_kwargs) for r in ran]  # once (any other task: another image)
    assert image.renditions.exists()
    # The library's list shows its thumbnail, now read from a rendition.
    open_page(browser, f"{demo_site}/admin/media/image/")
    listed = browser.find_element(By.XPATH, f"//tr[.//a[contains(@href, '/media/image/{image.pk}/change/')]]")
    list_thumbnail = listed.find_element(By.CSS_SELECTOR, "img.media-list-thumbnail")
    wait(browser).until(lambda driver: driver.execute_script("return arguments[0].naturalWidth", list_thumbnail) > 0)
    open_page(browser, f"{demo_site}/admin/media/image/{image.pk}/change/")
    renditions_row = browser.find_element(By.CSS_SELECTOR, ".field-renditions").text
    for label in ("AVIF", "WebP", "JPEG", "Crop 16:9"):
        assert label in renditions_row
    assert "1280 × 823" in renditions_row and "1920 ×" not in renditions_row  # never upscaled
    assert "No article uses this image." in browser.find_element(By.CSS_SELECTOR, ".field-usage").text
    with image.file.open("rb") as stored:
        assert b"Camera maker" not in stored.read()  # the original kept without its EXIF (camera, GPS)

    # 3. The author makes it the hero image of the published article and places it in a section, saves (a new
    # working copy), and submits it for review.
    article = Article.objects.get(slug=SLUG)
    assert article.status == "published"
    open_page(browser, f"{demo_site}/admin/articles/article/{article.pk}/change/")
    page = browser.current_window_handle
    body = scroll_to(browser, browser.find_element(By.ID, "id_sections-0-body"))
    body.send_keys(Keys.CONTROL, Keys.END)
    body.send_keys("\n\n")
    scroll_to(browser, browser.find_element(By.CSS_SELECTOR, "#id_sections-0-body + button.insert-image")).click()
    wait(browser).until(lambda driver: len(driver.window_handles) == 2)
    browser.switch_to.window(next(handle for handle in browser.window_handles if handle != page))
    chooser_link = f"a[data-popup-opener='{image.pk}']"
    wait(browser).until(lambda driver: driver.find_elements(By.CSS_SELECTOR, chooser_link))
    browser.find_element(By.CSS_SELECTOR, chooser_link).click()
    browser.switch_to.window(page)
    wait(browser).until(lambda driver: f"![](image:{image.pk})" in body.get_attribute("value"))
    wait(browser).until(lambda driver: len(driver.window_handles) == 1)  # the pop-up closed itself

    chooser = scroll_to(browser, browser.find_element(By.CSS_SELECTOR, "#id_hero_image + .select2 .select2-selection"))
    chooser.click()
    search = (By.CSS_SELECTOR, ".select2-container--open .select2-search__field")
    wait(browser).until(lambda driver: driver.find_elements(*search))
    browser.find_element(*search).send_keys("calf muscle")
    # The article has a hero image already (the demo's diagram), highlighted when the list opens: Enter is pressed
    # once the search's results have replaced that list and ours is the highlighted one.
    options = (By.CSS_SELECTOR, "#select2-id_hero_image-results li[role=option]")
    wait(browser).until(lambda driver: [o.text for o in driver.find_elements(*options)] == [str(image)])
    highlighted = (By.CSS_SELECTOR, "#select2-id_hero_image-results .select2-results__option--highlighted")
    wait(browser).until(lambda driver: [o.text for o in driver.find_elements(*highlighted)] == [str(image)])
    browser.find_element(*search).send_keys(Keys.ENTER)
    assert browser.find_element(By.ID, "id_hero_image").get_attribute("value") == str(image.pk)
    save_and_continue(browser)
    shown_errors = [note.text for note in browser.find_elements(By.CSS_SELECTOR, ".errornote") if note.is_displayed()]
    assert not shown_errors  # (the hidden "Save your changes first" note is always on the page)

    article.refresh_from_db()
    assert article.status == "draft"  # the published text stays live; this is the new working copy
    assert article.hero_image_id == image.pk
    assert f"![](image:{image.pk})" in article.sections.order_by("position").first().body
    _, _, content = get(f"{demo_site}/api/v1/articles/{SLUG}/")
    assert json.loads(content)["hero_image"]["id"] != image.pk  # readers still get the published version
    status = press_lifecycle_button(browser, "submit")
    assert status == "In medical review", browser.find_element(By.ID, "content").text[:800]

    # 4. The reviewer approves the document the page showed; the publisher publishes it.
    log_in(browser, demo_site, "reviewer")
    open_page(browser, f"{demo_site}/admin/articles/article/{article.pk}/change/")
    # What changed since the approval of the live version: the hero image named, not a Python dict of it.
    click_and_wait(browser, browser.find_element(By.ID, "since-approval-link"))
    changes = browser.find_element(By.ID, "content").text
    assert f"image {image.pk} (alt text: {ALT}; credit: {CREDIT}; licence: {LICENCE})" in changes
    assert "'renditions'" not in changes and "{'id'" not in changes
    # The preview shows the photo first, credited, and the figure placed in the section.
    browser.get(f"{demo_site}/admin/articles/article/{article.pk}/preview/")
    hero_figure = browser.find_element(By.CSS_SELECTOR, "figure.hero-image")
    assert f"{CREDIT} ({LICENCE})" in hero_figure.find_element(By.CSS_SELECTOR, ".credit").text
    hero_img = hero_figure.find_element(By.CSS_SELECTOR, "picture img")
    assert (hero_img.get_attribute("alt"), hero_img.get_attribute("loading")) == (ALT, "eager")
    placed_imgs = browser.find_elements(By.CSS_SELECTOR, f"section picture img[alt='{ALT}']")
    assert len(placed_imgs) == 1 and placed_imgs[0].get_attribute("loading") == "lazy"
    open_page(browser, f"{demo_site}/admin/articles/article/{article.pk}/change/")
    assert browser.find_elements(By.CSS_SELECTOR, "input[name=shown_document]")  # the document fingerprint

    # Meanwhile, in a browser of their own, the author gives the photo a caption: the document the reviewer read is
    # not the one approving would freeze, so Approve is refused, naming the image and who changed it.
    log_in(second_browser, demo_site, "author")
    open_page(second_browser, f"{demo_site}/admin/media/image/{image.pk}/change/")
    second_browser.find_element(By.ID, "id_caption").send_keys(CAPTION)
    save_and_continue(second_browser)
    assert Image.objects.get(pk=image.pk).caption == CAPTION
    press_lifecycle_button(browser, "approve")
    refusal = browser.find_element(By.CSS_SELECTOR, ".messagelist").text
    assert f"Not approved: Image “{ALT}” was edited by author at" in refusal, refusal
    article.refresh_from_db()
    assert article.status == "in_review"
    # "See what changed" opens in a tab of its own (target=_blank): followed here in this one.
    open_page(browser, browser.find_element(By.LINK_TEXT, "See what changed").get_attribute("href"))
    what_changed = browser.find_element(By.ID, "content").text
    assert "Hero image" in what_changed and f"caption: {CAPTION}" in what_changed, what_changed[:1500]
    assert "{'id'" not in what_changed
    # The reviewer reads it again (the page reloaded), and approves what is there now.
    open_page(browser, f"{demo_site}/admin/articles/article/{article.pk}/change/")
    assert press_lifecycle_button(browser, "approve") == "Approved", browser.find_element(By.ID, "content").text[:800]
    log_in(browser, demo_site, "publisher")
    open_page(browser, f"{demo_site}/admin/articles/article/{article.pk}/change/")
    assert press_lifecycle_button(browser, "publish") == "Published", browser.find_element(By.ID, "content").text[:800]

    # 5. The public API, over HTTP.
    status_code, _, content = get(f"{demo_site}/api/v1/articles/{SLUG}/")
    assert status_code == 200
    document = json.loads(content)
    hero = document["hero_image"]
    assert hero is not None
    assert (hero["id"], hero["alt_text"], hero["credit"], hero["licence"]) == (image.pk, ALT, CREDIT, LICENCE)
    assert hero["caption"] == CAPTION  # as the reviewer approved it
    renditions = hero["renditions"]
    assert renditions
    assert {rendition["format"] for rendition in renditions} == {"avif", "webp", "jpeg"}
    assert sorted(r["width"] for r in renditions if r["format"] == "jpeg") == [320, 640, 960, 1280]
    for rendition in renditions:
        parts = urlsplit(rendition["url"])
        assert parts.scheme in ("http", "https") and parts.netloc, rendition["url"]  # absolute
        assert rendition["url"].startswith(settings.RENDITIONS_URL)
        assert rendition["width"] <= 1400
    assert image.pk in [figure["id"] for figure in document["figures"]]
    sections_html = [section["body_html"] for section in document["sections"]]
    assert sections_html
    # The demo's first section places its diagram already; the photo is at the end of that same section.
    placed = [html for html in sections_html if jpeg_url(renditions) in html]
    assert placed == [sections_html[0]]
    figure = placed[0][placed[0].rindex("<picture>") :]
    assert "srcset=" in figure and "<source" in figure
    for rendition in renditions:
        assert rendition["url"] in figure  # every width of every format in its srcsets
    assert f'alt="{ALT}"' in figure

    # The JSON-LD frozen at publication shows it too: its largest JPEG, credited.
    status_code, _, content = get(f"{demo_site}/api/v1/articles/{SLUG}/jsonld/")
    assert status_code == 200
    pages = [node for node in json.loads(content)["@graph"] if node["@type"] == "MedicalWebPage"]
    assert len(pages) == 1
    largest_jpeg = max((r for r in renditions if r["format"] == "jpeg"), key=lambda rendition: rendition["width"])
    assert pages[0]["image"]["url"] == largest_jpeg["url"]
    assert (pages[0]["image"]["creditText"], pages[0]["image"]["description"]) == (CREDIT, ALT)

    jpeg = next(rendition for rendition in renditions if rendition["format"] == "jpeg")
    status_code, headers, content = get(on_live_server(jpeg["url"], demo_site))
    assert status_code == 200
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["Content-Type"].startswith("image/")
    assert content[:3] == b"\xff\xd8\xff"  # a JPEG
    assert b"Camera maker" not in content  # no metadata

    # The image page says where it is used now.
    log_in(browser, demo_site, "author")
    open_page(browser, f"{demo_site}/admin/media/image/{image.pk}/change/")
    assert article.title in browser.find_element(By.CSS_SELECTOR, ".field-usage").text

    # 6. Hostile files: refused beside the file field, nothing saved.
    images_now = Image.objects.count()
    files_now = sorted(stored_names(storages["images"]))
    assert files_now  # the demo's diagram and the photo
    truncated_png = picture(300, 200, "PNG")
    for name, content, expected in (
        ("diagram.svg", SVG, "Not an image in an accepted format"),
        ("scan.png", truncated_png[: len(truncated_png) // 2], "The image file is damaged or incomplete"),
    ):
        upload(browser, demo_site, a_file(directory, name, content), {"alt_text": "Something hostile"})
        assert browser.current_url.rstrip("/").endswith("/admin/media/image/add")
        message = field_errors(browser, "upload")
        assert expected in message, message
        assert browser.find_element(By.CSS_SELECTOR, ".errornote").is_displayed()
        assert Image.objects.count() == images_now
        assert sorted(stored_names(storages["images"])) == files_now  # no file stored either
        assert browser.find_element(By.ID, "id_alt_text").get_attribute("value") == "Something hostile"  # kept
        print(f"\n[image journey] {name}: {message}")

    print(f"\n[image journey] upload to live and two refusals: {time.monotonic() - started:.1f} s")
