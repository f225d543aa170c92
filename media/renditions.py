"""Renditions: the public copies of an image, made from its private original (`media.storage`).

- widths IMAGE_RENDITION_WIDTHS (320 … 1920), never wider than the original (an original narrower than the first
  width gets one rendition at its own width), each in AVIF, WebP and JPEG;
- a crop per aspect ratio of IMAGE_RENDITION_CROPS (16:9, 4:3, 1:1), cut around the focal point, one JPEG of
  IMAGE_RENDITION_CROP_WIDTH (or narrower, never upscaled);
- in sRGB, without any metadata (no EXIF, GPS, XMP, comment; no ICC profile, which sRGB needs none of);
- each file named by the SHA-256 of its bytes (`<2 hex>/<64 hex>.<ext>`): a URL names one content forever, so it
  is served `immutable`; other bytes are another URL, identical bytes one file.

The task worker makes them after an upload commits (`media.tasks`), and `renditions_ensure` makes what is missing
on demand (before a document that names their URLs is frozen). Nothing is ever made from a request: there is no
width, format or crop in a rendition's address (`media.views`).

Files are never deleted here: a crop made again for a new focal point replaces the row, while a frozen document may
still name the old file (docs/deploy.md, "Images")."""

import hashlib
import io
import logging
from dataclasses import dataclass
from fractions import Fraction

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image as PillowImage
from PIL import ImageCms, ImageOps

from media.models import RENDITION_FORMATS, Image, ImageFormat, Rendition
from media.storage import rendition_storage

logger = logging.getLogger("media.renditions")

EXTENSIONS = {ImageFormat.AVIF: "avif", ImageFormat.WEBP: "webp", ImageFormat.JPEG: "jpg"}
IMMUTABLE = "public, max-age=31536000, immutable"  # the Cache-Control of every rendition, wherever it is served
CONTENT_TYPES = {"avif": "image/avif", "webp": "image/webp", "jpg": "image/jpeg"}
PILLOW_FORMATS = {ImageFormat.AVIF: "AVIF", ImageFormat.WEBP: "WEBP", ImageFormat.JPEG: "JPEG"}
# Qualities for photographs at screen sizes: each format's usual web setting, about the same look at the smallest
# size of each. AVIF's speed 8 of 0–10 encodes a 1920-wide photo in about a second on one core.
SAVE_OPTIONS: dict[str, dict] = {
    ImageFormat.AVIF: {"quality": 55, "speed": 8, "subsampling": "4:2:0"},
    ImageFormat.WEBP: {"quality": 80, "method": 4},
    ImageFormat.JPEG: {"quality": 82, "optimize": True, "progressive": True, "subsampling": "4:2:0"},
}
FORMAT_ORDER: dict[str, int] = {str(value): index for index, value in enumerate(RENDITION_FORMATS)}
SRGB = ImageCms.createProfile("sRGB")


@dataclass(frozen=True)
class Wanted:
    """One rendition an image should have."""

    width: int
    format: str
    crop: str = ""


def parse_ratio(crop: str) -> Fraction:
    """The ratio written "16:9" as 16/9; ValueError for anything else."""
    across, _, down = crop.partition(":")
    if not (across.isdigit() and down.isdigit()) or int(across) == 0 or int(down) == 0:
        raise ValueError(f"Not an aspect ratio such as 16:9: {crop!r}")
    return Fraction(int(across), int(down))


def crop_box(width: int, height: int, ratio: Fraction, focal_x: float, focal_y: float) -> tuple[int, int, int, int]:
    """The largest box of `ratio` (width / height) inside a width × height image, centred on the focal point (fractions
    from the top left) as nearly as the image's edges allow: (left, top, right, bottom), in whole pixels."""
    if width * ratio.denominator >= height * ratio.numerator:  # wider than the ratio: full height, cut the sides
        box_height = height
        box_width = max(1, min(width, round(height * ratio)))
    else:  # taller: full width, cut top and bottom
        box_width = width
        box_height = max(1, min(height, round(width / ratio)))
    left = _centred(focal_x * width, box_width, width)
    top = _centred(focal_y * height, box_height, height)
    return left, top, left + box_width, top + box_height


def _centred(centre: float, size: int, limit: int) -> int:
    return int(min(max(round(centre - size / 2), 0), limit - size))


