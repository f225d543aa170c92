"""The media library in the management API: multipart uploads checked before anything is stored, metadata changed
with the ETag that was read, every refusal a JSON 4xx naming the field."""

import io
from urllib.parse import urlsplit

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage

from core.versioning import record_versions
from media.models import Image
from media.renditions import renditions_ensure
from media.storage import image_storage
from tests.helpers.factories import UserFactory
from tests.helpers.images import (
    HTML,
    SVG,
    animated_gif,
    empty_storage,
    jpeg_with_gps,
    picture,
    png_bomb,
    stored_names,
)
from tests.helpers.manage_api import token_client

pytestmark = pytest.mark.django_db

IMAGES = "/api/v1/manage/images/"


@pytest.fixture(autouse=True)
def fresh_throttles_and_storage():
    caches["throttles"].clear()
    empty_storage(image_storage())


def upload(client, content: bytes, name: str = "rash.jpg", **fields):
    fields = {"alt_text": "A red, ring-shaped rash on a forearm", **fields}
    return client.post(IMAGES, {"file": SimpleUploadedFile(name, content, "image/jpeg"), **fields}, format="multipart")


def stored_bytes(image: Image) -> bytes:
    with image_storage().open(image.file.name, "rb") as original:
        return original.read()


def test_an_upload_is_stored_privately_re_encoded_and_described(author):
    response = upload(token_client(author), jpeg_with_gps(64, 48), credit="Dr A. Example", licence="CC BY 4.0")

    assert response.status_code == 201, response.json()
    body = response.json()
    image = Image.objects.get()
    assert response["ETag"] == '"1"' and body["version"] == 1
    assert (body["width"], body["height"], body["format"]) == (64, 48, "jpeg")
    assert body["alt_text"] == "A red, ring-shaped rash on a forearm"
    assert body["focal_point"] == {"x": 0.5, "y": 0.5}
    assert (body["original_filename"], body["uploaded_by"]) == ("rash.jpg", "author")
    assert "url" not in body and "file" not in body  # no address of the original is ever given
    assert body["renditions"] == []  # the task worker makes them once the upload commits
    content = stored_bytes(image)
    assert body["content_hash"] == image.content_hash and len(content) == body["byte_size"]
    with PillowImage.open(io.BytesIO(content)) as original:
        assert not original.getexif()  # no camera, no GPS position
    assert image.file.name.startswith(f"originals/{image.content_hash[:2]}/{image.content_hash}")
    assert record_versions(image).count() == 1


def test_alt_text_is_required_unless_the_image_is_decorative(author):
    client = token_client(author)

    missing = upload(client, picture(), alt_text="   ")
    decorative = upload(client, picture(), alt_text="", decorative="true")

    assert missing.status_code == 400
    assert list(missing.json()) == ["alt_text"] and "alt text" in missing.json()["alt_text"][0]
    assert decorative.status_code == 201, decorative.json()
    assert decorative.json()["decorative"] is True
    assert Image.objects.count() == 1  # the refused one stored nothing
    assert stored_names(image_storage()) == [Image.objects.get().file.name]


def test_an_identifiable_patient_needs_a_consent_reference(author):
    client = token_client(author)

    refused = upload(client, picture(), identifiable_patient="true")
    taken = upload(client, picture(), identifiable_patient="true", consent_reference="Consent form 2026-114")

    assert refused.status_code == 400
    assert list(refused.json()) == ["consent_reference"]
    assert taken.status_code == 201, taken.json()
    assert taken.json()["consent_reference"] == "Consent form 2026-114"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (SVG, "Not an image in an accepted format: upload JPEG, PNG, WebP"),
        (HTML, "Not an image in an accepted format"),
        (png_bomb(50_000, 50_000), "at most 40 megapixels (40,000,000 pixels)"),
        (animated_gif(), "Animated images are not accepted"),
        (picture(64, 48, "JPEG")[:400], "damaged or incomplete"),
    ],
    ids=["svg", "html", "png-bomb", "animated-gif", "truncated-jpeg"],
)
def test_a_file_that_is_not_a_safe_still_image_is_a_400_naming_file(author, content, words):
    response = upload(token_client(author), content, name="picture.png")

    assert response.status_code == 400
    assert list(response.json()) == ["file"]
    assert words in response.json()["file"][0]
    assert not Image.objects.exists()


