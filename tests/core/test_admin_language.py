"""The admin in the editor's language (core.middleware.AdminLocaleMiddleware), and only the admin: the public and
management APIs answer the same bytes and headers whatever Accept-Language says."""

import json
import re

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.helpers.manage_api import token_client

pytestmark = pytest.mark.django_db

SPANISH_MONTHS = "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre"
ENGLISH_MONTHS = "Jan\\.|Feb\\.|March|April|May|June|July|Aug\\.|Sept\\.|Oct\\.|Nov\\.|Dec\\."  # Django's "N"
SPANISH_MONTH = rf"\d{{1,2}} de ({SPANISH_MONTHS}) de \d{{4}}"  # 7 de diciembre de 2026
ENGLISH_MONTH = rf"({ENGLISH_MONTHS}) \d{{1,2}}, \d{{4}}"  # Dec. 7, 2026


def page_text(response) -> str:
    """What the page says: its text without scripts, styles and tags, spaces collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def spanish(client, url):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9,en;q=0.5")
    assert response.status_code == 200
    assert response["Content-Language"] == "es"
    assert "Accept-Language" in response["Vary"]
    return page_text(response)


def test_the_admin_home_is_in_spanish_for_a_spanish_browser(admin_client, published_article):
    text = spanish(admin_client, reverse("admin:index"))

    for words in ("Mi trabajo", "Pendientes de mi revisión", "Mis borradores", "Ajustes del sitio", "Artículos"):
        assert words in text
    for words in ("My work", "Waiting for my review", "My drafts", "Site settings"):
        assert words not in text


def test_the_article_list_is_in_spanish_with_spanish_dates(admin_client, published_article):
    text = spanish(admin_client, reverse("admin:articles_article_changelist"))

    for words in ("Revisor médico", "Última revisión médica", "En revisión médica", "Borrador", "Programado"):
        assert words in text
    for words in ("Medical reviewer", "In medical review", "Draft", "Scheduled", "Publish selected approved"):
        assert words not in text
    assert re.search(SPANISH_MONTH, text) and not re.search(ENGLISH_MONTH, text)


def test_the_article_page_is_in_spanish_with_spanish_dates_and_numbers(admin_client, published_article):
    text = spanish(admin_client, reverse("admin:articles_article_change", args=[published_article.pk]))

    for words in (
        "Ciclo editorial",
        "Revisor médico",
        "Próxima revisión prevista",
        "Puntos clave",
        "Preguntas frecuentes",
        "Enviar a revisión médica",
        "Despublicar…",
    ):
        assert words in text
    for words in ("Editorial lifecycle", "Medical reviewer", "Next review due", "Key points", "Submit for medical"):
        assert words not in text
    assert re.search(SPANISH_MONTH, text) and not re.search(ENGLISH_MONTH, text)
    # The readability scores in Spanish decimal notation ("facilidad de lectura de Flesch 72,3").
    assert re.search(r"facilidad de lectura de Flesch \d+,\d", text)


def test_the_language_cookie_chooses_too_and_english_is_the_default(admin_client, published_article):
    url = reverse("admin:articles_article_change", args=[published_article.pk])
    english = page_text(admin_client.get(url))
    french = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="fr")  # not an admin language: the default
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    by_cookie = admin_client.get(url)

    assert "Editorial lifecycle" in english and "Ciclo editorial" not in english
    assert re.search(r"Flesch reading ease \d+\.\d", english)
    assert re.search(ENGLISH_MONTH, english) and not re.search(SPANISH_MONTH, english)
    assert "Editorial lifecycle" in page_text(french) and french["Content-Language"] == "en"
    assert "Ciclo editorial" in page_text(by_cookie)


def fresh_get(client, url, **headers):
    """A GET served by the view, not by a response a request before it cached."""
    cache.clear()
    caches["throttles"].clear()
    return client.get(url, **headers)


def same_answer(first, second):
    assert first.status_code == second.status_code
    assert first.content == second.content
    assert dict(first.headers) == dict(second.headers)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/articles/",
        "/api/v1/articles/vitamin-d-twitching/",
        "/api/v1/articles/vitamin-d-twitching/jsonld/",
        "/api/v1/articles/no-such-article/",  # an error: its text is the contract's, in English
        "/api/v1/articles/?page_size=0",
        "/api/v1/articles/?language=xx",
        "/api/v1/references/",
    ],
)
def test_the_public_api_does_not_vary_by_accept_language(published_article, admin_client, url):
    client = Client()
    without = fresh_get(client, url)
    # An admin request in Spanish just before, on the same thread: its language must not stay behind.
    assert admin_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="es")["Content-Language"] == "es"
    with_spanish = fresh_get(client, url, HTTP_ACCEPT_LANGUAGE="es")

    same_answer(without, with_spanish)
    assert "Accept-Language" not in without.get("Vary", "")
    if without.status_code == 200 and url.startswith("/api/v1/articles/"):
        assert without["Content-Language"] == "en"  # the article's language, not the reader's
    elif without.status_code != 200:
        assert without.json() and "Content-Language" not in without
    assert translation.get_language() == settings.LANGUAGE_CODE  # nothing left activated after the requests


def test_the_management_api_does_not_vary_by_accept_language(published_article, author):
    client = token_client(author)
    for url in ("/api/v1/manage/articles/", "/api/v1/manage/articles/vitamin-d-twitching/", "/api/v1/manage/nope/"):
        without = fresh_get(client, url)
        with_spanish = fresh_get(client, url, HTTP_ACCEPT_LANGUAGE="es")
        same_answer(without, with_spanish)
        assert "Accept-Language" not in without.get("Vary", "")
    refused = fresh_get(Client(), "/api/v1/manage/articles/", HTTP_ACCEPT_LANGUAGE="es")
    assert refused.status_code == 401
    assert refused.json() == fresh_get(Client(), "/api/v1/manage/articles/").json()


def test_the_readers_preview_page_is_not_the_admins(admin_client, published_article):
    """The HTML preview (/preview/<token>/) is a reader's page outside the admin: not in the editor's language."""
    response = Client().get("/preview/not-a-token/", HTTP_ACCEPT_LANGUAGE="es")

    assert "Accept-Language" not in response.get("Vary", "")
    assert "Ninguna vista previa" not in response.content.decode()


def test_the_article_pages_scripts_get_their_words_in_the_editors_language(admin_client, published_article):
    """The scripts of the article page (live checks, times in the editor's zone, accessible names) write the words
    the page gives them in #article-page-words."""
    url = reverse("admin:articles_article_change", args=[published_article.pk])

    def script_words(**headers) -> dict:
        html = admin_client.get(url, **headers).content.decode()
        found = re.search(r'<script id="article-page-words" type="application/json">(.*?)</script>', html, re.S)
        assert found
        return json.loads(found.group(1))

    spanish_words, english_words = script_words(HTTP_ACCEPT_LANGUAGE="es"), script_words()
    assert spanish_words["nothing_to_measure"] == "Aún no hay nada que medir: se muestra mientras escribe."
    assert spanish_words["never_cited"] == "Nunca citadas en el texto: %(numbers)s."
    assert english_words["nothing_to_measure"] == "Nothing to measure yet: shown as you type."
    assert english_words["in_your_time"] == "That is %(time)s in your time (%(zone)s)."
    assert spanish_words.keys() == english_words.keys()


def test_every_admin_pages_scripts_get_their_words_in_the_editors_language(admin_client):
    """The names that accessible_names.js gives the admin's widgets on every page (an autocomplete's search box, the
    unnamed columns of an inline) are the page's #admin-words, in the editor's language."""

    def script_words(**headers) -> dict:
        html = admin_client.get(reverse("admin:articles_contributor_add"), **headers).content.decode()
        found = re.search(r'<script id="admin-words" type="application/json">(.*?)</script>', html, re.S)
        assert found
        return json.loads(found.group(1))

    spanish_words, english_words = script_words(HTTP_ACCEPT_LANGUAGE="es"), script_words()
    assert spanish_words == {"search": "Buscar", "search_named": "Buscar: %(name)s", "row": "Fila",
                             "delete_column": "¿Eliminar?"}  # fmt: skip
    assert english_words["search_named"] == "Search: %(name)s" and english_words["row"] == "Row"


def test_an_editor_chooses_the_admins_language_beside_their_links(admin_client, published_article):
    home = reverse("admin:index")
    page = admin_client.get(home).content.decode()
    switcher = re.search(r'<form id="language-form" method="post" action="([^"]+)">', page)
    assert switcher and switcher.group(1).startswith(f"/{settings.ADMIN_PATH}")  # under the admin: its language

    chosen = admin_client.post(switcher.group(1), {"language": "es", "next": home})

    assert chosen.status_code == 302 and chosen["Location"] == home
    assert chosen.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    text = page_text(admin_client.get(home, HTTP_ACCEPT_LANGUAGE="en"))  # the choice wins over the browser's
    assert "Mi trabajo" in text and "Idioma del administrador" in text
    assert '<option value="es" lang="es" selected>' in admin_client.get(home).content.decode()
    admin_client.post(switcher.group(1), {"language": "en", "next": home})
    assert "My work" in page_text(admin_client.get(home, HTTP_ACCEPT_LANGUAGE="es"))
    # The APIs do not read the cookie either.
    with_cookie = Client()
    with_cookie.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    for url in ("/api/v1/articles/vitamin-d-twitching/", "/api/v1/articles/no-such-article/"):
        same_answer(fresh_get(Client(), url), fresh_get(with_cookie, url))