def rendition_widths(original_width: int) -> list[int]:
    """The widths made of an original this wide: those of IMAGE_RENDITION_WIDTHS it reaches, or its own when it is
    narrower than them all."""
    widths = [width for width in settings.IMAGE_RENDITION_WIDTHS if width <= original_width]
    return widths or [original_width]


def crop_width(image: Image, crop: str) -> int:
    left, _, right, _ = crop_box(image.width, image.height, parse_ratio(crop), image.focal_x, image.focal_y)
    return min(settings.IMAGE_RENDITION_CROP_WIDTH, right - left)


def wanted_renditions(image: Image) -> list[Wanted]:
    wanted = [Wanted(width, fmt) for fmt in RENDITION_FORMATS for width in rendition_widths(image.width)]
    wanted += [Wanted(crop_width(image, crop), ImageFormat.JPEG, crop) for crop in settings.IMAGE_RENDITION_CROPS]
    return wanted


def _current(rendition: Rendition, image: Image) -> bool:
    """Whether a stored rendition is still what the image asks for (a crop of another focal point is not)."""
    return not rendition.crop or (rendition.focal_x, rendition.focal_y) == (image.focal_x, image.focal_y)


def renditions_missing(image: Image) -> list[Wanted]:
    have = {
        Wanted(rendition.width, rendition.format, rendition.crop)
        for rendition in image.renditions.all()
        if _current(rendition, image)
    }
    return [wanted for wanted in wanted_renditions(image) if wanted not in have]


def rendition_list(image: Image, *, crop: str = "") -> list[dict]:
    """The image's renditions (whole, or one crop) as the public API gives them: `{url, width, height, format}`,
    AVIF first, then WebP, then JPEG, narrowest first; read from `image.renditions.all()`, so no query when
    prefetched (`Image.objects.with_renditions()`). The URLs are absolute (RENDITIONS_URL)."""
    storage = rendition_storage()
    chosen = [rendition for rendition in image.renditions.all() if rendition.crop == crop]
    chosen.sort(key=lambda rendition: (FORMAT_ORDER.get(rendition.format, len(FORMAT_ORDER)), rendition.width))
    return [
        {
            "url": storage.url(rendition.file.name),
            "width": rendition.width,
            "height": rendition.height,
            "format": rendition.format,
        }
        for rendition in chosen
    ]


def renditions_ensure(*, image: Image) -> None:
    """Make, now, whatever rendition the image lacks (none when it has them all: idempotent). A crop whose focal
    point has moved is made again and its row replaced (its old file kept)."""
    image = Image.objects.with_renditions().get(pk=image.pk)
    missing = renditions_missing(image)
    if not missing:
        return
    made = _make(image, missing)
    with transaction.atomic():
        current = Image.objects.select_for_update().filter(pk=image.pk).first()
        if current is None:
            return  # deleted meanwhile; its files stay (content-addressed, harmless)
        moved = (current.focal_x, current.focal_y) != (image.focal_x, image.focal_y)
        for wanted, (name, content_hash, byte_size, height) in made.items():
            if wanted.crop and moved:
                continue  # cut around a point that is no longer the focal point: the next run cuts the new one
            Rendition.objects.filter(image=current, width=wanted.width, format=wanted.format, crop=wanted.crop).delete()
            Rendition.objects.create(
                image=current,
                width=wanted.width,
                height=height,
                format=wanted.format,
                crop=wanted.crop,
                focal_x=image.focal_x,
                focal_y=image.focal_y,
                file=name,
                byte_size=byte_size,
                content_hash=content_hash,
            )
        if not moved:
            # Crops of another focal point, or of a ratio no longer made: their rows go, their files stay.
            stale = [r.pk for r in current.renditions.filter(crop__gt="") if not _current(r, image)]
            stale += [r.pk for r in current.renditions.filter(crop__gt="").exclude(crop__in=_crops())]
            Rendition.objects.filter(pk__in=stale).delete()


def _crops() -> list[str]:
    return list(settings.IMAGE_RENDITION_CROPS)


