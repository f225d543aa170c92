"""Readability and review freshness as the article page and the admin home show them."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from core.models import SiteSettings
from tests.helpers.admin_forms import article_change_data
from tests.helpers.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_admin_shows_readability_by_part_and_warns_above_the_sites_target(admin_client):
    long_sentence = (
        "Hypovitaminosis D precipitates hypocalcemia, consequently engendering neuromuscular hyperexcitability "
        "manifesting as involuntary fasciculations, carpopedal spasms, paraesthesiae and, in considerably advanced "
        "presentations, generalised seizures and laryngospasm that needs urgent hospital treatment."
    )
    hard = ArticleFactory(summary=long_sentence, intro="Eat fish. Get some sun.")

    page = admin_client.get(reverse("admin:articles_article_change", args=[hard.pk])).content.decode()
    response = admin_client.post(reverse("admin:articles_article_change", args=[hard.pk]), article_change_data(hard))

    assert "Flesch-Kincaid grade" in page and "above the site&#x27;s grade 8 target for patients" in page
    assert '<li class="above-target">Quick summary:' in page  # the part to simplify
    assert "<li>Introduction:" in page  # control: the easy part is not marked
    assert "Sentences over 25 words:" in page and "29 words: “Hypovitaminosis" in page
    assert response.status_code == 302
    warnings = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("the site's target for patients is grade 8" in warning for warning in warnings)

    Article.objects.filter(pk=hard.pk).update(audience="professionals")
    page = admin_client.get(reverse("admin:articles_article_change", args=[hard.pk])).content.decode()
    assert "written for health professionals: no target grade" in page


def test_easy_text_gets_no_readability_warning(admin_client):
    easy = ArticleFactory(summary="Eat fish. Get some sun.", intro="Ask your doctor.")

    response = admin_client.post(
        reverse("admin:articles_article_change", args=[easy.pk]),
        article_change_data(easy, summary="Eat fish. Get some sun. Walk a bit."),
    )

    # The save went through (a refused save would show no warning either), and warned of nothing.
    assert response.status_code == 302
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("was changed successfully" in message for message in messages)
    assert not any("target for patients" in message for message in messages)


def test_admin_review_filter_and_dashboard_count(admin_client):
    today = timezone.localdate()
    ArticleFactory(title="Stale one", next_review_due=today - datetime.timedelta(days=3))
    ArticleFactory(title="Stale two", next_review_due=today - datetime.timedelta(days=400))
    ArticleFactory(title="Fresh", next_review_due=today + datetime.timedelta(days=300))

    changelist = admin_client.get(reverse("admin:articles_article_changelist"), {"review": "overdue"})
    dashboard = admin_client.get(reverse("admin:index")).content.decode()

    assert changelist.context["cl"].result_count == 2
    assert "<strong>2</strong> articles overdue for medical review" in dashboard
    assert "?review=overdue" in dashboard


HARD_SPANISH = (
    "La hipomagnesemia desencadena hiperexcitabilidad neuromuscular, manifestándose mediante fasciculaciones, "
    "espasmos carpopedales y, en presentaciones considerablemente avanzadas, convulsiones tónico-clónicas "
    "generalizadas."
)


def test_the_article_page_measures_spanish_text_with_its_own_formula_and_target(admin_client):
    SiteSettings.objects.filter(pk=SiteSettings.load().pk).update(language="es", reading_targets={"es": 55})
    hard = ArticleFactory(summary=HARD_SPANISH, intro="Coma pescado. Tome el sol.")
    url = reverse("admin:articles_article_change", args=[hard.pk])

    page = admin_client.get(url).content.decode()
    response = admin_client.post(url, article_change_data(hard))

    assert "Szigriszt-Pazos perspicuity" in page and "below the site&#x27;s target of 55 for patients" in page
    assert "Flesch" not in page.split("field-readability_scores")[1].split("field-citation_check")[0]
    assert "Score by part:" in page
    assert '<li class="above-target">Quick summary:' in page and "<li>Introduction:" in page  # the easy part unmarked
    warnings = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("the site's target for patients is at least 55" in warning for warning in warnings)


def test_the_article_page_says_a_language_with_no_formula_could_not_be_measured(admin_client):
    SiteSettings.objects.filter(pk=SiteSettings.load().pk).update(language="ar", target_reading_grade=1)
    article = ArticleFactory(summary="Hypovitaminosis D precipitates hypocalcemia.", intro="Ask your doctor.")
    url = reverse("admin:articles_article_change", args=[article.pk])

    page = admin_client.get(url).content.decode()
    response = admin_client.post(url, article_change_data(article))

    assert "The reading level could not be measured: no readability formula fits the language “ar”" in page
    assert "Flesch-Kincaid grade" not in page
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("was changed successfully" in message for message in messages)
    assert not any("target for patients" in message for message in messages)  # nothing measured, nothing warned
    Article.objects.filter(pk=article.pk).update(language="en")
    assert "Flesch-Kincaid grade" in admin_client.get(url).content.decode()  # control: the same text in English
