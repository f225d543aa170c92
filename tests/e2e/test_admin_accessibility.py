"""Every admin page an editor uses, per role, in Debian's Chromium: axe-core finds no violation of any impact (critical,
serious, moderate or minor) on the admin home of each role, the article list (filtered and searched), the pages of
an article in each state (with the lifecycle steps each role is offered), History and the comparison pages, every
confirmation page, the reference, topic, contributor and image lists and forms, the site settings, and two pages in
Spanish. Each role's pages are visited in one browser session; a failure names every page and rule found.

The add, change and History pages of the article as authors, reviewers and publishers first open them, with rows added
and an autocomplete open, are in test_editing_accessibility.py; the image's own page in test_image_page.py.
"""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from articles.edit_plan import ArticleEdit
from articles.models import Article, ArticleAction, Contributor, Topic
from articles.services.editing import article_update
from articles.versions import article_versions
from core.models import SynonymGroup
from media.services import image_create
from publishing.models import Publication
from publishing.selectors import translations_behind
from publishing.services.editorial_steps import article_transition
from references.models import Reference
from tests.helpers.axe import Walk, requires_axe
from tests.helpers.browser import log_in, open_page, press_lifecycle_button, save_and_continue, wait
from tests.helpers.factories import UserFactory
from tests.helpers.images import picture
from tests.helpers.publishing import approve, publish_reviewed