def test_a_jpeg_with_html_appended_is_stored_without_it(author):
    response = upload(token_client(author), picture(64, 48, "JPEG") + HTML)

    assert response.status_code == 201
    assert b"<script" not in stored_bytes(Image.objects.get())


def test_a_file_over_the_byte_limit_is_a_413_naming_it(author, settings):
    content = picture(64, 48)
    settings.IMAGE_UPLOAD_MAX_BYTES = len(content) - 1

    response = upload(token_client(author), content)

    assert response.status_code == 413
    assert f"{len(content) - 1:,} bytes" in response.json()["detail"]
    assert list(response.json()) == ["detail", "file"]
    settings.IMAGE_UPLOAD_MAX_BYTES = len(content)
    assert upload(token_client(author), content).status_code == 201


def test_a_body_over_the_upload_limit_is_refused_before_it_is_read(author, settings):
    settings.REQUEST_BODY_LIMITS = {IMAGES: 1000}

    response = upload(token_client(author), picture(200, 200, "PNG", compress_level=0))

    assert response.status_code == 413
    assert "1000 bytes" in response.json()["detail"]


def test_json_is_not_an_upload(author):
    response = token_client(author).post(IMAGES, {"alt_text": "x"}, format="json")

    assert response.status_code == 415


def test_a_missing_or_unknown_field_is_named(author):
    client = token_client(author)

    no_file = client.post(IMAGES, {"alt_text": "A chart"}, format="multipart")
    unknown = upload(client, picture(), width="10")

    assert no_file.status_code == 400 and list(no_file.json()) == ["file"]
    assert unknown.status_code == 400 and list(unknown.json()) == ["width"]


def test_a_reviewer_may_read_but_not_upload(author, reviewer):
    upload(token_client(author), picture())

    assert token_client(reviewer).get(IMAGES).status_code == 200
    assert upload(token_client(reviewer), picture()).status_code == 403
    assert token_client(UserFactory(username="nobody")).get(IMAGES).status_code == 403


def test_changing_metadata_needs_the_etag_that_was_read(author):
    client = token_client(author)
    created = upload(client, picture()).json()
    path = f"{IMAGES}{created['id']}/"

    without = client.patch(path, {"caption": "Erythema migrans"}, format="json")
    stale = client.patch(path, {"caption": "Erythema migrans"}, format="json", HTTP_IF_MATCH='"7"')
    changed = client.patch(
        path, {"caption": "Erythema migrans", "focal_point": {"x": 0.25, "y": 0.75}}, format="json", HTTP_IF_MATCH='"1"'
    )
    replayed = client.patch(path, {"caption": "Something else"}, format="json", HTTP_IF_MATCH='"1"')

    assert without.status_code == 428
    assert stale.status_code == 412 and stale.json()["current_version"] == 1
    assert changed.status_code == 200, changed.json()
    assert changed["ETag"] == '"2"' and changed.json()["focal_point"] == {"x": 0.25, "y": 0.75}
    assert replayed.status_code == 412
    image = Image.objects.get()
    assert (image.caption, image.focal_x, image.focal_y, image.version) == ("Erythema migrans", 0.25, 0.75, 2)
    assert client.get(path)["ETag"] == '"2"'


