"""“Comment on selection” in a real browser: the reviewer selects a passage of a field and comments on it."""

import pytest

from articles.models import Article
from publishing.models import ReviewComment
from tests.helpers.browser import log_in, requires_chromium, wait

pytestmark = [requires_chromium, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

VITAMIN_D = "vitamin-d-deficiency-muscle-twitching"

SELECT_IN_TEXT = """
const [selector, start, end] = arguments;
const text = document.querySelector(selector).firstChild;
const range = document.createRange();
range.setStart(text, start);
range.setEnd(text, end);
window.getSelection().removeAllRanges();
window.getSelection().addRange(range);
return range.toString();
"""


def comment_on_selection(browser, body: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions

    button = browser.find_element(By.ID, "review-comment-on-selection")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", button)
    button.click()
    browser.find_element(By.ID, "id_review_comment_body").send_keys(body)
    add = browser.find_element(By.ID, "review-comment-add")
    add.click()
    wait(browser).until(expected_conditions.staleness_of(add))


def test_a_reviewer_comments_on_a_passage_of_the_rendered_text(browser, demo_site):
    from selenium.webdriver.common.by import By

    article = Article.objects.get(slug=VITAMIN_D)
    log_in(browser, demo_site, "reviewer")
    browser.get(f"{demo_site}/admin/articles/article/{article.pk}/change/")
    # The reviewer reads the article (not theirs to edit): its fields are text, not inputs.
    passage = browser.execute_script(SELECT_IN_TEXT, ".field-summary .readonly", 4, 30)
    assert passage and passage in article.summary

    comment_on_selection(browser, "Is this true for children too?")

    comment = ReviewComment.objects.get()
    assert (comment.anchor, comment.quote, comment.body) == ("summary", passage, "Is this true for children too?")
    marker = browser.find_element(By.CSS_SELECTOR, ".field-summary .review-comment-marker")
    assert marker.get_attribute("href").endswith(f"#review-comment-{comment.pk}")

    # The author finds it beside the field, and answers it there.
    log_in(browser, demo_site, "author")
    browser.get(f"{demo_site}/admin/articles/article/{article.pk}/change/")
    marker = browser.find_element(By.CSS_SELECTOR, ".field-summary .review-comment-marker")
    assert marker.get_attribute("href").endswith(f"#review-comment-{comment.pk}")
    reply = browser.find_element(By.NAME, f"review_comment_reply_{comment.pk}")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", reply)
    reply.send_keys("Yes: the studies included children.")
    browser.find_element(By.CSS_SELECTOR, f"#review-comment-{comment.pk} button[formaction$='/reply/']").click()
    wait(browser).until(lambda driver: "Your reply is added." in driver.page_source)
    assert comment.replies.get().body == "Yes: the studies included children."


def test_a_selection_within_a_rows_text_box_names_that_row(browser, demo_site):
    from selenium.webdriver.common.by import By

    article = Article.objects.get(slug=VITAMIN_D)
    section = article.sections.order_by("position").first()
    log_in(browser, demo_site, "admin")  # may edit, and review: the fields are text boxes
    browser.get(f"{demo_site}/admin/articles/article/{article.pk}/change/")
    box = browser.find_element(By.NAME, "sections-0-body")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus();", box)
    browser.execute_script("arguments[0].setSelectionRange(0, 20);", box)
    browser.find_element(By.ID, "review-comment-on-selection")  # present
    browser.execute_script("document.dispatchEvent(new Event('selectionchange'));")

    comment_on_selection(browser, "Cite the source here.")

    comment = ReviewComment.objects.get()
    assert comment.anchor == f"sections[{section.pk}].body"
    assert comment.quote == section.body.replace("\r\n", "\n")[:20]