pytestmark = [requires_axe, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

VITAMIN_D = "vitamin-d-deficiency-muscle-twitching"  # published, with comparison rows and citations
MAGNESIUM = "magnesium-deficiency-signs-and-causes"  # published
HYPOCALCEMIA = "hypocalcemia-low-blood-calcium"  # published, and published again with a newer text
DRAFT = "vitamin-d-and-sleep"


class Pages(Walk):
    def __init__(self, driver, capsys, base: str, role: str):
        super().__init__(driver, capsys)
        self.base, self.role = base, role

    def visit(self, path: str, page: str) -> None:
        open_page(self.driver, f"{self.base}{path}")
        self.settled(page)

    def settled(self, page: str) -> None:
        # The admin's scripts (select2, the inlines, the page's own) have run: checked is what an editor meets.
        wait(self.driver).until(lambda driver: driver.execute_script("return document.readyState") == "complete")
        self.check(f"{page} ({self.role})")


def article_url(article: Article, page: str = "change") -> str:
    return f"/admin/articles/article/{article.pk}/{page}/"


def walk(browser, demo_site, capsys, role: str, login_page: bool = False) -> Pages:
    browser.set_window_size(1280, 1000)
    pages = Pages(browser, capsys, demo_site, role)
    if login_page:
        browser.get(f"{demo_site}/admin/login/?next=/admin/")
        pages.settled("the login page")
    log_in(browser, demo_site, role)
    pages.visit("/admin/", "the admin home")
    assert browser.find_element(By.ID, "workspace").is_displayed()  # the queues of the role
    return pages


def test_an_authors_pages_pass_axe_core(browser, demo_site, capsys):
    image = image_create(upload=io.BytesIO(picture(400, 200)), fields={"alt_text": "A chart of vitamin D levels"})
    pages = walk(browser, demo_site, capsys, "author", login_page=True)
    pages.visit("/admin/articles/article/", "the article list")
    pages.visit("/admin/articles/article/?status__exact=draft&q=vitamin", "the article list, filtered and searched")
    draft = Article.objects.get(slug=DRAFT)
    pages.visit(article_url(draft, "preview-links"), "the preview links page")
    pages.visit(article_url(draft), "the demo draft's change page")
    assert press_lifecycle_button(browser, "submit") == "In medical review"
    pages.settled("the draft just submitted for review")
    pages.visit(article_url(draft, "history"), "the History of an article in review")

    reference = Reference.objects.order_by("pk").first()
    pages.visit("/admin/references/reference/", "the reference list")
    pages.visit("/admin/references/reference/add/", "the reference add page")
    # As the "+" beside a citation's reference opens it, in a pop-up window.
    pages.visit("/admin/references/reference/add/?_to_field=id&_popup=1", "the reference add page in its pop-up")
    pages.visit(f"/admin/references/reference/{reference.pk}/change/", "a reference's change page")
    browser.find_element(By.NAME, "volume").send_keys("7")
    save_and_continue(browser)
    pages.settled("a reference just saved")
    pages.visit(f"/admin/references/reference/{reference.pk}/changes/?since={reference.version}", "what changed in it")
    topic, contributor = Topic.objects.order_by("pk").first(), Contributor.objects.order_by("pk").first()
    pages.visit("/admin/articles/topic/", "the topic list")
    pages.visit(f"/admin/articles/topic/{topic.pk}/change/", "a topic's page (read-only)")
    pages.visit("/admin/articles/contributor/", "the contributor list")
    pages.visit(f"/admin/articles/contributor/{contributor.pk}/change/", "a contributor's page (read-only)")
    pages.visit("/admin/media/image/", "the image list")
    pages.visit("/admin/media/image/add/", "the image add page")
    pages.visit(f"/admin/media/image/{image.pk}/change/", "an image's change page")
    pages.assert_clean()


def test_a_reviewers_pages_pass_axe_core(browser, demo_site, capsys):
    draft = Article.objects.get(slug=DRAFT)
    article_transition(ArticleAction.SUBMIT, article=draft, user=get_user_model().objects.get(username="author"))
    pages = walk(browser, demo_site, capsys, "reviewer")
    pages.visit(article_url(draft, "changes-since-approval"), "the changes since the last approval")
    pages.visit(article_url(draft), "an article in review")
    shown = browser.find_element(By.NAME, "shown_document").get_attribute("value")
    browser.find_element(By.ID, "id_transition_comment").send_keys("Cite the trial for the sleep claim.")
    assert press_lifecycle_button(browser, "request_changes") == "Draft"
    pages.settled("the article just sent back with changes requested")
    pages.visit(article_url(draft, "changes-since-review"), "the changes since the reviewer last saw it")
    pages.visit(article_url(draft, f"changes-since-shown/{shown}"), "what changed since the reviewer's page showed it")

    magnesium = Article.objects.get(slug=MAGNESIUM)
    article_transition(ArticleAction.SUBMIT, article=magnesium, user=get_user_model().objects.get(username="admin"))
    pages.visit(article_url(magnesium), "a published article in review again")
    assert press_lifecycle_button(browser, "approve") == "Approved"
    pages.settled("an article just approved")
    pages.assert_clean()


def test_a_publishers_pages_pass_axe_core(browser, demo_site, capsys):
    magnesium = Article.objects.get(slug=MAGNESIUM)
    approve(magnesium)
    vitamin_d = Article.objects.get(slug=VITAMIN_D)
    publish_reviewed(vitamin_d)  # a second publication: the first can be made live again, or compared
    first, second = Publication.objects.filter(article=vitamin_d).order_by("pk")[:2]
    pages = walk(browser, demo_site, capsys, "publisher")
    pages.visit("/admin/articles/article/?status__exact=approved", "the article list of approved articles")
    browser.find_element(By.CSS_SELECTOR, f"input[name=_selected_action][value='{magnesium.pk}']").click()
    Select(browser.find_element(By.NAME, "action")).select_by_value("publish_selected")
    browser.find_element(By.CSS_SELECTOR, ".actions button").click()
    wait(browser).until(lambda driver: driver.find_elements(By.ID, "confirm-bulk"))
    pages.settled("the bulk publish confirmation")

    pages.visit(article_url(magnesium), "an approved article, Publish and its go-live time")
    browser.find_element(By.ID, "id_live_from").send_keys("01012099\t1200P")
    assert press_lifecycle_button(browser, "publish") == "Scheduled"
    pages.settled("an article just scheduled")
    pages.visit(article_url(magnesium, "cancel-schedule"), "the cancel scheduled go-live confirmation")
    browser.find_element(By.CSS_SELECTOR, "#confirm-step input[type=submit]").click()
    wait(browser).until(lambda driver: "/cancel-schedule/" not in driver.current_url)
    pages.settled("a scheduled go-live just cancelled")
    assert press_lifecycle_button(browser, "publish") == "Published"
    pages.settled("an article just published")
    pages.visit("/admin/articles/article/", "the article list")
    browser.find_element(By.CSS_SELECTOR, f"input[name=_selected_action][value='{magnesium.pk}']").click()
    Select(browser.find_element(By.NAME, "action")).select_by_value("unpublish_selected")
    browser.find_element(By.CSS_SELECTOR, ".actions button").click()
    wait(browser).until(lambda driver: driver.find_elements(By.ID, "confirm-bulk"))
    pages.settled("the bulk unpublish confirmation")
    pages.visit(article_url(vitamin_d, "transition/unpublish"), "the unpublish confirmation")
    pages.visit(article_url(vitamin_d, "transition/archive"), "the archive confirmation")
    pages.visit(article_url(vitamin_d, f"rollback/{first.pk}"), "the rollback confirmation")
    pages.visit(article_url(vitamin_d, f"publications/{first.pk}"), "an earlier publication")
    pages.visit(article_url(vitamin_d, f"publications/{first.pk}/compare"), "a publication against the working copy")
    pages.visit(
        article_url(vitamin_d, f"publications/{first.pk}/compare") + f"?with={second.pk}", "two publications compared"
    )
    pages.visit(article_url(vitamin_d, "history"), "the History of a published article")
    pages.assert_clean()


def test_a_managing_editors_and_an_admins_pages_pass_axe_core(browser, demo_site, capsys):
    behind = next(iter(translations_behind()))  # the demo's Spanish hypocalcemia, behind its source
    hypocalcemia = Article.objects.get(slug=HYPOCALCEMIA)
    admin = get_user_model().objects.get(username="admin")
    article_transition(ArticleAction.UNPUBLISH, article=hypocalcemia, user=admin)
    managing = UserFactory(username="managing-editor")
    managing.groups.add(Group.objects.get(name="Managing editor"))
    pages = walk(browser, demo_site, capsys, "managing-editor")
    pages.visit("/admin/articles/article/", "the article list")
    pages.visit(article_url(Article.objects.get(slug=DRAFT)), "another author's draft")

    log_in(browser, demo_site, "admin")
    pages.role = "admin"
    pages.visit("/admin/", "the admin home")
    pages.visit(article_url(behind, "source-changes"), "what changed in a translation's source")
    pages.visit(article_url(behind, "translation-up-to-date"), "the translation brought up to date confirmation")
    pages.visit(article_url(hypocalcemia, "publish-again"), "the publish again confirmation")
    oldest = list(article_versions(hypocalcemia))[-1]
    pages.visit(article_url(hypocalcemia, f"history/{oldest.pk}"), "a version's restore page")
    edit = ArticleEdit(fields={"summary": "What low blood calcium does, and what raises it again."})
    article_update(article=hypocalcemia, edit=edit, user=admin, expected_version=hypocalcemia.version)
    pages.visit(article_url(hypocalcemia, "history"), "the History of an edited article")
    browser.find_element(By.CSS_SELECTOR, "#content-main .submit-row input[type=submit]").click()
    wait(browser).until(lambda driver: "/history/compare/" in driver.current_url)
    pages.settled("two versions compared")
    pages.visit("/admin/articles/article/recover/", "the deleted articles to recover")
    pages.visit("/admin/core/sitesettings/", "the site settings")
    pages.visit("/admin/webhooks/webhookendpoint/", "the webhook endpoint list")
    pages.visit("/admin/webhooks/webhookendpoint/add/", "the webhook endpoint add page")
    topic, contributor = Topic.objects.order_by("pk").first(), Contributor.objects.order_by("pk").first()
    pages.visit("/admin/articles/topic/add/", "the topic add page")
    pages.visit(f"/admin/articles/topic/{topic.pk}/change/", "a topic's change page")
    pages.visit(f"/admin/articles/topic/{topic.pk}/changes/?since={topic.version}", "what changed in a topic")
    pages.visit("/admin/articles/contributor/add/", "the contributor add page")
    pages.visit(f"/admin/articles/contributor/{contributor.pk}/change/", "a contributor's change page")
    group = SynonymGroup.objects.order_by("pk").first()
    pages.visit("/admin/core/synonymgroup/", "the search synonym groups")
    pages.visit("/admin/core/synonymgroup/add/", "the synonym group add page")
    pages.visit(f"/admin/core/synonymgroup/{group.pk}/change/", "a synonym group's change page")

    browser.execute_script("document.cookie = 'django_language=es; path=/'")
    pages.role = "admin, in Spanish"
    pages.visit("/admin/", "the admin home")
    pages.visit(article_url(Article.objects.get(slug=VITAMIN_D)), "the demo article's change page")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "es"
    assert browser.find_element(By.ID, "skip-to-actions").get_attribute("textContent") == "Saltar a las acciones"
    pages.assert_clean()