def test_a_change_keeps_the_rules_against_what_is_stored(author):
    client = token_client(author)
    created = upload(client, picture(), alt_text="", decorative="true").json()
    path = f"{IMAGES}{created['id']}/"

    not_decorative = client.patch(path, {"decorative": False}, format="json", HTTP_IF_MATCH='"1"')
    patient = client.patch(path, {"identifiable_patient": True}, format="json", HTTP_IF_MATCH='"1"')
    described = client.patch(
        path, {"decorative": False, "alt_text": "A bar chart of vitamin D levels"}, format="json", HTTP_IF_MATCH='"1"'
    )

    assert not_decorative.status_code == 400 and list(not_decorative.json()) == ["alt_text"]
    assert patient.status_code == 400 and list(patient.json()) == ["consent_reference"]
    assert described.status_code == 200


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"width": 10}, "width"),
        ({"file": "x"}, "file"),
        ({"renditions": []}, "renditions"),
        ({"focal_point": {"x": 2, "y": 0}}, "focal_point"),
        ({"focal_point": {"x": "0.5", "y": 0.5}}, "focal_point"),
        ({"focal_point": {"x": 0.5}}, "focal_point"),
        ({"decorative": "yes"}, "decorative"),
        ({"source_url": "javascript:alert(1)"}, "source_url"),
    ],
)
def test_a_wrong_change_is_a_400_naming_the_field(author, change, field):
    client = token_client(author)
    created = upload(client, picture()).json()

    response = client.patch(f"{IMAGES}{created['id']}/", change, format="json", HTTP_IF_MATCH='"1"')

    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_a_put_replaces_the_metadata(author):
    client = token_client(author)
    created = upload(client, picture(), caption="Old caption").json()

    response = client.put(
        f"{IMAGES}{created['id']}/",
        {"alt_text": "A chart", "caption": "", "credit": "NHS", "licence": "OGL", "focal_point": {"x": 0, "y": 1}},
        format="json",
        HTTP_IF_MATCH='"1"',
    )

    assert response.status_code == 200, response.json()
    assert (response.json()["caption"], response.json()["credit"]) == ("", "NHS")


# Texts in other languages (as a topic's: `LabelTranslationsField`)


def test_the_texts_in_other_languages_are_read_and_changed_as_json(author):
    client = token_client(author)
    created = upload(client, picture()).json()
    path = f"{IMAGES}{created['id']}/"
    texts = {"es": {"alt_text": "  Un sarpullido rojo en forma de anillo ", "caption": "", "credit": "Dra. A. Ejemplo"}}

    changed = client.patch(path, {"translations": texts}, format="json", HTTP_IF_MATCH='"1"')

    assert created["translations"] == {}  # read as any field, empty until written
    assert changed.status_code == 200, changed.json()
    kept = {"es": {"alt_text": "Un sarpullido rojo en forma de anillo", "credit": "Dra. A. Ejemplo"}}
    assert changed.json()["translations"] == kept  # trimmed, blank texts dropped
    assert client.get(path).json()["translations"] == kept
    assert Image.objects.get().translations == kept and changed["ETag"] == '"2"'
    # A PUT that sends them replaces every language.
    replaced = client.put(
        path,
        {"alt_text": "A chart", "translations": {"pt-BR": {"caption": "Uma erupção"}}},
        format="json",
        HTTP_IF_MATCH='"2"',
    )
    assert replaced.status_code == 200, replaced.json()
    assert Image.objects.get().translations == {"pt-BR": {"caption": "Uma erupção"}}


@pytest.mark.parametrize(
    ("texts", "words"),
    [
        ({"ES": {"alt_text": "Un gráfico"}}, "Write this language as es"),
        ({"spanish!": {"alt_text": "Un gráfico"}}, "Not a language tag"),
        ({"es": {"licence": "CC BY"}}, "Unknown field"),
        ({"es": {"credit": "x" * 301}}, "300"),
    ],
)
def test_wrong_texts_in_other_languages_are_a_400_naming_them(author, texts, words):
    client = token_client(author)
    created = upload(client, picture()).json()

    refused = client.patch(f"{IMAGES}{created['id']}/", {"translations": texts}, format="json", HTTP_IF_MATCH='"1"')

    assert refused.status_code == 400 and words in str(refused.json()["translations"]), refused.json()
    assert Image.objects.get().translations == {} and Image.objects.get().version == 1
    control = client.patch(
        f"{IMAGES}{created['id']}/", {"translations": {"es": {"alt_text": "Un gráfico"}}}, format="json",
        HTTP_IF_MATCH='"1"',
    )  # fmt: skip
    assert control.status_code == 200


