"""Translations: made from a live version, reviewed on their own by a reviewer who reads the language, served at
`?language=`, and behind their source (the admin's list, the detail, a webhook) when the source goes live again."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from articles.models import Article, ArticleStatus, Contributor
from core.exceptions import DutyConflict, StateConflict
from core.models import SiteSettings
from publishing.selectors import translations_behind
from publishing.services.editorial_steps import article_transition
from publishing.services.translations import article_translate, article_translation_catch_up
from tests.helpers.factories import complete_article
from tests.helpers.manage_api import token_client
from tests.helpers.people import reviewer_user, user_in_role
from tests.helpers.publishing import publish_reviewed, shown
from webhooks.models import WebhookDelivery
from webhooks.services.endpoints import webhook_endpoint_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def serves_spanish():
    SiteSettings.objects.filter(pk=SiteSettings.load().pk).update(language="en", languages="es")


def live_english(**fields) -> Article:
    article = complete_article(children=2, slug="vitamin-d", title="Vitamin D and your muscles", **fields)
    publish_reviewed(article)
    return Article.objects.get(pk=article.pk)


def spanish_reviewer(username="revisora"):
    user = reviewer_user(username, "Dra. Revisora")
    Contributor.objects.filter(user=user).update(review_languages="en, es")
    return user


def translate_and_publish(source: Article, *, title="La vitamina D y sus músculos", slug="vitamina-d") -> Article:
    spanish = article_translate(source=source, language="es", copy_text=True, user=None)
    Article.objects.filter(pk=spanish.pk).update(title=title, slug=slug)
    spanish = Article.objects.get(pk=spanish.pk)
    article_transition("submit", article=spanish, user=user_in_role("autora", "Author"))
    article_transition("approve", article=spanish, user=spanish_reviewer(), shown_document=shown(spanish))
    article_transition("publish", article=Article.objects.get(pk=spanish.pk), user=user_in_role("editor", "Publisher"))
    return Article.objects.get(pk=spanish.pk)


# ---------------------------------------------------------------------------------------------------------------
# Made from the live version


def test_a_translation_starts_from_the_live_text_and_records_its_version():
    source = live_english()

    spanish = article_translate(source=source, language="es", copy_text=True, user=None)

    assert (spanish.language, spanish.status, spanish.translation_of_id) == ("es", ArticleStatus.DRAFT, source.pk)
    assert spanish.translation_key == source.translation_key and spanish.source_version == source.version
    assert spanish.title == source.title and spanish.intro == source.intro
    assert spanish.sections.count() == source.sections.count() == 2
    assert list(spanish.citations.values_list("reference", flat=True)) == list(
        source.citations.values_list("reference", flat=True)
    )


def test_a_translation_started_empty_keeps_only_what_a_save_needs_and_the_citations():
    source = live_english()

    spanish = article_translate(source=source, language="es", copy_text=False, user=None)

    assert (spanish.title, spanish.summary) == (source.title, source.summary)  # required: the translator replaces them
    assert (spanish.intro, spanish.sections.count(), spanish.faqs.count()) == ("", 0, 0)
    assert spanish.citations.count() == source.citations.count() > 0


def test_a_translation_into_a_language_the_site_does_not_serve_or_already_has_is_refused():
    source = live_english()

    with pytest.raises(ValidationError) as unserved:
        article_translate(source=source, language="fr", copy_text=True, user=None)
    article_translate(source=source, language="es", copy_text=True, user=None)  # control: a served language
    with pytest.raises(ValidationError) as twice:
        article_translate(source=source, language="es", copy_text=True, user=None)

    assert "does not serve fr" in unserved.value.message_dict["language"][0]
    assert "already the es version" in twice.value.message_dict["language"][0]


def test_only_a_live_article_is_translated():
    draft = complete_article(slug="draft-only")

    with pytest.raises(StateConflict):
        article_translate(source=draft, language="es", copy_text=True, user=None)


# ---------------------------------------------------------------------------------------------------------------
# Reviewed on its own, by a reviewer who reads it


def test_a_translation_is_approved_only_by_a_reviewer_who_reads_its_language():
    spanish = article_translate(source=live_english(), language="es", copy_text=True, user=None)
    article_transition("submit", article=spanish, user=user_in_role("autora", "Author"))
    english_only = reviewer_user("reviewer-en", "Dr English")

    with pytest.raises(DutyConflict) as refused:
        article_transition("approve", article=spanish, user=english_only, shown_document=shown(spanish))
    article_transition("approve", article=spanish, user=spanish_reviewer(), shown_document=shown(spanish))

    assert "must approve it" in str(refused.value) and "you review in en" in str(refused.value)
    assert Article.objects.get(pk=spanish.pk).status == ArticleStatus.APPROVED


def test_a_translation_never_goes_live_unreviewed():
    spanish = article_translate(source=live_english(), language="es", copy_text=True, user=None)

    with pytest.raises(StateConflict):
        article_transition("publish", article=spanish, user=user_in_role("editor", "Publisher"))

    assert not spanish.publications.exists()


# ---------------------------------------------------------------------------------------------------------------
# Behind its source


def republish_newer(source: Article) -> None:
    """The source edited (a new version) and live again."""
    Article.objects.filter(pk=source.pk).update(intro="Newer advice on vitamin D.", version=source.version + 1)
    publish_reviewed(Article.objects.get(pk=source.pk))


def test_a_source_going_live_again_leaves_its_translation_behind_everywhere(
    api_client, django_capture_on_commit_callbacks
):
    source = live_english()
    spanish = translate_and_publish(source)
    webhook_endpoint_create(url="https://hooks.example.org/in", events=["translation.outdated"])
    before = api_client.get("/api/v1/articles/vitamina-d/", {"language": "es"}).json()
    assert list(translations_behind()) == []  # control: up to date

    with django_capture_on_commit_callbacks(execute=True):
        republish_newer(source)

    after = api_client.get("/api/v1/articles/vitamina-d/", {"language": "es"}).json()
    behind = list(translations_behind())
    delivery = WebhookDelivery.objects.get()
    assert (before["source_updated_since_translation"], after["source_updated_since_translation"]) == (False, True)
    assert [article.pk for article in behind] == [spanish.pk]
    assert behind[0].source_live_version == Article.objects.get(pk=source.pk).version
    assert delivery.payload["type"] == "translation.outdated"
    assert delivery.payload["data"]["slug"] == "vitamina-d" and delivery.payload["data"]["language"] == "es"
    assert delivery.payload["data"]["url"].endswith("/api/v1/articles/vitamina-d/?language=es")
    assert delivery.payload["data"]["source"]["slug"] == "vitamin-d"


def test_bringing_a_translation_up_to_date_is_an_edit_that_needs_a_new_review(api_client, author):
    source = live_english()
    spanish = translate_and_publish(source)
    republish_newer(source)
    assert list(translations_behind()) == [spanish]  # control

    caught_up = article_translation_catch_up(article=spanish, user=author, expected_version=spanish.version)

    source_version = Article.objects.get(pk=source.pk).version
    assert (caught_up.source_version, caught_up.status) == (source_version, ArticleStatus.DRAFT)
    # What readers see stays the reviewed translation, still marked behind (and listed so, an update left half-way
    # is not lost from view), until the new version is approved and live.
    detail = api_client.get("/api/v1/articles/vitamina-d/", {"language": "es"}).json()
    assert detail["source_updated_since_translation"] is True
    assert list(translations_behind()) == [spanish]
    assert translations_behind().get().followed_version < source_version

    publish_reviewed(Article.objects.get(pk=spanish.pk))

    assert list(translations_behind()) == []
    after = api_client.get("/api/v1/articles/vitamina-d/", {"language": "es"}).json()
    assert after["source_updated_since_translation"] is False


# ---------------------------------------------------------------------------------------------------------------
# The public API per language


def test_each_language_is_served_at_its_own_address_and_never_another_languages_text(api_client):
    source = live_english()
    translate_and_publish(source)

    english = api_client.get("/api/v1/articles/")
    spanish = api_client.get("/api/v1/articles/", {"language": "es"})
    missing = api_client.get("/api/v1/articles/vitamina-d/")
    missing_jsonld = api_client.get("/api/v1/articles/vitamina-d/jsonld/")
    unserved = api_client.get("/api/v1/articles/", {"language": "fr"})
    malformed = api_client.get("/api/v1/articles/", {"language": "not a tag"})

    assert [item["slug"] for item in english.json()["results"]] == ["vitamin-d"]
    assert [item["slug"] for item in spanish.json()["results"]] == ["vitamina-d"]
    assert (english["Content-Language"], spanish["Content-Language"]) == ("en", "es")
    assert missing.status_code == 404 and missing.json()["available_languages"] == ["es"]
    assert missing_jsonld.status_code == 404 and missing_jsonld["Content-Type"] == "application/json"  # an error
    assert unserved.status_code == 400 and "language" in unserved.json()
    assert malformed.status_code == 400 and "language" in malformed.json()


def test_the_detail_links_the_live_translations_both_ways(api_client):
    source = live_english()
    alone = api_client.get("/api/v1/articles/vitamin-d/")
    translate_and_publish(source)

    english = api_client.get("/api/v1/articles/vitamin-d/")
    spanish = api_client.get("/api/v1/articles/vitamina-d/", {"language": "es"}).json()

    assert alone.json()["translations"] == []  # control: nothing else live yet
    assert [(t["language"], t["slug"]) for t in english.json()["translations"]] == [("es", "vitamina-d")]
    assert english.json()["translations"][0]["url"].endswith("/api/v1/articles/vitamina-d/?language=es")
    assert english["ETag"] != alone["ETag"]  # a cached copy without the translation is not revalidated as current
    assert (spanish["language"], spanish["text_direction"]) == ("es", "ltr")
    assert {k: spanish["translation_of"][k] for k in ("language", "slug")} == {"language": "en", "slug": "vitamin-d"}
    assert [(t["language"], t["slug"]) for t in spanish["translations"]] == [("en", "vitamin-d")]
    assert spanish["translations"][0]["url"].endswith("/api/v1/articles/vitamin-d/")


def test_the_response_cache_keeps_languages_apart(api_client):
    source = live_english()
    translate_and_publish(source)
    for language in ("en", "es"):
        api_client.get("/api/v1/articles/", {"language": language})

    english = api_client.get("/api/v1/articles/", {"language": "en"})
    spanish = api_client.get("/api/v1/articles/", {"language": "es"})

    assert (english["X-Cache"], spanish["X-Cache"]) == ("hit", "hit")
    assert [item["language"] for item in english.json()["results"]] == ["en"]
    assert [item["language"] for item in spanish.json()["results"]] == ["es"]


def test_faqs_and_the_sync_feed_follow_the_language(api_client):
    source = live_english()
    translate_and_publish(source)

    faqs = api_client.get("/api/v1/faqs/", {"language": "es"}).json()["results"]
    feed = api_client.get("/api/v1/sync/", {"initial": "true", "language": "es"}).json()
    other = api_client.get("/api/v1/sync/", {"sync_token": feed["next_sync_token"]})

    assert faqs and {faq["article"]["slug"] for faq in faqs} == {"vitamina-d"}
    assert [(item["slug"], item["language"]) for item in feed["items"]] == [("vitamina-d", "es")]
    assert other.status_code == 400 and "?language=es" in other.json()["sync_token"][0]


def test_the_management_api_creates_a_translation_and_finds_it_by_slug_and_language(author):

    source = live_english()
    client = token_client(author)
    body = {
        "title": "La vitamina D",
        "slug": "vitamin-d",  # the same slug as its source: unique per language
        "summary": "Resumen.",
        "language": "es",
        "translation_of": {"slug": "vitamin-d", "language": "en"},
    }

    created = client.post("/api/v1/manage/articles/", body, format="json")
    english = client.get("/api/v1/manage/articles/vitamin-d/")
    spanish = client.get("/api/v1/manage/articles/vitamin-d/", {"language": "es"})
    again = client.post("/api/v1/manage/articles/", body, format="json")

    assert created.status_code == 201, created.json()
    assert created["Location"].endswith("/api/v1/manage/articles/vitamin-d/?language=es")
    assert (english.json()["language"], spanish.json()["language"]) == ("en", "es")
    assert spanish.json()["translation_of"] == {"slug": "vitamin-d", "language": "en"}
    assert spanish.json()["source_version"] == source.version
    assert again.status_code == 409 and list(again.json()) == ["slug"]  # that slug is taken in Spanish now


def test_the_management_api_lists_translations_behind_and_brings_one_up_to_date(author):
    source = live_english()
    spanish = translate_and_publish(source)
    client = token_client(author)
    up_to_date = client.get("/api/v1/manage/articles/", {"behind_source": "true"}).json()["results"]
    republish_newer(source)
    spanish.refresh_from_db()

    behind = client.get("/api/v1/manage/articles/", {"behind_source": "true"}).json()["results"]
    others = client.get("/api/v1/manage/articles/", {"behind_source": "false"}).json()["results"]
    stale = client.post("/api/v1/manage/articles/vitamina-d/source-caught-up/?language=es", HTTP_IF_MATCH='"999"')
    not_a_translation = client.post(
        "/api/v1/manage/articles/vitamin-d/source-caught-up/", HTTP_IF_MATCH=f'"{source.version + 1}"'
    )
    caught_up = client.post(
        "/api/v1/manage/articles/vitamina-d/source-caught-up/?language=es", HTTP_IF_MATCH=f'"{spanish.version}"'
    )

    assert up_to_date == []  # control: nothing behind before the source changed
    assert [(row["slug"], row["language"]) for row in behind] == [("vitamina-d", "es")]
    assert [row["slug"] for row in others] == ["vitamin-d"]
    assert stale.status_code == 412
    assert not_a_translation.status_code == 409, not_a_translation.json()
    assert caught_up.status_code == 200, caught_up.json()
    body = caught_up.json()
    assert (body["source_version"], body["status"]) == (Article.objects.get(pk=source.pk).version, "draft")
    assert caught_up["ETag"] == f'"{body["version"]}"'
    # Still behind for its readers until the caught-up version is reviewed and live.
    still = client.get("/api/v1/manage/articles/", {"behind_source": "true"}).json()["results"]
    assert [row["slug"] for row in still] == ["vitamina-d"]
    publish_reviewed(Article.objects.get(pk=spanish.pk))
    assert client.get("/api/v1/manage/articles/", {"behind_source": "true"}).json()["results"] == []


def test_the_json_ld_links_a_translation_and_its_source_as_they_are_live(api_client):
    source = live_english()
    alone = api_client.get("/api/v1/articles/vitamin-d/jsonld/").json()["@graph"][0]
    translate_and_publish(source)

    english = api_client.get("/api/v1/articles/vitamin-d/jsonld/").json()["@graph"][0]
    spanish = api_client.get("/api/v1/articles/vitamina-d/jsonld/", {"language": "es"}).json()["@graph"][0]

    assert "workTranslation" not in alone and alone["inLanguage"] == "en"  # control: nothing else live yet
    assert [(work["inLanguage"], work["url"]) for work in english["workTranslation"]] == [
        ("es", "https://www.example.org/articles/vitamina-d/")
    ]
    assert spanish["inLanguage"] == "es" and "workTranslation" not in spanish
    assert spanish["translationOfWork"]["url"] == "https://www.example.org/articles/vitamin-d/"


def test_an_article_page_template_with_a_language_puts_each_translation_under_its_own_path(api_client):
    SiteSettings.objects.filter(pk=1).update(article_url_template="https://health.example.org/{language}/a/{slug}/")
    source = live_english()
    translate_and_publish(source)

    english = api_client.get("/api/v1/articles/vitamin-d/jsonld/").json()["@graph"][0]

    assert english["url"] == "https://health.example.org/en/a/vitamin-d/"
    assert english["workTranslation"][0]["url"] == "https://health.example.org/es/a/vitamina-d/"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stemming is PostgreSQL's text search")
def test_a_spanish_search_finds_the_other_forms_of_a_word(api_client):
    translate_and_publish(live_english(), title="El calambre muscular y la vitamina D")

    plural = api_client.get("/api/v1/articles/", {"language": "es", "search": "calambres"}).json()["results"]
    unrelated = api_client.get("/api/v1/articles/", {"language": "es", "search": "rodillas"}).json()["results"]

    # "calambres" is no prefix of "calambre": only the Spanish stemmer (calambr) joins them.
    assert [item["slug"] for item in plural] == ["vitamina-d"]
    assert unrelated == []  # control: a word it does not hold


@pytest.mark.parametrize("language", ["0", "en_US!", "fr"])
def test_an_article_in_a_malformed_or_unserved_language_is_refused_by_name(author, language):
    client = token_client(author)
    body = {"title": "Zinc", "summary": "Zinc helps.", "language": language}

    refused = client.post("/api/v1/manage/articles/", body, format="json")
    taken = client.post("/api/v1/manage/articles/", {**body, "language": "es"}, format="json")

    assert refused.status_code == 400 and list(refused.json()) == ["language"]
    assert taken.status_code == 201  # control: a language the site serves


# ---------------------------------------------------------------------------------------------------------------
# An article's language is part of its address


def test_a_put_that_leaves_the_language_out_keeps_it(author):
    spanish = article_translate(source=live_english(), language="es", copy_text=True, user=None)
    client = token_client(author)
    whole = {"title": "La vitamina D", "summary": "Resumen.", "key_points": [], "sections": [], "faqs": []}
    url = f"/api/v1/manage/articles/{spanish.slug}/?language=es"

    replaced = client.put(url, {**whole, "cause_comparisons": [], "citations": []}, format="json", HTTP_IF_MATCH="*")

    assert replaced.status_code == 200, replaced.json()
    assert (replaced.json()["language"], replaced.json()["intro"]) == ("es", "")  # the intro, left out, is emptied


def test_an_article_whose_language_changed_under_the_same_slug_is_not_sent_in_the_old_languages_feed(api_client):
    article = live_english()
    token = api_client.get("/api/v1/sync/", {"initial": "true"}).json()["next_sync_token"]
    Article.objects.filter(pk=article.pk).update(language="es")
    publish_reviewed(Article.objects.get(pk=article.pk))

    english = api_client.get("/api/v1/sync/", {"sync_token": token}).json()
    detail = api_client.get("/api/v1/articles/vitamin-d/")

    assert english["items"] == [] and english["deleted_ids"] == [article.pk]  # gone from English, no Spanish text
    assert detail.status_code == 404 and detail.json()["available_languages"] == ["es"]  # not a redirect to itself


def test_a_sync_token_made_before_languages_is_taken_for_the_language_asked(api_client):
    from django.core import signing

    from publishing.sync import SALT

    live_english()
    made = api_client.get("/api/v1/sync/", {"initial": "true"}).json()["next_sync_token"]
    data = signing.loads(made, salt=SALT)
    data.pop("l")
    older = signing.dumps(data, salt=SALT, compress=True)

    assert api_client.get("/api/v1/sync/", {"sync_token": older}).status_code == 200
    assert api_client.get("/api/v1/sync/", {"sync_token": made, "language": "es"}).status_code == 400  # control


def test_a_translation_group_has_one_article_per_language(author):
    source = live_english()
    spanish = article_translate(source=source, language="es", copy_text=True, user=None)
    client = token_client(author)

    refused = client.patch(
        f"/api/v1/manage/articles/{spanish.slug}/?language=es",
        {"language": "en", "slug": "vitamin-d-copy"},
        format="json",
        HTTP_IF_MATCH="*",
    )
    allowed = client.patch(
        f"/api/v1/manage/articles/{spanish.slug}/?language=es",
        {"title": "Vitamina D"},
        format="json",
        HTTP_IF_MATCH="*",
    )

    # Valid input another record holds: a conflict (409), as a slug taken, never a 400 for schema-valid data.
    assert refused.status_code == 409 and "already this article in en" in refused.json()["language"][0]
    assert allowed.status_code == 200  # control


def test_the_site_settings_keep_language_tags_as_the_api_compares_them():
    site = SiteSettings.load()
    site.language, site.languages = "en_us", "ES-mx, en-US"
    site.save()

    assert SiteSettings.load().served_languages() == ["en-US", "es-MX"]
    assert SiteSettings.load().languages == "es-MX"


@pytest.mark.parametrize("value", ["AAA", "1", "yes", ""])
def test_behind_source_takes_true_or_false_and_refuses_anything_else_by_name(author, value):
    client = token_client(author)

    refused = client.get("/api/v1/manage/articles/", {"behind_source": value})

    assert client.get("/api/v1/manage/articles/", {"behind_source": "false"}).status_code == 200  # control
    assert refused.status_code == 400 and list(refused.json()) == ["behind_source"]


def test_a_translation_is_made_from_the_source_not_from_another_translation():
    source = live_english()
    spanish = translate_and_publish(source)
    SiteSettings.objects.filter(pk=SiteSettings.load().pk).update(languages="es, fr")

    with pytest.raises(StateConflict) as refused:
        article_translate(source=spanish, language="fr", copy_text=True, user=None)
    french = article_translate(source=source, language="fr", copy_text=True, user=None)  # control: from the source

    assert "translate its source" in str(refused.value) and "Vitamin D and your muscles" in str(refused.value)
    assert french.translation_of_id == source.pk
    assert not Article.objects.filter(translation_of=spanish).exists()
