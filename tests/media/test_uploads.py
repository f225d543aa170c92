"""What an upload must be (media/uploads.py): sniffed by content, within the byte and pixel limits read before any
decoding, one frame, complete; stored re-encoded without metadata."""

import io
import resource
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from media.uploads import UploadRefused, check_upload
from tests.helpers.images import (
    HTML,
    SVG,
    animated_gif,
    gif_bomb,
    jpeg_bomb,
    jpeg_with_gps,
    picture,
    png_bomb,
    webp_bomb,
)


def refusal(content: bytes, name: str = "photo.jpg") -> UploadRefused:
    with pytest.raises(UploadRefused) as refused:
        check_upload(SimpleUploadedFile(name, content, content_type="image/jpeg"))
    return refused.value


@pytest.mark.parametrize(("format", "stored"), [("JPEG", "jpeg"), ("PNG", "png"), ("WEBP", "webp"), ("GIF", "gif")])
def test_each_accepted_format_is_taken_and_named_by_its_content(format, stored):
    checked = check_upload(SimpleUploadedFile("misleading-name.svg", picture(40, 30, format), content_type="text/html"))

    assert (checked.format, checked.width, checked.height) == (stored, 40, 30)
    with Image.open(io.BytesIO(checked.content)) as reopened:
        assert reopened.format == format


def test_avif_is_taken_when_this_pillow_reads_it():
    pytest.importorskip("PIL.AvifImagePlugin")
    from PIL import features

    if not features.check("avif"):
        pytest.skip("this Pillow has no AVIF")
    assert check_upload(io.BytesIO(picture(40, 30, "AVIF"))).format == "avif"


@pytest.mark.parametrize(
    ("bomb", "declared"),
    [
        (png_bomb, "2,500.0 megapixels"),  # 50,000 × 50,000
        (gif_bomb, "4,294.8 megapixels"),
        (jpeg_bomb, "4,225.0 megapixels"),
        (webp_bomb, "268.4 megapixels"),
    ],
)
def test_a_header_declaring_a_huge_image_is_refused_before_decoding(bomb, declared):
    content = bomb()
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()

    refused = refusal(content)

    elapsed = time.perf_counter() - started
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before
    assert refused.status == 400
    assert declared in refused.message and "at most 40 megapixels (40,000,000 pixels)" in refused.message
    # Decoding 2,500 megapixels would take gigabytes and many seconds: the header alone takes neither.
    assert elapsed < 1.0 and grown_kib < 50_000, (elapsed, grown_kib)


def test_the_pixel_limit_is_the_setting(settings):
    settings.IMAGE_MAX_PIXELS = 40 * 30 - 1

    refused = refusal(picture(40, 30))

    assert "40 × 30 pixels" in refused.message and "1,199 pixels" in refused.message
    settings.IMAGE_MAX_PIXELS = 40 * 30
    assert check_upload(io.BytesIO(picture(40, 30))).width == 40  # the positive control: at the limit exactly


def test_a_file_over_the_byte_limit_is_a_413_naming_the_limit(settings):
    content = picture(40, 30)
    settings.IMAGE_UPLOAD_MAX_BYTES = len(content) - 1

    refused = refusal(content)

    assert refused.status == 413
    assert f"({len(content) - 1:,} bytes)" in refused.message
    settings.IMAGE_UPLOAD_MAX_BYTES = len(content)
    assert check_upload(SimpleUploadedFile("a.png", content)).format == "png"


@pytest.mark.parametrize(
    "content", [SVG, HTML, b"%PDF-1.7\n", b"", b"GIF89"], ids=["svg", "html", "pdf", "empty", "stub"]
)
def test_anything_else_is_refused_naming_the_accepted_formats(content):
    refused = refusal(content, name="image.png")

    assert refused.status == 400
    assert "JPEG, PNG, WebP" in refused.message and "SVG" in refused.message


@pytest.mark.parametrize("format", ["JPEG", "PNG", "WEBP", "GIF"])
def test_a_truncated_file_is_refused_as_damaged(format):
    whole = picture(64, 48, format)

    refused = refusal(whole[: len(whole) * 2 // 3])

    assert refused.status == 400
    assert "damaged or incomplete" in refused.message


def test_a_png_with_a_corrupt_checksum_is_refused():
    whole = bytearray(picture(16, 16, "PNG"))
    whole[-20] ^= 0xFF  # inside the image data: its CRC no longer matches

    assert "damaged or incomplete" in refusal(bytes(whole)).message


def test_an_animated_gif_is_refused_a_still_one_taken():
    refused = refusal(animated_gif(3))

    assert "Animated images are not accepted" in refused.message
    assert check_upload(io.BytesIO(animated_gif(1))).format == "gif"


def test_exif_and_gps_are_removed_and_the_image_turned_upright():
    content = jpeg_with_gps(64, 48, orientation=6)  # "rotate 90°": stored upright, 48 × 64
    with Image.open(io.BytesIO(content)) as uploaded:
        assert uploaded.getexif().get_ifd(0x8825)  # the control: the upload carries a GPS position

    checked = check_upload(io.BytesIO(content))

    with Image.open(io.BytesIO(checked.content)) as stored:
        assert not stored.getexif() and "exif" not in stored.info
        assert stored.size == (checked.width, checked.height) == (48, 64)
    assert b"Camera maker" not in checked.content


def test_a_jpeg_with_html_appended_is_stored_without_it():
    content = picture(64, 48, "JPEG") + HTML

    checked = check_upload(io.BytesIO(content))

    assert checked.format == "jpeg"
    assert b"<script" not in checked.content and b"<html" not in checked.content
    assert checked.content.endswith(b"\xff\xd9")


def test_a_gif_js_polyglot_is_stored_without_its_script():
    # A GIF whose header also reads as JavaScript (`GIF89a=…`), its script in a comment block and after the end.
    gif = bytearray(picture(8, 8, "GIF"))
    polyglot = bytes(gif[:-1]) + b"\x21\xfe\x10*/=alert(1);/*\x00" + b"\x3b" + b"*/alert(document.domain)//"

    checked = check_upload(io.BytesIO(polyglot))

    assert b"alert" not in checked.content


def test_the_content_hash_is_the_sha256_of_the_stored_bytes():
    import hashlib

    checked = check_upload(io.BytesIO(picture(10, 10)))

    assert checked.content_hash == hashlib.sha256(checked.content).hexdigest()


@pytest.mark.parametrize("format", ["PNG", "WEBP", "JPEG"])
def test_xmp_exif_and_text_metadata_are_removed_from_every_format(format):
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"
    options = {"exif": exif.tobytes(), "xmp": b"<x:xmpmeta>Patient name: Jane Doe</x:xmpmeta>"}
    if format == "PNG":
        from PIL import PngImagePlugin

        text = PngImagePlugin.PngInfo()
        text.add_text("Comment", "Patient name: Jane Doe")
        options["pnginfo"] = text
    content = picture(32, 32, format, **options)
    assert b"Jane Doe" in content  # the control: the upload carries it

    checked = check_upload(io.BytesIO(content))

    assert b"Jane Doe" not in checked.content and b"Camera maker" not in checked.content