def test_the_upload_form_does_not_take_the_texts_in_other_languages(author):
    refused = upload(token_client(author), picture(), translations='{"es": {"alt_text": "Un gráfico"}}')

    assert refused.status_code == 400 and "PATCH" in refused.json()["translations"][0]
    assert not Image.objects.exists()
    assert upload(token_client(author), picture()).status_code == 201  # control: the same upload without them


def test_deleting_needs_the_etag_and_removes_the_original(author, django_capture_on_commit_callbacks):
    client = token_client(author)
    created = upload(client, picture()).json()
    image = Image.objects.get()
    path = f"{IMAGES}{created['id']}/"

    assert client.delete(path).status_code == 428
    assert client.delete(path, HTTP_IF_MATCH='"2"').status_code == 412
    with django_capture_on_commit_callbacks(execute=True):
        assert client.delete(path, HTTP_IF_MATCH='"1"').status_code == 204

    assert not Image.objects.exists()
    assert not image_storage().exists(image.file.name)
    assert client.get(path).status_code == 404


def test_the_list_and_a_detail_cost_a_fixed_number_of_queries(author, django_assert_num_queries):
    client = token_client(author)
    upload(client, picture())
    client.get(IMAGES)  # the token's first use is recorded once
    # The token and its user (2), their permissions (2), the throttle's count (6), then the count, one page with
    # the uploaders joined and their renditions: whatever the number of images and renditions.
    with django_assert_num_queries(13):
        assert client.get(IMAGES).json()["count"] == 1
    for _ in range(4):
        upload(client, picture())
    for image in Image.objects.all():
        renditions_ensure(image=image)
    with django_assert_num_queries(13):
        listed = client.get(IMAGES).json()
    assert listed["count"] == 5 and all(len(image["renditions"]) == 3 for image in listed["results"])
    first = Image.objects.first()
    with django_assert_num_queries(12):  # no count
        assert len(client.get(f"{IMAGES}{first.pk}/").json()["renditions"]) == 3


@pytest.mark.parametrize("flag", ["decorative", "identifiable_patient"])
def test_a_flag_in_the_form_is_true_or_false_as_the_schema_writes_it(author, flag):
    client = token_client(author)

    refused = upload(client, picture(), **{flag: "0"})
    taken = upload(client, picture(), consent_reference="Form 1", **{flag: "false"})

    assert refused.status_code == 400 and list(refused.json()) == [flag]
    assert taken.status_code == 201 and taken.json()[flag] is False


def test_the_worker_makes_an_uploads_renditions_and_the_image_lists_them(author, django_capture_on_commit_callbacks):
    from tests.helpers.tasks import run_ready_tasks

    client = token_client(author)
    with django_capture_on_commit_callbacks(execute=True):
        created = upload(client, picture(700, 400, "JPEG")).json()
    assert created["renditions"] == []

    run_ready_tasks()
    renditions = client.get(f"{IMAGES}{created['id']}/").json()["renditions"]

    assert [(r["format"], r["width"], r["height"]) for r in renditions] == [
        ("avif", 320, 183), ("avif", 640, 366), ("webp", 320, 183), ("webp", 640, 366),
        ("jpeg", 320, 183), ("jpeg", 640, 366),
    ]  # fmt: skip
    served = client.get(urlsplit(renditions[0]["url"]).path)
    assert served.status_code == 200 and served["Content-Type"] == "image/avif"
