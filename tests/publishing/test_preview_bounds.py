"""An anonymous preview link costs little whatever the article holds, and never parses unchanged text again."""

import time

import pytest
from django.urls import reverse

from articles.models import Section
from core.markdown import render_cache
from publishing.preview import preview_token_make
from tests.helpers.factories import SectionFactory, complete_article
from tests.helpers.hostile_markdown import BRACKETS_2MB

pytestmark = pytest.mark.django_db


def preview(client, article):
    return client.get(reverse("public:article-preview", args=[preview_token_make(article)]))


def test_a_2_mb_hostile_body_stored_before_the_limits_previews_fast(api_client, client):
    article = complete_article(children=1)
    SectionFactory(article=article, heading="Crafted", body="x")
    Section.objects.filter(article=article, heading="Crafted").update(body=BRACKETS_2MB)  # as if stored long ago
    preview(api_client, complete_article(children=1))  # the suite's schema check loads once, outside the timing
    render_cache.clear()  # a worker that never saw the text

    start = time.perf_counter()
    response = preview(api_client, article)
    page = client.get(reverse("preview-page", args=[preview_token_make(article)]))
    elapsed = time.perf_counter() - start

    assert response.status_code == 200 and page.status_code == 200
    crafted = next(section for section in response.json()["sections"] if section["heading"] == "Crafted")
    assert crafted["body_markdown"] == BRACKETS_2MB
    assert elapsed < 2  # each request took more than gunicorn's 30 s


def test_a_second_preview_parses_no_text_again(api_client):
    article = complete_article(children=2)
    render_cache.clear()

    first = preview(api_client, article)
    parsed, reused = render_cache.misses, render_cache.hits
    second = preview(api_client, article)

    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert parsed > 0  # the first preview parsed its texts (each distinct one once)
    assert render_cache.misses == parsed  # nothing parsed again
    assert render_cache.hits > reused