def _make(image: Image, missing: list[Wanted]) -> dict[Wanted, tuple[str, str, int, int]]:
    """Each missing rendition encoded and stored: (name, sha256, bytes, height) by what was wanted. The original is
    decoded once, at the smallest scale the largest rendition allows, and each size is made from the next larger."""
    scale = max(_scale_needed(image, wanted) for wanted in missing)
    with image.file.open("rb") as original, PillowImage.open(original) as opened:
        if opened.format == "JPEG":
            # Decode at 1/2, 1/4 or 1/8 scale when that is still at least as large as needed (bounded memory).
            opened.draft("RGB", (max(1, round(image.width * scale)), max(1, round(image.height * scale))))
        opened.load()
        source = _srgb(ImageOps.exif_transpose(opened))
    made: dict[Wanted, tuple[str, str, int, int]] = {}
    try:
        whole = [wanted for wanted in missing if not wanted.crop]
        cropped = [wanted for wanted in missing if wanted.crop]
        levels: dict[int, PillowImage.Image] = {}
        current = source
        for width in sorted({wanted.width for wanted in whole}, reverse=True):
            current = _resized(current, width, round(image.height * width / image.width))
            levels[width] = current
        for wanted in whole:
            made[wanted] = _store(levels[wanted.width], wanted.format)
        for wanted in cropped:
            box = crop_box(image.width, image.height, parse_ratio(wanted.crop), image.focal_x, image.focal_y)
            # The box in the decoded image's pixels (a JPEG decoded at a reduced scale is smaller).
            factor_x, factor_y = source.width / image.width, source.height / image.height
            scaled = (
                round(box[0] * factor_x),
                round(box[1] * factor_y),
                round(box[2] * factor_x),
                round(box[3] * factor_y),
            )
            height = round(wanted.width * (box[3] - box[1]) / (box[2] - box[0]))
            piece = source.crop(scaled)
            made[wanted] = _store(_resized(piece, wanted.width, max(1, height)), wanted.format)
            piece.close()
    finally:
        source.close()
    return made


def _scale_needed(image: Image, wanted: Wanted) -> float:
    """The fraction of the original's size that still has enough pixels for this rendition."""
    if not wanted.crop:
        return wanted.width / image.width
    left, _, right, _ = crop_box(image.width, image.height, parse_ratio(wanted.crop), image.focal_x, image.focal_y)
    return wanted.width / (right - left)


def _resized(image: PillowImage.Image, width: int, height: int) -> PillowImage.Image:
    if image.size == (width, height):
        return image
    return image.resize((width, max(1, height)), PillowImage.Resampling.LANCZOS, reducing_gap=3.0)


def _srgb(image: PillowImage.Image) -> PillowImage.Image:
    """The pixels in sRGB (converted from the embedded ICC profile, if any), RGB or RGBA, with no metadata."""
    icc = image.info.get("icc_profile")
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    target = "RGBA" if has_alpha else "RGB"
    converted = image.convert(target) if image.mode != target else image.copy()
    if icc:
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            ImageCms.profileToProfile(converted, profile, SRGB, outputMode=target, inPlace=True)
        except (ImageCms.PyCMSError, OSError, ValueError):
            logger.warning("ICC profile not applied; pixels kept as they are")
    converted.info = {}
    return converted


def encode(image: PillowImage.Image, fmt: str) -> bytes:
    """The pixels in one rendition format, without any metadata."""
    if fmt == ImageFormat.JPEG and image.mode == "RGBA":
        flat = PillowImage.new("RGB", image.size, (255, 255, 255))
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    image.info = {}
    output = io.BytesIO()
    image.save(output, format=PILLOW_FORMATS[ImageFormat(fmt)], **SAVE_OPTIONS[fmt])
    return output.getvalue()


def rendition_name(content_hash: str, fmt: str) -> str:
    return f"{content_hash[:2]}/{content_hash}.{EXTENSIONS[ImageFormat(fmt)]}"


def _store(image: PillowImage.Image, fmt: str) -> tuple[str, str, int, int]:
    content = encode(image, fmt)
    content_hash = hashlib.sha256(content).hexdigest()
    name = rendition_name(content_hash, fmt)
    storage = rendition_storage()
    if not storage.exists(name):
        saved = storage.save(name, ContentFile(content))
        if saved != name:  # another process stored the same bytes meanwhile: theirs is this file
            storage.delete(saved)
    return name, content_hash, len(content), image.height
