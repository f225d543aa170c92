"""Renditions (media/renditions.py): widths never upscaled, formats as claimed, no metadata, focal-point crops,
content-addressed names, the list the public API gives."""

import io
from fractions import Fraction

import pytest
from django.conf import settings
from PIL import Image as PillowImage

from media.models import Image, Rendition
from media.renditions import crop_box, parse_ratio, rendition_list, renditions_ensure
from media.services import image_create
from media.storage import rendition_storage
from tests.helpers.images import jpeg_with_gps, picture

pytestmark = pytest.mark.django_db


def uploaded(content: bytes, **fields) -> Image:
    return image_create(upload=io.BytesIO(content), fields={"alt_text": "A chart", **fields})


def test_ensure_makes_every_width_the_original_reaches_in_each_format_and_the_list_reads_them():
    image = uploaded(picture(700, 350, "JPEG"))

    renditions_ensure(image=image)

    listed = rendition_list(Image.objects.with_renditions().get(pk=image.pk))
    assert [(entry["format"], entry["width"], entry["height"]) for entry in listed] == [
        ("avif", 320, 160), ("avif", 640, 320), ("webp", 320, 160), ("webp", 640, 320),
        ("jpeg", 320, 160), ("jpeg", 640, 320),
    ]  # fmt: skip
    assert all(entry["url"].startswith(settings.RENDITIONS_URL) for entry in listed)
    assert listed[0]["url"].startswith("http")  # absolute


def test_an_image_narrower_than_the_first_width_gets_one_rendition_per_format_at_its_own_width():
    image = uploaded(picture(200, 100, "PNG"))

    renditions_ensure(image=image)

    assert sorted(image.renditions.filter(crop="").values_list("format", "width")) == [
        ("avif", 200), ("jpeg", 200), ("webp", 200),
    ]  # fmt: skip


def test_ensure_is_idempotent_and_the_list_costs_no_query_when_prefetched(django_assert_num_queries):
    image = uploaded(picture(400, 300, "JPEG"))
    renditions_ensure(image=image)
    count = Rendition.objects.count()

    renditions_ensure(image=image)

    assert Rendition.objects.count() == count
    prefetched = Image.objects.with_renditions().get(pk=image.pk)
    with django_assert_num_queries(0):
        assert len(rendition_list(prefetched)) == 3
        assert len(rendition_list(prefetched, crop="16:9")) == 1


@pytest.mark.parametrize("fmt", ["avif", "webp", "jpeg"])
def test_each_rendition_is_the_format_it_claims_without_metadata(fmt):
    image = uploaded(jpeg_with_gps(400, 300))
    renditions_ensure(image=image)
    rendition = image.renditions.get(format=fmt, crop="")

    content = rendition_storage().open(rendition.file.name).read()

    with PillowImage.open(io.BytesIO(content)) as opened:
        assert opened.format == {"avif": "AVIF", "webp": "WEBP", "jpeg": "JPEG"}[fmt]
        assert opened.size == (rendition.width, rendition.height) == (320, 240)
        assert not opened.getexif()
        assert not {"exif", "xmp", "icc_profile", "comment"} & set(opened.info)
    assert b"Camera maker" not in content


@pytest.mark.parametrize(
    ("focal", "ratio"),
    [((0.0, 0.0), "16:9"), ((1.0, 1.0), "16:9"), ((0.5, 0.5), "1:1"), ((1.0, 0.0), "4:3"), ((0.2, 0.9), "1:1")],
)
@pytest.mark.parametrize(("width", "height"), [(4000, 3000), (1000, 3000), (1919, 1080), (7, 5)])
def test_the_crop_box_is_inside_the_image_of_the_ratio_and_around_the_focal_point(focal, ratio, width, height):
    left, top, right, bottom = crop_box(width, height, parse_ratio(ratio), *focal)

    assert 0 <= left < right <= width and 0 <= top < bottom <= height
    assert right - left == width or bottom - top == height  # as large as the image allows
    assert abs((right - left) - (bottom - top) * parse_ratio(ratio)) <= 1
    # The focal point is in the box's centre, or the box is against the edge the point is nearer.
    centre_x, centre_y = (left + right) / 2, (top + bottom) / 2
    assert abs(centre_x - focal[0] * width) <= 1 or left == 0 or right == width
    assert abs(centre_y - focal[1] * height) <= 1 or top == 0 or bottom == height


