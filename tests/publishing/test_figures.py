"""Images in articles (issue 25 part 4): a hero image and figures placed with ![alt](image:ID), only from the media
library; the public document gives them with their renditions and shows them in its HTML with a srcset; the approval
freezes them (an image changed while the reviewer reads makes the approval stale, one changed afterwards reaches the
public only through a new review); unfinished images stop a submission; an image in use is not deleted."""

import io

import pytest

from articles.image_usage import articles_using_image
from articles.models import Article, Contributor
from core.exceptions import StaleDocument, StateConflict
from core.markdown import render_markdown
from core.models import SiteSettings
from media.models import Image
from media.services import image_create, image_delete, image_update
from publishing.services.editorial_steps import article_transition
from publishing.services.translations import article_translate
from tests.helpers.factories import complete_article
from tests.helpers.images import picture
from tests.helpers.manage_api import token_client
from tests.helpers.people import reviewer_user, user_in_role
from tests.helpers.publishing import approve, publish_reviewed, shown

pytestmark = pytest.mark.django_db

READY = {"alt_text": "Where the calf muscle cramps", "credit": "The project", "licence": "CC BY 4.0"}


def library_image(**fields) -> Image:
    return image_create(upload=io.BytesIO(picture(700, 400, "JPEG")), fields={**READY, **fields})


def place(article: Article, *, hero: Image | None = None, figure: Image | None = None, alt: str = "") -> Article:
    """Set the hero image and put a figure in the first section's body, through the management API."""
    client = token_client(user_in_role("figures-editor", "Managing editor"))
    article.refresh_from_db()
    section = article.sections.order_by("position").first()
    body = {"hero_image": hero.pk if hero else None}
    if figure:
        placed = f"{section.body}\n\n![{alt}](image:{figure.pk})"
        body["sections"] = [{"id": section.pk, "heading": section.heading, "body_markdown": placed}] + [
            {"id": row.pk, "heading": row.heading, "body_markdown": row.body}
            for row in article.sections.order_by("position")[1:]
        ]
    response = client.patch(
        f"/api/v1/manage/articles/{article.slug}/", body, format="json", HTTP_IF_MATCH=f'"{article.version}"'
    )
    assert response.status_code == 200, response.json()
    article.refresh_from_db()
    return article


# Markdown and the sanitizer


def test_a_library_image_is_kept_as_a_placeholder_and_an_image_from_elsewhere_is_not_shown():
    rendered = render_markdown(
        'A ![chart "one"](image:12) then ![x](https://example.org/a.png) <img src="https://example.org/b.png">'
    )

    assert '<img src="image:12" alt="chart &quot;one&quot;">' in rendered
    assert "example.org" not in rendered and rendered.count("<img") == 1


def test_saving_refuses_an_image_from_elsewhere_naming_the_field_and_saves_nothing():
    article = complete_article(children=1)
    client = token_client(user_in_role("figures-editor", "Managing editor"))
    url = f"/api/v1/manage/articles/{article.slug}/"
    version = f'"{article.version}"'

    for text in ("![A rash](https://example.org/rash.jpg)", '<img src="//example.org/rash.jpg" alt="A rash">'):
        refused = client.patch(url, {"intro": text}, format="json", HTTP_IF_MATCH=version)
        assert refused.status_code == 400
        assert "media library" in refused.json()["intro"][0]
        assert Article.objects.get(pk=article.pk).intro != text

    missing = client.patch(url, {"intro": "![A rash](image:999999)"}, format="json", HTTP_IF_MATCH=version)
    assert missing.status_code == 400 and "999999" in missing.json()["intro"][0]

    image = library_image()
    accepted = client.patch(url, {"intro": f"![A rash](image:{image.pk})"}, format="json", HTTP_IF_MATCH=version)
    assert accepted.status_code == 200, accepted.json()


# The public document


