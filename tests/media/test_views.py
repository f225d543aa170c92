"""Serving renditions (media/views.py): only the content-addressed names that exist, immutable, no parameters, no
query."""

import hashlib
import io

import pytest
from PIL import Image as PillowImage

from media.renditions import renditions_ensure
from media.services import image_create
from tests.helpers.images import picture

pytestmark = pytest.mark.django_db


@pytest.fixture
def rendition():
    image = image_create(upload=io.BytesIO(picture(700, 400, "JPEG")), fields={"alt_text": "A rash"})
    renditions_ensure(image=image)
    return image.renditions.get(format="webp", width=640, crop="")


def path_of(rendition) -> str:
    return f"/media/renditions/{rendition.file.name}"


def test_a_rendition_is_served_immutable_with_its_type_and_hash(client, rendition, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(path_of(rendition))

    content = b"".join(response.streaming_content)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["Content-Type"] == "image/webp"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["ETag"] == f'"{rendition.content_hash}"' == f'"{hashlib.sha256(content).hexdigest()}"'
    assert int(response["Content-Length"]) == len(content) == rendition.byte_size
    with PillowImage.open(io.BytesIO(content)) as opened:
        assert (opened.format, opened.size) == ("WEBP", (640, 366))
    assert "Set-Cookie" not in response and "Vary" not in response


def test_the_url_the_list_gives_is_the_address_served(client, rendition, settings):
    from media.renditions import rendition_list

    url = next(entry["url"] for entry in rendition_list(rendition.image) if entry["format"] == "webp")
    assert url.startswith(settings.RENDITIONS_URL)
    assert client.get("/media/renditions/" + url.removeprefix(settings.RENDITIONS_URL)).status_code == 200


def test_head_and_a_matching_etag(client, rendition):
    head = client.head(path_of(rendition))
    revalidated = client.get(path_of(rendition), headers={"If-None-Match": f'"{rendition.content_hash}"'})
    other = client.get(path_of(rendition), headers={"If-None-Match": '"0"'})

    assert head.status_code == 200 and head["Cache-Control"] == "public, max-age=31536000, immutable"
    assert not b"".join(head.streaming_content) if head.streaming else not head.content
    assert revalidated.status_code == 304
    assert other.status_code == 200  # the positive control


def test_a_name_that_does_not_exist_is_a_404(client, rendition):
    missing = "ab/" + "ab" + "0" * 62 + ".webp"
    assert client.get(f"/media/renditions/{missing}").status_code == 404
    assert client.get(path_of(rendition)).status_code == 200  # the positive control


@pytest.mark.parametrize(
    "change",
    [
        lambda name: name.replace(".webp", ".png"),  # a format not made
        lambda name: name.replace(".webp", ".avif"),  # a format made, but other bytes: another name
        lambda name: name[3:],  # without its shard
        lambda name: "../" + name,
        lambda name: name.upper(),
        lambda name: name + "?width=100",
        lambda name: name + "?w=1920",
        lambda name: name.replace("/", "/640/"),
    ],
)
def test_no_other_address_reaches_a_rendition_or_makes_one(client, rendition, change):
    before = rendition.image.renditions.count()

    assert client.get("/media/renditions/" + change(rendition.file.name)).status_code == 404
    assert rendition.image.renditions.count() == before  # nothing made to order
    assert client.get(path_of(rendition)).status_code == 200  # the positive control


def test_a_size_that_was_not_made_is_a_404_and_the_address_has_no_size_in_it(client, rendition):
    # 1920 was not made (the original is 700 wide), and there is no width parameter to ask for it with.
    assert not rendition.image.renditions.filter(width=1920).exists()
    assert "640" not in rendition.file.name and "width" not in rendition.file.name
    assert client.get(f"/media/renditions/{rendition.file.name}?width=1920").status_code == 404
    assert client.get(f"/media/renditions/1920/{rendition.file.name}").status_code == 404
    assert client.get(path_of(rendition)).status_code == 200  # the positive control


def test_only_get_and_head(client, rendition):
    assert client.post(path_of(rendition)).status_code == 405
    assert client.get(path_of(rendition)).status_code == 200