def test_the_crop_box_follows_the_focal_point():
    assert crop_box(4000, 3000, Fraction(1), 0.0, 0.5) == (0, 0, 3000, 3000)
    assert crop_box(4000, 3000, Fraction(1), 1.0, 0.5) == (1000, 0, 4000, 3000)
    assert crop_box(4000, 3000, Fraction(1), 0.5, 0.5) == (500, 0, 3500, 3000)
    assert crop_box(3000, 4000, Fraction(16, 9), 0.5, 0.0) == (0, 0, 3000, 1688)
    assert crop_box(3000, 4000, Fraction(16, 9), 0.5, 1.0) == (0, 2312, 3000, 4000)


@pytest.mark.parametrize("bad", ["", "16", "16:0", "a:b", "16:9:1", "-1:2"])
def test_a_ratio_is_two_positive_whole_numbers(bad):
    with pytest.raises(ValueError):
        parse_ratio(bad)
    assert parse_ratio("16:9") == Fraction(16, 9)  # the positive control


def test_a_rendition_names_its_size_format_and_crop_and_goes_with_its_image():
    image = uploaded(picture(400, 300, "JPEG"))
    renditions_ensure(image=image)

    assert str(image.renditions.get(format="webp", crop="")) == "320 × 240 WebP"
    assert str(image.renditions.get(crop="1:1")) == "300 × 300 JPEG 1:1"
    image.delete()
    assert not Rendition.objects.exists()


@pytest.mark.parametrize(
    ("width", "widths"),
    [
        (4000, [320, 640, 960, 1280, 1920]),
        (1920, [320, 640, 960, 1280, 1920]),
        (1919, [320, 640, 960, 1280]),
        (320, [320]),
        (319, [319]),
        (1, [1]),
    ],
)
def test_widths_are_never_wider_than_the_original(width, widths):
    from media.renditions import rendition_widths

    assert rendition_widths(width) == widths


def test_identical_bytes_share_a_name_and_other_bytes_get_another():
    first = uploaded(picture(400, 300, "PNG"))
    twin = uploaded(picture(400, 300, "PNG"), alt_text="The same picture again")
    other = uploaded(picture(400, 301, "PNG"))
    for image in (first, twin, other):
        renditions_ensure(image=image)

    def names(image):
        return {(r.format, r.width, r.crop): r.file.name for r in image.renditions.all()}

    assert names(first) == names(twin)
    assert not set(names(first).values()) & set(names(other).values())
    for rendition in first.renditions.all():
        content = rendition_storage().open(rendition.file.name).read()
        assert rendition.file.name.split("/")[-1].split(".")[0] == rendition.content_hash
        assert __import__("hashlib").sha256(content).hexdigest() == rendition.content_hash


def halves(width: int = 800, height: int = 400) -> bytes:
    """Left half red, right half blue."""
    image = PillowImage.new("RGB", (width, height), (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, width // 2, height))
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()


@pytest.mark.parametrize(("focal_x", "colour"), [(0.0, "red"), (1.0, "blue")])
def test_a_crop_keeps_the_focal_point_in_view(focal_x, colour):
    image = uploaded(halves(), focal_x=focal_x)
    renditions_ensure(image=image)
    square = image.renditions.get(crop="1:1")

    with PillowImage.open(rendition_storage().open(square.file.name)) as opened:
        assert opened.format == "JPEG" and opened.size == (square.width, square.height) == (400, 400)
        red, _, blue = opened.convert("RGB").resize((1, 1), PillowImage.Resampling.BOX).getpixel((0, 0))
    assert (red > 200 and blue < 50) if colour == "red" else (blue > 200 and red < 50)


def test_a_crop_is_never_upscaled_either(settings):
    settings.IMAGE_RENDITION_CROP_WIDTH = 1200
    image = uploaded(picture(300, 600, "PNG"))
    renditions_ensure(image=image)

    crops = {r.crop: (r.width, r.height) for r in image.renditions.exclude(crop="")}
    assert crops == {"16:9": (300, 169), "4:3": (300, 225), "1:1": (300, 300)}