def test_the_public_detail_gives_the_hero_and_the_figures_with_renditions_and_shows_figures_with_a_srcset(api_client):
    hero, figure = library_image(), library_image(alt_text="A chart of magnesium intake", caption="Daily intake")
    article = place(complete_article(children=2), hero=hero, figure=figure, alt="Intake by age")
    publish_reviewed(article)

    detail = api_client.get(f"/api/v1/articles/{article.slug}/").json()

    assert detail["hero_image"]["id"] == hero.pk and detail["hero_image"]["alt_text"] == READY["alt_text"]
    assert set(detail["hero_image"]) == {
        "id", "alt_text", "decorative", "caption", "credit", "licence", "width", "height", "focal_point", "renditions",
    }  # fmt: skip
    renditions = detail["hero_image"]["renditions"]
    assert {entry["format"] for entry in renditions} == {"avif", "webp", "jpeg"}
    assert max(entry["width"] for entry in renditions) <= 700
    assert [entry["id"] for entry in detail["figures"]] == [figure.pk]
    assert detail["figures"][0]["caption"] == "Daily intake"
    body = detail["sections"][0]["body_html"]
    assert body.count("<picture>") == 1 and 'type="image/avif"' in body and " 640w" in body
    assert 'alt="Intake by age"' in body and 'sizes="' in body and 'width="700" height="400"' in body
    assert "image:" not in body  # no placeholder reaches readers
    jsonld = api_client.get(f"/api/v1/articles/{article.slug}/jsonld/").json()
    page = jsonld["@graph"][0]
    assert page["image"]["url"].endswith(".jpg") and page["image"]["width"]["value"] == 640


def test_a_decorative_figure_has_an_empty_alt_whatever_its_text_says(api_client):
    figure = library_image(decorative=True, alt_text="")
    article = place(complete_article(children=1), figure=figure, alt="Decoration")
    publish_reviewed(article)

    body = api_client.get(f"/api/v1/articles/{article.slug}/").json()["sections"][0]["body_html"]

    assert 'alt=""' in body and "Decoration" not in body


# Frozen with the approval


def test_an_alt_text_changed_while_the_reviewer_reads_makes_the_approval_stale():
    hero = library_image()
    article = place(complete_article(children=1), hero=hero)
    article_transition("submit", article=article, user=user_in_role("helper-author", "Author"))
    reviewer = reviewer_user("figures-reviewer", "Dr Figures")
    read = shown(article)

    image_update(image=hero, fields={"alt_text": "Another description"}, expected_version=hero.version)

    with pytest.raises(StaleDocument) as refused:
        article_transition("approve", article=Article.objects.get(pk=article.pk), user=reviewer, shown_document=read)
    # The refusal names the image that changed, as it names a reference (not "the rendered document (hero_image)").
    assert "Image “Another description” was edited by" in str(refused.value), str(refused.value)
    assert "rendered document" not in str(refused.value)
    # The reviewer reads it again, and approves what is there now.
    article_transition(
        "approve", article=Article.objects.get(pk=article.pk), user=reviewer, shown_document=shown(article)
    )


def test_an_alt_text_changed_after_approval_reaches_the_public_only_through_a_new_review(api_client):
    hero = library_image()
    article = place(complete_article(children=1), hero=hero)
    approve(article)
    article_transition("publish", article=Article.objects.get(pk=article.pk), user=user_in_role("pub", "Publisher"))
    hero.refresh_from_db()

    image_update(image=hero, fields={"alt_text": "Changed after approval"}, expected_version=hero.version)
    url = f"/api/v1/articles/{article.slug}/"
    assert api_client.get(url).json()["hero_image"]["alt_text"] == READY["alt_text"]

    approve(article)
    article_transition("publish", article=Article.objects.get(pk=article.pk), user=user_in_role("pub", "Publisher"))
    assert api_client.get(url).json()["hero_image"]["alt_text"] == "Changed after approval"


# Texts in the article's language


SPANISH = {"alt_text": "Donde se contrae el músculo de la pantorrilla", "caption": "Ingesta diaria"}


