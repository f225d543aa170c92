"""The media library's admin page: upload with the same checks as the API, clear errors beside the fields, the
thumbnail for signed-in editors only, the focal-point picker and the usage list."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image as PillowImage

from core.models import SiteSettings
from media.models import Image
from media.services import image_create
from media.storage import image_storage
from tests.helpers.factories import UserFactory
from tests.helpers.images import SVG, empty_storage, jpeg_with_gps, picture, png_bomb
from tests.helpers.people import user_in_role

pytestmark = pytest.mark.django_db

ADD = reverse("admin:media_image_add")


@pytest.fixture(autouse=True)
def fresh_storage():
    empty_storage(image_storage())


def form(**overrides) -> dict:
    return {
        "alt_text": "A diagram of the parathyroid glands",
        "caption": "",
        "credit": "The project",
        "licence": "CC BY 4.0",
        "source_url": "",
        "focal_x": "0.5",
        "focal_y": "0.5",
        "consent_reference": "",
        **overrides,
    }


def posted(content: bytes, name: str = "diagram.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/png")


def an_image(**fields) -> Image:
    return image_create(upload=io.BytesIO(picture(120, 80)), fields={"alt_text": "A chart", **fields})


def test_an_editor_uploads_an_image_with_its_alt_text(admin_client, editor):
    response = admin_client.post(ADD, {**form(), "upload": posted(jpeg_with_gps(), "holiday.jpg")})

    assert response.status_code == 302, response.context["adminform"].form.errors
    image = Image.objects.get()
    assert (image.alt_text, image.format, image.uploaded_by, image.original_filename) == (
        "A diagram of the parathyroid glands", "jpeg", editor, "holiday.jpg",
    )  # fmt: skip


def errors_of(response) -> dict:
    return response.context["adminform"].form.errors


def test_missing_alt_text_is_an_error_beside_the_field_unless_decorative(admin_client):
    missing = admin_client.post(ADD, {**form(alt_text=""), "upload": posted(picture())})
    decorative = admin_client.post(ADD, {**form(alt_text="", decorative="on"), "upload": posted(picture())})

    assert missing.status_code == 200 and list(errors_of(missing)) == ["alt_text"]
    assert "Write the alt text" in errors_of(missing)["alt_text"][0]
    assert decorative.status_code == 302
    assert Image.objects.get().decorative


def test_an_identifiable_patient_without_consent_is_an_error_beside_the_consent_field(admin_client):
    refused = admin_client.post(ADD, {**form(identifiable_patient="on"), "upload": posted(picture())})
    taken = admin_client.post(
        ADD, {**form(identifiable_patient="on", consent_reference="Form 22"), "upload": posted(picture())}
    )

    assert list(errors_of(refused)) == ["consent_reference"]
    assert taken.status_code == 302


@pytest.mark.parametrize(
    ("content", "words"),
    [(SVG, "Not an image in an accepted format"), (png_bomb(), "at most 40 megapixels")],
    ids=["svg", "bomb"],
)
def test_a_refused_file_is_an_error_beside_the_upload(admin_client, content, words):
    response = admin_client.post(ADD, {**form(), "upload": posted(content, "picture.png")})

    assert list(errors_of(response)) == ["upload"]
    assert words in errors_of(response)["upload"][0]
    assert not Image.objects.exists()


def test_the_change_page_shows_the_picker_the_usage_and_saves_the_focal_point(admin_client):
    image = an_image()
    change = reverse("admin:media_image_change", args=[image.pk])

    page = admin_client.get(change).content.decode()
    saved = admin_client.post(change, {**form(focal_x="0.2", focal_y="0.9"), "loaded_version": "1"})

    assert "data-focal-picker" in page and 'data-focal-axis="x"' in page and "newsroom/focal_point.js" in page
    assert "No article uses this image." in page
    assert 'name="upload"' not in page  # a new file is a new image
    assert saved.status_code == 302, errors_of(saved)
    image.refresh_from_db()
    assert (image.focal_x, image.focal_y, image.version) == (0.2, 0.9, 2)


def test_a_focal_point_outside_the_image_is_an_error(admin_client):
    image = an_image()

    response = admin_client.post(
        reverse("admin:media_image_change", args=[image.pk]), {**form(focal_x="1.5"), "loaded_version": "1"}
    )

    assert list(errors_of(response)) == ["focal_x"]


def test_the_thumbnail_is_for_signed_in_editors_only(admin_client):
    image = an_image()
    thumbnail = reverse("admin:media_image_thumbnail", args=[image.pk, 480])

    anonymous = Client().get(thumbnail)
    outsider = Client()
    outsider.force_login(UserFactory(username="outsider", is_staff=True))  # staff, but no permission on images
    forbidden = outsider.get(thumbnail)
    shown = admin_client.get(thumbnail)

    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    assert forbidden.status_code == 403
    assert shown.status_code == 200 and shown["Content-Type"] == "image/jpeg"
    assert "private" in shown["Cache-Control"]
    with PillowImage.open(io.BytesIO(shown.content)) as thumb:
        assert thumb.size == (120, 80) and not thumb.getexif()
    assert admin_client.get(reverse("admin:media_image_thumbnail", args=[image.pk, 9999])).status_code == 404


def test_a_reviewer_sees_images_but_does_not_upload(client):
    image = an_image()
    client.force_login(user_in_role("reviewer-only", "Medical reviewer"))

    assert client.get(reverse("admin:media_image_change", args=[image.pk])).status_code == 200
    assert client.get(reverse("admin:media_image_thumbnail", args=[image.pk, 80])).status_code == 200
    assert client.get(ADD).status_code == 403


def test_deleting_in_the_admin_removes_the_original(admin_client, django_capture_on_commit_callbacks):
    image = an_image()
    name = image.file.name

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:media_image_delete", args=[image.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not image_storage().exists(name)


def test_an_upload_declared_over_the_limit_is_refused_before_it_is_read(admin_client, settings):
    settings.PAGE_BODY_LIMITS = {ADD: 1000}

    refused = admin_client.post(ADD, {**form(), "upload": posted(picture(200, 200, "PNG", compress_level=0))})
    taken = admin_client.post(ADD, {**form(), "upload": posted(picture(4, 4))})

    assert refused.status_code == 413 and b"1000 bytes" in refused.content
    assert taken.status_code == 302  # the control: a body within the limit


def test_the_thumbnail_is_the_smallest_rendition_once_there_is_one(admin_client):
    from media.renditions import renditions_ensure

    image = image_create(upload=io.BytesIO(picture(1000, 500, "JPEG")), fields={"alt_text": "A chart"})
    before = admin_client.get(reverse("admin:media_image_thumbnail", args=[image.pk, 480]))
    assert before["Content-Type"] == "image/jpeg"  # none yet: made from the original, as before

    renditions_ensure(image=image)
    large = admin_client.get(reverse("admin:media_image_thumbnail", args=[image.pk, 480]))
    small = admin_client.get(reverse("admin:media_image_thumbnail", args=[image.pk, 80]))

    rendition = image.renditions.get(format="webp", width=640, crop="")
    assert large.status_code == 200 and large["Content-Type"] == "image/webp"
    assert b"".join(large.streaming_content) == rendition.file.open("rb").read()
    assert "private" in large["Cache-Control"]
    with PillowImage.open(io.BytesIO(b"".join(small.streaming_content))) as thumb:
        assert thumb.size == (320, 160)


def test_the_change_page_lists_the_renditions(admin_client, settings):
    from media.renditions import renditions_ensure

    image = image_create(upload=io.BytesIO(picture(700, 400, "JPEG")), fields={"alt_text": "A chart"})
    change = reverse("admin:media_image_change", args=[image.pk])
    assert "None yet: the task worker makes them" in admin_client.get(change).content.decode()

    renditions_ensure(image=image)
    page = admin_client.get(change).content.decode()

    assert "None yet" not in page
    for label in ("AVIF", "WebP", "JPEG", "Crop 16:9", "Crop 1:1"):
        assert f"<li>{label}: " in page
    assert "320 × 183" in page and "640 × 366" in page
    assert page.count(f'href="{settings.RENDITIONS_URL}') == 9


def test_moving_the_focal_point_in_the_admin_cuts_the_crops_again(admin_client, django_capture_on_commit_callbacks):
    from media.renditions import renditions_ensure
    from tests.helpers.tasks import run_ready_tasks

    image = image_create(upload=io.BytesIO(picture(1000, 500, "JPEG")), fields={"alt_text": "A chart"})
    renditions_ensure(image=image)
    change = reverse("admin:media_image_change", args=[image.pk])
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(change, {**form(alt_text="A chart"), "loaded_version": "1"})  # the same point
    assert run_ready_tasks() == []  # the positive control below

    with django_capture_on_commit_callbacks(execute=True):
        saved = admin_client.post(change, {**form(alt_text="A chart", focal_x="0.0"), "loaded_version": "2"})
    run_ready_tasks()

    assert saved.status_code == 302, errors_of(saved)
    assert set(image.renditions.exclude(crop="").values_list("focal_x", flat=True)) == {0.0}


# Texts in other languages


def serve_spanish():
    SiteSettings.objects.filter(pk=SiteSettings.load().pk).update(language="en", languages="es")


def test_the_change_page_edits_the_alt_text_caption_and_credit_in_each_served_language(admin_client):
    serve_spanish()
    image = an_image(translations={"fr": {"alt_text": "Un graphique"}})
    change = reverse("admin:media_image_change", args=[image.pk])

    page = admin_client.get(change).content.decode()
    saved = admin_client.post(
        change,
        {
            **form(),
            "alt_text__es": "  Un diagrama de las glándulas paratiroides ",
            "caption__es": "",
            "credit__es": "El proyecto",
            "loaded_version": "1",
        },
    )

    assert "Alt text (español)" in page and "Caption (español)" in page and "Credit (español)" in page
    alt_input = re.search(r'<input[^>]*name="alt_text__es"[^>]*>', page).group(0)
    assert 'lang="es"' in alt_input and 'dir="ltr"' in alt_input
    caption_input = re.search(r'<textarea[^>]*name="caption__es"[^>]*>', page).group(0)
    assert 'lang="es"' in caption_input  # a caption is long text, as in English
    assert 'name="translations"' not in page  # the stored map is not typed by hand
    assert saved.status_code == 302, errors_of(saved)
    image.refresh_from_db()
    # Blank texts are no translation; a language no longer served keeps its text.
    assert image.translations == {
        "es": {"alt_text": "Un diagrama de las glándulas paratiroides", "credit": "El proyecto"},
        "fr": {"alt_text": "Un graphique"},
    }
    assert image.version == 2


def test_the_add_page_saves_the_texts_in_other_languages_with_the_upload(admin_client):
    serve_spanish()
    page = admin_client.get(ADD).content.decode()

    response = admin_client.post(
        ADD, {**form(), "alt_text__es": "Un diagrama", "upload": posted(picture(120, 80), "diagram.png")}
    )

    assert 'name="alt_text__es"' in page
    assert response.status_code == 302, errors_of(response)
    assert Image.objects.get().translations == {"es": {"alt_text": "Un diagrama"}}


def test_a_site_serving_one_language_shows_no_fields_for_others(admin_client):
    image = an_image()

    page = admin_client.get(reverse("admin:media_image_change", args=[image.pk])).content.decode()

    assert 'name="alt_text"' in page  # control: the page is the image's
    assert "__es" not in page


def test_an_image_an_article_shows_is_not_deleted_in_the_admin_and_the_editor_is_told_why(admin_client):
    from tests.helpers.factories import ArticleFactory

    image = an_image()
    article = ArticleFactory(hero_image=image)
    url = reverse("admin:media_image_delete", args=[image.pk])

    for response in (admin_client.get(url, follow=True), admin_client.post(url, {"post": "yes"}, follow=True)):
        assert response.redirect_chain[-1][0] == reverse("admin:media_image_change", args=[image.pk])
        assert article.title in response.content.decode()  # the message names the article
    assert Image.objects.filter(pk=image.pk).exists()

    article.delete()  # the control: once nothing shows it, it is deleted
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not Image.objects.filter(pk=image.pk).exists()
    # No "delete selected": it would report every image deleted, whatever their use.
    assert admin_client.get(reverse("admin:media_image_changelist")).context["action_form"] is None
