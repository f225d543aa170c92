"""The article page's languages in the real admin: translating a live article, seeing a translation fall behind its
source (the page, the home page), comparing what changed, and saying it is up to date again."""

import re

import pytest
from django.urls import reverse

from articles.models import Article, ArticleStatus
from core.models import SiteSettings
from tests.helpers.admin_forms import article_change_data
from tests.helpers.factories import complete_article
from tests.helpers.people import user_in_role
from tests.helpers.publishing import publish_reviewed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def serves_spanish():
    SiteSettings.objects.filter(pk=SiteSettings.load().pk).update(language="en", languages="es")


def live_source() -> Article:
    article = complete_article(slug="vitamin-d", title="Vitamin D")
    publish_reviewed(article)
    return Article.objects.get(pk=article.pk)


def translate_into_spanish(client, source: Article) -> None:
    client.post(reverse("admin:articles_article_translate", args=[source.pk]), {"language": "es", "start": "copy"})


def change_page(client, article: Article) -> str:
    return client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()


def test_an_editor_translates_a_live_article_into_a_served_language(admin_client):
    source = live_source()
    url = reverse("admin:articles_article_translate", args=[source.pk])

    offered = change_page(admin_client, source)
    form = admin_client.get(url).content.decode()
    made = admin_client.post(url, {"language": "es", "start": "copy"})

    spanish = Article.objects.get(language="es")
    assert 'id="translate-link"' in offered and 'id="translate-link"' not in change_page(admin_client, source)
    # (The admin's own language list, beside the user's links, offers English: `<option value="en" lang="en"`.)
    assert '<option value="es">español (es)</option>' in form and '<option value="en">' not in form
    assert made.status_code == 302 and made["Location"] == reverse("admin:articles_article_change", args=[spanish.pk])
    assert (spanish.translation_of_id, spanish.status, spanish.title) == (source.pk, ArticleStatus.DRAFT, "Vitamin D")
    page = change_page(admin_client, spanish)
    assert f"Translated from version {source.version} of" in page and 'id="translation-behind"' not in page
    # Each page says whether readers see the other language now, then where its working copy stands.
    assert "(es: not live; draft)" in change_page(admin_client, source)
    assert "(en: live; published)" in page


def test_a_language_the_site_does_not_serve_is_refused_on_the_page(admin_client):
    source = live_source()

    refused = admin_client.post(reverse("admin:articles_article_translate", args=[source.pk]), {"language": "fr"})

    assert refused.status_code == 200 and "Select a valid choice" in refused.content.decode()
    assert not Article.objects.filter(language="fr").exists()


def test_translating_needs_the_right_to_write_articles(client):
    source = live_source()
    url = reverse("admin:articles_article_translate", args=[source.pk])
    client.force_login(user_in_role("reviewer-only", "Medical reviewer"))
    refused = client.post(url, {"language": "es", "start": "copy"})
    client.force_login(user_in_role("writer", "Author"))
    allowed = client.post(url, {"language": "es", "start": "empty"})

    assert refused.status_code == 403
    assert allowed.status_code == 302 and Article.objects.filter(language="es").count() == 1


def test_a_translation_behind_its_source_says_so_and_is_brought_up_to_date(admin_client):
    source = live_source()
    admin_client.post(
        reverse("admin:articles_article_translate", args=[source.pk]), {"language": "es", "start": "copy"}
    )
    spanish = Article.objects.get(language="es")
    home_before = admin_client.get(reverse("admin:index")).content.decode()
    Article.objects.filter(pk=source.pk).update(intro="Newer advice.", version=source.version + 1)
    publish_reviewed(Article.objects.get(pk=source.pk))

    page = change_page(admin_client, spanish)
    home = admin_client.get(reverse("admin:index")).content.decode()
    confirm = admin_client.get(reverse("admin:articles_article_translation_up_to_date", args=[spanish.pk]))
    done = admin_client.post(
        reverse("admin:articles_article_translation_up_to_date", args=[spanish.pk]),
        {"confirmed": "yes", "shown_version": spanish.version},
    )

    assert 'id="translations-behind"' not in home_before  # control: nothing behind yet
    assert 'id="translation-behind"' in page and f"version {source.version + 1} of the source is live" in page
    assert 'id="translations-behind"' in home and spanish.title in home.split('id="translations-behind"')[1]
    assert "it goes back to draft and needs a new medical review" in confirm.content.decode()
    assert done.status_code == 302
    assert Article.objects.get(pk=spanish.pk).source_version == source.version + 1
    assert 'id="translation-behind"' not in change_page(admin_client, spanish)