def spanish_translation(hero: Image) -> tuple[Article, Article]:
    """A live English article and its Spanish translation, submitted, both showing `hero` as hero and figure."""
    SiteSettings.objects.filter(pk=SiteSettings.load().pk).update(language="en", languages="es")
    source = place(complete_article(children=1), hero=hero, figure=hero)
    publish_reviewed(source)
    spanish = article_translate(source=Article.objects.get(pk=source.pk), language="es", copy_text=True, user=None)
    spanish = place(spanish, hero=hero, figure=hero)
    article_transition("submit", article=spanish, user=user_in_role("autora", "Author"))
    return Article.objects.get(pk=source.pk), Article.objects.get(pk=spanish.pk)


def test_a_spanish_article_shows_its_images_texts_in_spanish_and_the_default_text_where_none_is_written(api_client):
    hero = library_image(caption="Daily intake", translations={"es": SPANISH})
    source, spanish = spanish_translation(hero)
    reviewer = reviewer_user("revisora", "Dra. Revisora")
    Contributor.objects.filter(user=reviewer).update(review_languages="en, es")
    article_transition("approve", article=spanish, user=reviewer, shown_document=shown(spanish))
    article_transition("publish", article=Article.objects.get(pk=spanish.pk), user=user_in_role("pub", "Publisher"))

    detail = api_client.get(f"/api/v1/articles/{spanish.slug}/", {"language": "es"}).json()

    assert detail["hero_image"]["alt_text"] == SPANISH["alt_text"]
    assert detail["hero_image"]["caption"] == SPANISH["caption"]
    assert detail["hero_image"]["credit"] == READY["credit"]  # no Spanish credit: the image's own
    assert detail["figures"][0]["alt_text"] == SPANISH["alt_text"]
    assert f'alt="{SPANISH["alt_text"]}"' in detail["sections"][0]["body_html"]
    # Positive control: the English article, the same image, shows its own texts.
    english = api_client.get(f"/api/v1/articles/{source.slug}/").json()
    assert english["hero_image"]["alt_text"] == READY["alt_text"] and english["hero_image"]["caption"] == "Daily intake"
    assert f'alt="{READY["alt_text"]}"' in english["sections"][0]["body_html"]


def test_a_spanish_alt_text_changed_while_the_reviewer_reads_makes_the_spanish_approval_stale():
    hero = library_image(translations={"es": SPANISH})
    source, spanish = spanish_translation(hero)
    reviewer = reviewer_user("revisora", "Dra. Revisora")
    Contributor.objects.filter(user=reviewer).update(review_languages="en, es")
    read, english_read = shown(spanish), shown(source)
    hero.refresh_from_db()

    changed = {"es": {**SPANISH, "alt_text": "Otra descripción"}}
    image_update(image=hero, fields={"translations": changed}, expected_version=hero.version)

    with pytest.raises(StaleDocument):
        article_transition("approve", article=Article.objects.get(pk=spanish.pk), user=reviewer, shown_document=read)
    # Control: the English article's document does not change with a Spanish text.
    assert shown(source) == english_read
    # The reviewer reads it again, and approves what is there now: the Spanish text, frozen.
    article_transition(
        "approve", article=Article.objects.get(pk=spanish.pk), user=reviewer, shown_document=shown(spanish)
    )
    hero.refresh_from_db()
    image_update(image=hero, fields={"alt_text": "Changed in English"}, expected_version=hero.version)
    assert shown(source) != english_read  # positive control: the English text is the English document's


# Submission


@pytest.mark.parametrize("missing", ["credit", "licence"])
def test_submitting_an_article_whose_image_lacks_its_credit_or_licence_is_refused_naming_the_image(missing):
    hero = library_image(**{missing: ""})
    article = place(complete_article(children=1), hero=hero)
    author = user_in_role("helper-author", "Author")

    with pytest.raises(StateConflict, match=rf"image:{hero.pk}\) has no {missing}"):
        article_transition("submit", article=article, user=author)
    assert Article.objects.get(pk=article.pk).status == "draft"

    image_update(image=hero, fields={missing: "Filled in"}, expected_version=hero.version)
    article_transition("submit", article=Article.objects.get(pk=article.pk), user=author)  # the control
    assert Article.objects.get(pk=article.pk).status == "in_review"


# In use


