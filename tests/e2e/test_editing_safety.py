"""In a real browser: nothing typed is lost, two editors cannot overwrite each other, and a reviewer
cannot approve text other than the text on their screen."""

import json
import urllib.error
import urllib.request

import pytest
from selenium.webdriver.common.by import By

from articles.models import Article, Topic
from publishing.models import Approval
from references.models import Reference
from tests.helpers.browser import (
    log_in,
    open_page,
    press_lifecycle_button,
    requires_chromium,
    save_and_continue,
    wait,
)
from tests.helpers.factories import SectionFactory
from tests.helpers.publishing import publish_reviewed

pytestmark = [requires_chromium, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DRAFT = "vitamin-d-and-sleep"  # a draft of the demo content
LIVE = "magnesium-deficiency-signs-and-causes"  # a published article of the demo content
UNREVIEWED = "Taking 10,000 IU of vitamin D every night cures insomnia."
# Whether the page asks the browser to confirm leaving it.
LEAVING = (
    "const event = new Event('beforeunload', {cancelable: true});"
    "window.dispatchEvent(event);"
    "return event.defaultPrevented;"
)


def change_url(base_url: str, slug: str) -> str:
    return f"{base_url}/admin/articles/article/{Article.objects.get(slug=slug).pk}/change/"


def summary(browser):
    from selenium.webdriver.common.by import By

    return browser.find_element(By.NAME, "summary")


def lifecycle_button(browser, name: str):
    from selenium.webdriver.common.by import By

    return browser.find_element(By.CSS_SELECTOR, f"button.lifecycle-button[value='{name}']")


def test_typing_disables_the_lifecycle_buttons_and_leaving_asks_first(browser, demo_site):
    from selenium.webdriver.common.by import By

    log_in(browser, demo_site, "author")
    browser.get(change_url(demo_site, DRAFT))
    assert lifecycle_button(browser, "submit").is_enabled()
    assert not browser.find_element(By.ID, "lifecycle-unsaved").is_displayed()  # nothing typed yet

    summary(browser).send_keys(" A sentence not saved yet.")

    wait(browser, 5).until(lambda driver: not lifecycle_button(driver, "submit").is_enabled())
    assert browser.find_element(By.ID, "lifecycle-unsaved").is_displayed()
    # Leaving now would ask first. ChromeDriver answers the browser's own "Leave site?" prompt by itself,
    # so the page's answer to the event that raises it is what is checked.
    assert browser.execute_script(LEAVING) is True
    assert summary(browser).get_attribute("value").endswith("A sentence not saved yet.")

    save_and_continue(browser)
    assert lifecycle_button(browser, "submit").is_enabled()  # saved: the buttons act on what was typed
    assert browser.execute_script(LEAVING) is False  # nothing unsaved: leaving asks nothing
    assert press_lifecycle_button(browser, "submit") == "In medical review"
    assert Article.objects.get(slug=DRAFT).summary.endswith("A sentence not saved yet.")


def test_the_second_of_two_editors_is_refused_and_keeps_what_they_typed(browser, second_browser, demo_site):
    from selenium.webdriver.common.by import By

    log_in(browser, demo_site, "author")
    log_in(second_browser, demo_site, "admin")
    url = change_url(demo_site, DRAFT)
    browser.get(url)
    second_browser.get(url)

    summary(browser).clear()
    summary(browser).send_keys("The author's summary.")
    save_and_continue(browser)
    summary(second_browser).clear()
    summary(second_browser).send_keys("The admin's summary.")
    save_and_continue(second_browser)

    errors = second_browser.find_element(By.CSS_SELECTOR, ".errorlist.nonfield").text
    assert "Not saved: author saved this article at" in errors
    assert summary(second_browser).get_attribute("value") == "The admin's summary."
    assert Article.objects.get(slug=DRAFT).summary == "The author's summary."


def test_the_reviewer_cannot_approve_text_that_changed_after_their_page_loaded(browser, second_browser, demo_site):
    log_in(browser, demo_site, "author")
    url = change_url(demo_site, DRAFT)
    open_page(browser, url)
    assert press_lifecycle_button(browser, "submit") == "In medical review"
    log_in(second_browser, demo_site, "reviewer")
    open_page(second_browser, url)  # the reviewer reads the article

    # Meanwhile the author withdraws it, adds a sentence and submits it again.
    assert press_lifecycle_button(browser, "withdraw") == "Draft"
    summary(browser).send_keys(f" {UNREVIEWED}")
    save_and_continue(browser)
    assert press_lifecycle_button(browser, "submit") == "In medical review"

    assert press_lifecycle_button(second_browser, "approve") == "In medical review"  # refused
    assert "Not done (Approve): author saved this article at" in second_browser.page_source
    slug = Article.objects.get(pk=Article.objects.get(slug=DRAFT).pk).slug
    with pytest.raises(urllib.error.HTTPError) as not_found:
        urllib.request.urlopen(f"{demo_site}/api/v1/articles/{slug}/")
    assert not_found.value.code == 404
    # Reloaded, the reviewer sees the new sentence and can approve what they read.
    open_page(second_browser, url)
    assert UNREVIEWED in second_browser.page_source
    assert press_lifecycle_button(second_browser, "approve") == "Approved"
    log_in(browser, demo_site, "publisher")
    open_page(browser, url)
    assert press_lifecycle_button(browser, "publish") == "Published"
    with urllib.request.urlopen(f"{demo_site}/api/v1/articles/{slug}/") as response:
        assert UNREVIEWED in json.load(response)["summary"]


def test_typing_also_disables_rolling_back(browser, demo_site):
    from selenium.webdriver.common.by import By

    article = Article.objects.get(slug=LIVE)
    publish_reviewed(article)  # a second publication: the first can be made live again
    log_in(browser, demo_site, "admin")
    open_page(browser, change_url(demo_site, LIVE))
    rollback = browser.find_element(By.CSS_SELECTOR, "a.rollback-button")
    assert rollback.get_attribute("aria-disabled") == "false"

    summary(browser).send_keys(" Unsaved words.")

    wait(browser, 5).until(
        lambda driver: (
            driver.find_element(By.CSS_SELECTOR, "a.rollback-button").get_attribute("aria-disabled") == "true"
        )
    )
    before = browser.current_url
    browser.execute_script("arguments[0].click()", browser.find_element(By.CSS_SELECTOR, "a.rollback-button"))
    assert browser.current_url == before  # the link is not followed while there are unsaved changes


def test_a_go_live_time_is_read_in_the_sites_time_zone_and_shown_in_the_editors(browser, demo_site):
    import datetime

    from selenium.webdriver.common.by import By

    from publishing.models import Publication
    from tests.helpers.publishing import approve

    approve(Article.objects.get(slug=DRAFT))
    browser.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": "Asia/Tokyo"})
    log_in(browser, demo_site, "publisher")
    open_page(browser, change_url(demo_site, DRAFT))
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    field = browser.find_element(By.ID, "id_live_from")
    browser.execute_script(  # a datetime-local input takes no send_keys in headless Chromium
        "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
        field,
        f"{tomorrow}T22:18",
    )
    # Typed in the site's time (UTC here); the page says what that is for the editor in Tokyo (UTC+9).
    shown = browser.find_element(By.ID, "id_live_from_local").text
    assert "7:18" in shown and "Asia/Tokyo" in shown

    assert press_lifecycle_button(browser, "publish") == "Scheduled"  # nothing of it is live yet
    live_from = Publication.objects.get(article__slug=DRAFT).live_from
    assert live_from == datetime.datetime.combine(tomorrow, datetime.time(22, 18), tzinfo=datetime.UTC)


def test_the_api_docs_work_under_the_content_security_policy(browser, live_server):
    from selenium.webdriver.common.by import By

    browser.get(f"{live_server.url}/api/docs/")

    title = wait(browser).until(lambda driver: driver.find_elements(By.CSS_SELECTOR, ".swagger-ui .info .title"))
    assert "Medical articles content API" in title[0].text
    assert browser.find_elements(By.CSS_SELECTOR, ".opblock-tag")  # the operations are listed


def test_readability_and_the_citation_check_follow_the_typing(browser, demo_site):
    from selenium.webdriver.common.by import By

    def summary_grade(driver) -> float:
        """Read in one script: the checks replace the list while they run, which would leave an element that
        selenium holds stale."""
        line = driver.execute_script(
            "const items = document.querySelectorAll('.field-readability_scores .grade-by-part li');"
            "const item = [...items].find((li) => li.textContent.startsWith('Quick summary:'));"
            "return item ? item.textContent : null;"
        )
        assert line is not None
        return float(line.split(":")[1])

    log_in(browser, demo_site, "author")
    open_page(browser, change_url(demo_site, DRAFT))
    before = summary_grade(browser)

    summary(browser).send_keys(
        " Hypovitaminosis D precipitates hypocalcemia, consequently engendering neuromuscular hyperexcitability"
        " manifesting as involuntary fasciculations, carpopedal spasms and generalised seizures."
    )

    wait(browser, 10).until(lambda driver: summary_grade(driver) > before + 3)  # without saving
    intro = browser.find_element(By.NAME, "intro")
    intro.send_keys(" As shown [99].")
    wait(browser, 10).until(
        lambda driver: (
            "[99] points at citation 99" in driver.find_element(By.CSS_SELECTOR, ".field-citation_check .readonly").text
        )
    )


def test_two_editors_of_one_topic_neither_overwrite_nor_lose_what_they_typed(browser, second_browser, demo_site):
    from selenium.webdriver.common.by import By

    topic = Topic.objects.order_by("pk").first()
    url = f"{demo_site}/admin/articles/topic/{topic.pk}/change/"
    log_in(browser, demo_site, "admin")
    log_in(second_browser, demo_site, "admin")
    open_page(browser, url)
    open_page(second_browser, url)

    def type_description(driver, text: str) -> None:
        description = driver.find_element(By.NAME, "description")
        description.clear()
        description.send_keys(text)

    type_description(browser, "Saved first.")
    save_and_continue(browser)
    type_description(second_browser, "Typed on the page opened before.")
    save_and_continue(second_browser)

    errors = second_browser.find_element(By.CSS_SELECTOR, ".errorlist.nonfield").text
    assert "Not saved: admin saved this topic at" in errors
    assert second_browser.find_element(By.NAME, "description").get_attribute("value") == (
        "Typed on the page opened before."
    )
    assert Topic.objects.get(pk=topic.pk).description == "Saved first."
    second_browser.find_element(By.LINK_TEXT, "See what changed").click()
    second_browser.switch_to.window(second_browser.window_handles[-1])
    assert "Saved first." in second_browser.find_element(By.CSS_SELECTOR, "#content table").text
    second_browser.switch_to.window(second_browser.window_handles[0])

    # The first editor deletes the topic; the second saves what they typed, and finds it on the add page.
    open_page(browser, f"{demo_site}/admin/articles/topic/{topic.pk}/delete/")
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    wait(browser).until(lambda driver: not Topic.objects.filter(pk=topic.pk).exists())
    save_and_continue(second_browser)

    assert "This topic was deleted by someone else while you edited it" in second_browser.page_source
    assert second_browser.find_element(By.NAME, "description").get_attribute("value") == (
        "Typed on the page opened before."
    )


def test_a_reference_edited_while_the_reviewer_reads_makes_approve_stale_until_they_read_it(
    browser, second_browser, demo_site
):
    log_in(browser, demo_site, "author")
    url = change_url(demo_site, DRAFT)
    open_page(browser, url)
    assert press_lifecycle_button(browser, "submit") == "In medical review"
    log_in(second_browser, demo_site, "reviewer")
    open_page(second_browser, url)  # the reviewer reads the article, its references included

    # Meanwhile the author edits a reference the article cites, on the reference's own page.
    cited = Article.objects.get(slug=DRAFT).citations.order_by("number").first()
    open_page(browser, f"{demo_site}/admin/references/reference/{cited.reference_id}/change/")
    title = browser.find_element(By.NAME, "title")
    title.clear()
    title.send_keys(UNREVIEWED)
    save_and_continue(browser)
    assert Reference.objects.get(pk=cited.reference_id).title == UNREVIEWED

    assert press_lifecycle_button(second_browser, "approve") == "In medical review"  # refused
    said = second_browser.find_element(By.CSS_SELECTOR, "ul.messagelist").text
    assert f"Not approved: Reference [{cited.number}] “{UNREVIEWED}” was edited by author at" in said
    assert not Approval.objects.filter(article__slug=DRAFT).exists()
    changes = second_browser.find_element(By.LINK_TEXT, "See what changed").get_attribute("href")
    open_page(second_browser, changes)
    assert UNREVIEWED in second_browser.find_element(By.ID, "content").text
    # Reloaded, the reviewer has read the new title and approves the document that holds it.
    open_page(second_browser, url)
    assert press_lifecycle_button(second_browser, "approve") == "Approved"
    approved = Approval.objects.get(article__slug=DRAFT).document["references"]
    assert UNREVIEWED in [entry["title"] for entry in approved]


def check_text(driver, field: str) -> str:
    """A live check's text, read in one script (the checks replace their nodes while they run)."""
    return driver.execute_script(
        "const node = document.querySelector(`.field-${arguments[0]} .readonly`); return node ? node.innerText : '';",
        field,
    )


def missing_citation(driver, number: int) -> bool:
    return f"[{number}] points at citation {number}, which does not exist" in check_text(driver, "citation_check")


def test_the_live_checks_follow_rows_picked_added_removed_and_moved_without_typing(browser, demo_site):
    """A reference picked in the citations' autocomplete or through the add-another pop-up, a row removed and
    sections moved refresh the checks: no key is pressed in the texts after the marker is typed."""
    from selenium.webdriver.support import expected_conditions

    draft = Article.objects.get(slug=DRAFT)
    cited = draft.citations.count()
    marker = cited + 1
    unused = Reference.objects.exclude(citations__article=draft).order_by("pk")
    picked, added = unused[0], unused[1]
    SectionFactory(article=draft, heading="Taking it at night", body="Some take it at night. It does not keep them up.")
    log_in(browser, demo_site, "author")
    open_page(browser, change_url(demo_site, DRAFT))
    browser.find_element(By.NAME, "intro").send_keys(f" As shown [{marker}].")
    wait(browser, 10).until(lambda driver: missing_citation(driver, marker))

    def add_citation_row() -> str:
        link = browser.find_element(By.CSS_SELECTOR, "#citations-group .add-row a")
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", link)
        link.click()
        rows = browser.find_elements(By.CSS_SELECTOR, "#citations-group tr.dynamic-citations")
        return rows[-1].find_element(By.CSS_SELECTOR, "select").get_attribute("id")

    # Picked in select2's drop-down (its search box is outside the form: what it types is no input of the form).
    select = add_citation_row()
    opener = browser.find_element(By.CSS_SELECTOR, f"#{select} + .select2-container .select2-selection")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", opener)
    opener.click()
    search = wait(browser).until(
        expected_conditions.visibility_of_element_located((By.CSS_SELECTOR, ".select2-container--open input"))
    )
    assert search.get_attribute("aria-label") == "Search: Reference"  # the drop-down's search box is named
    search.send_keys(picked.title[:25])
    option = wait(browser).until(
        lambda driver: [
            option
            for option in driver.find_elements(By.CSS_SELECTOR, ".select2-results__option")
            if picked.title in option.text
        ]
    )[0]
    option.click()
    wait(browser, 10).until(lambda driver: not missing_citation(driver, marker))

    # The row removed again (formset:removed): the marker points nowhere once more.
    browser.find_element(By.CSS_SELECTOR, "#citations-group tr.dynamic-citations .inline-deletelink").click()
    wait(browser, 10).until(lambda driver: missing_citation(driver, marker))

    # A reference added through the "+" pop-up: what the pop-up calls on the page when its form is saved.
    select = add_citation_row()
    browser.execute_script(
        "const popup = {name: arguments[0], location: {pathname: '/admin/references/reference/add/'}, close() {}};"
        "window.dismissAddRelatedObjectPopup(popup, arguments[1], arguments[2]);",
        select,
        str(added.pk),
        str(added),
    )
    assert browser.find_element(By.ID, select).get_attribute("value") == str(added.pk)
    wait(browser, 10).until(lambda driver: not missing_citation(driver, marker))

    # Sections moved (the arrows adminsortable2 draws): the grade by part follows the new order.
    def sections_in_checks(driver) -> list[str]:
        parts = driver.execute_script(
            "return [...document.querySelectorAll('.field-readability_scores .grade-by-part li')]"
            ".map((li) => li.textContent);"
        )
        return [part.rsplit(":", 1)[0] for part in parts if part.split(":")[0] in headings]

    headings = set(draft.sections.values_list("heading", flat=True))
    before = sections_in_checks(browser)
    assert len(before) >= 2
    first = browser.find_element(By.CSS_SELECTOR, "#sections-group .inline-related.has_original .sort .move-end")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", first)
    first.click()
    wait(browser, 10).until(lambda driver: sections_in_checks(driver) == [*before[1:], before[0]])


def test_the_add_page_checks_as_you_type_and_says_so(browser, demo_site):
    log_in(browser, demo_site, "author")
    open_page(browser, f"{demo_site}/admin/articles/article/add/")
    # Checked once on opening: the empty page's citations are in order, and nothing is there to measure yet.
    wait(browser, 10).until(lambda driver: check_text(driver, "citation_check") == "Every marker points at a citation.")
    assert check_text(browser, "readability_scores") == "Nothing to measure yet: shown as you type."
    assert "after saving" not in browser.find_element(By.CSS_SELECTOR, ".field-citation_check").text
    assert "after saving" not in browser.find_element(By.CSS_SELECTOR, ".field-readability_scores").text

    summary(browser).send_keys("Vitamin D helps the body take up calcium. Too little of it can make muscles twitch.")
    wait(browser, 10).until(lambda driver: "Flesch-Kincaid grade" in check_text(driver, "readability_scores"))
    browser.find_element(By.NAME, "intro").send_keys("As shown [1].")
    wait(browser, 10).until(lambda driver: missing_citation(driver, 1))