def test_the_sources_changes_open_as_a_comparison_of_its_two_versions(admin_client):
    source = complete_article(slug="vitamin-d", title="Vitamin D")
    change = reverse("admin:articles_article_change", args=[source.pk])

    def edit_and_publish(intro: str) -> Article:
        admin_client.post(change, article_change_data(Article.objects.get(pk=source.pk), intro=intro))
        publish_reviewed(Article.objects.get(pk=source.pk))
        return Article.objects.get(pk=source.pk)

    translated_from = edit_and_publish("First advice.")  # each edit stores a version of the source
    admin_client.post(
        reverse("admin:articles_article_translate", args=[source.pk]), {"language": "es", "start": "copy"}
    )
    spanish = Article.objects.get(language="es")
    newer = edit_and_publish("Newer advice.")

    response = admin_client.get(reverse("admin:articles_article_source_changes", args=[spanish.pk]))
    comparison = admin_client.get(response["Location"]).content.decode()

    assert newer.version > translated_from.version == spanish.source_version
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:articles_article_compare", args=[source.pk]))
    assert "First" in comparison and "Newer" in comparison  # the intro as translated, and as live now


def test_an_article_is_typed_in_its_language_and_direction_on_its_page(admin_client):
    SiteSettings.objects.filter(pk=SiteSettings.load().pk).update(language="en", languages="ar")
    arabic = complete_article(slug="fitamin-d", title="فيتامين د", language="ar", children=1)
    english = complete_article(slug="vitamin-d", title="Vitamin D", children=1)

    arabic_page = change_page(admin_client, arabic)
    english_page = change_page(admin_client, english)

    def inputs(page: str, name: str) -> list[str]:
        return [tag for tag in re.findall(r"<(?:textarea|input)[^>]*>", page) if f'name="{name}"' in tag]

    for name in ("title", "summary", "sections-0-body"):
        assert inputs(arabic_page, name), name  # the page has the field at all
        assert all('dir="rtl"' in tag and 'lang="ar"' in tag for tag in inputs(arabic_page, name)), name
        assert all('dir="ltr"' in tag and 'lang="en"' in tag for tag in inputs(english_page, name)), name
    # What is not text of the article keeps the page's direction.
    assert (
        inputs(arabic_page, "reading_time_override")
        and 'dir="rtl"' not in inputs(arabic_page, "reading_time_override")[0]
    )


def test_a_live_translations_page_links_to_its_own_language_in_the_api(admin_client):
    source = live_source()
    translate_into_spanish(admin_client, source)
    spanish = Article.objects.get(language="es")
    publish_reviewed(spanish)

    english_page = change_page(admin_client, source)
    spanish_page = change_page(admin_client, Article.objects.get(pk=spanish.pk))

    link = re.compile(r'<a href="([^"]+)"[^>]*>View live in the API</a>')
    assert link.search(english_page).group(1).endswith("/api/v1/articles/vitamin-d/")
    spanish_url = link.search(spanish_page).group(1)
    assert spanish_url.endswith(f"/api/v1/articles/{spanish.slug}/?language=es")
    assert admin_client.get(spanish_url.split("testserver", 1)[1]).status_code == 200


def test_a_live_translation_brought_up_to_date_stays_listed_until_readers_get_it(admin_client):
    source = live_source()
    translate_into_spanish(admin_client, source)
    spanish = Article.objects.get(language="es")
    publish_reviewed(spanish)
    Article.objects.filter(pk=source.pk).update(intro="Newer advice.", version=source.version + 1)
    publish_reviewed(Article.objects.get(pk=source.pk))
    spanish.refresh_from_db()

    admin_client.post(
        reverse("admin:articles_article_translation_up_to_date", args=[spanish.pk]),
        {"confirmed": "yes", "shown_version": spanish.version},
    )
    home = admin_client.get(reverse("admin:index")).content.decode().split('id="translations-behind"')
    publish_reviewed(Article.objects.get(pk=spanish.pk))
    home_after = admin_client.get(reverse("admin:index")).content.decode()

    assert Article.objects.get(pk=spanish.pk).source_version == source.version + 1
    assert len(home) == 2 and spanish.title in home[1]
    assert f"follows version {source.version} of" in home[1]  # what readers see
    assert "brought up to date in its working copy (draft)" in home[1]
    assert 'id="translations-behind"' not in home_after