def test_an_image_an_article_shows_is_listed_and_not_deleted_and_after_approval_it_stays():
    hero, figure, unused = library_image(), library_image(), library_image()
    article = place(complete_article(children=1), hero=hero, figure=figure)

    assert list(articles_using_image(hero)) == list(articles_using_image(figure)) == [article]
    for image in (hero, figure):
        with pytest.raises(StateConflict, match=article.title):
            image_delete(image=image, expected_version=None)
    image_delete(image=unused, expected_version=None)  # the control
    assert not Image.objects.filter(pk=unused.pk).exists()

    approve(article)
    article_transition("publish", article=Article.objects.get(pk=article.pk), user=user_in_role("pub", "Publisher"))
    place(article)  # no hero any more in the working copy; the live version, approved, still shows it
    assert list(articles_using_image(hero)) == []
    with pytest.raises(StateConflict, match="approved"):
        image_delete(image=hero, expected_version=None)
    assert Image.objects.filter(pk=hero.pk).exists()


def test_deleting_an_image_in_use_over_the_api_is_a_409_naming_the_article():
    hero = library_image()
    article = place(complete_article(children=1), hero=hero)
    client = token_client(user_in_role("figures-editor", "Managing editor"))

    response = client.delete(f"/api/v1/manage/images/{hero.pk}/", HTTP_IF_MATCH=f'"{hero.version}"')

    assert response.status_code == 409 and article.title in str(response.json())
    assert Image.objects.filter(pk=hero.pk).exists()


# Stored versions


def test_a_stored_version_brings_its_hero_image_back_and_a_comparison_of_versions_names_it():
    from articles.comparison.versions import compare_versions
    from articles.services.revisions import article_restore_version
    from articles.versions import stored_version

    first, second = library_image(), library_image()
    article = place(complete_article(children=1), hero=first)
    with_first = stored_version(article, article.version)
    article = place(article, hero=second)
    with_second = stored_version(article, article.version)
    assert with_first is not None and with_second is not None and article.hero_image_id == second.pk

    changes = compare_versions(with_first, with_second)
    hero = [change for change in changes.fields if change.label == "Hero image"]
    assert hero and hero[0].diff == f"image <del>{first.pk}</del><ins>{second.pk}</ins>"

    editor = user_in_role("figures-editor-2", "Managing editor")
    restored = article_restore_version(
        article=article, version=with_first, user=editor, expected_version=article.version
    )
    assert restored.hero_image_id == first.pk


def test_the_html_preview_shows_the_hero_image_first_and_the_figures_with_a_srcset_and_sizes(client):
    from publishing.preview import preview_token_make

    hero, figure = library_image(caption="The hero's caption"), library_image()
    article = place(complete_article(children=1), hero=hero, figure=figure, alt="A figure in the text")

    page = client.get(f"/preview/{preview_token_make(article)}/").content.decode()

    hero_at, intro_at = page.index('<figure class="hero-image">'), page.index("<h2")
    assert hero_at < intro_at and page.count("<picture>") == 2
    assert 'loading="eager"' in page[hero_at:intro_at] and "The hero&#x27;s caption" in page[hero_at:intro_at]
    assert 'alt="A figure in the text"' in page and 'loading="lazy"' in page and 'sizes="(min-width: 48rem)' in page


def test_a_library_image_written_as_html_with_its_attributes_in_another_order_is_served_as_a_figure(api_client):
    figure = library_image()
    article = complete_article(children=1)
    client = token_client(user_in_role("figures-editor", "Managing editor"))
    written = client.patch(
        f"/api/v1/manage/articles/{article.slug}/",
        {"intro": f'Before. <img alt="Pasted &amp; kept" src="image:{figure.pk}"> After.'},
        format="json",
        HTTP_IF_MATCH=f'"{article.version}"',
    )
    assert written.status_code == 200, written.json()
    publish_reviewed(article)

    detail = api_client.get(f"/api/v1/articles/{article.slug}/").json()

    assert [entry["id"] for entry in detail["figures"]] == [figure.pk]
    assert "<picture>" in detail["intro_html"] and 'alt="Pasted &amp; kept"' in detail["intro_html"]
    assert "image:" not in detail["intro_html"]
