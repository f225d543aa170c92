"""What an uploaded image must be, checked before anything is stored (admin and management API alike).

In this order, each refusal naming what it checks:
1. at most IMAGE_UPLOAD_MAX_BYTES bytes (413 over the API);
2. its type read from its content by Pillow, never from its name or Content-Type, and only among JPEG, PNG, WebP,
   AVIF (when this Pillow reads it) and GIF: SVG (scripts run when it is opened directly), HTML, PDF and anything
   else are refused naming the accepted formats;
3. at most IMAGE_MAX_PIXELS pixels, read from the header before any pixel is decoded (`Image.open` reads the header
   only), so a 50,000 × 50,000 PNG is refused in milliseconds without allocating its 10 GB;
4. one frame: an animated GIF, PNG, WebP or AVIF is refused rather than flattened (a sequence such as a procedure's
   steps would silently lose all but its first frame);
5. complete: `verify()`, then a fresh open and `load()` of every pixel (within the limit), so a truncated or
   corrupt file is a 400, not a broken rendition later.

What is stored is not the uploaded bytes but the image re-encoded from its decoded pixels, in its own format, turned
upright by its EXIF orientation and without any metadata (EXIF, GPS, XMP, comments); only the ICC colour profile is
kept. Whatever else rode in the file (HTML or script appended to a JPEG, a GIF/JS polyglot) is gone. Renditions
(issue 25 part 3) are made from this copy and must be saved without metadata likewise (`exif=b""`, no `pnginfo`).
"""

import hashlib
import io
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, features

# Pillow's format names, in the order messages list them, with the name stored on the image.
FORMATS = {"JPEG": "jpeg", "PNG": "png", "WEBP": "webp", "AVIF": "avif", "GIF": "gif"}
FORMAT_LABELS = {"jpeg": "JPEG", "png": "PNG", "webp": "WebP", "avif": "AVIF", "gif": "GIF"}
# How each format is written again (quality for the lossy ones: a copy as close to what was sent as is sensible).
SAVE_OPTIONS: dict[str, dict] = {
    "JPEG": {"quality": 95, "subsampling": 0},  # 4:4:4: the colour detail of a skin photo kept
    "PNG": {"optimize": False},
    "WEBP": {"quality": 95, "method": 4},
    "AVIF": {"quality": 90},
    "GIF": {},
}


def accepted_formats() -> tuple[str, ...]:
    """Pillow's names of the formats taken: AVIF only when this Pillow was built with it."""
    return tuple(name for name in FORMATS if name != "AVIF" or features.check("avif"))


def accepted_labels() -> str:
    return ", ".join(FORMAT_LABELS[FORMATS[name]] for name in accepted_formats())


def bound_pillow() -> None:
    """Pillow's own decompression-bomb limit is ours, wherever in the process an image is opened (its warning above
    it, its DecompressionBombError above twice it): nothing decodes more than IMAGE_MAX_PIXELS unnoticed."""
    Image.MAX_IMAGE_PIXELS = settings.IMAGE_MAX_PIXELS


class UploadRefused(Exception):
    """An upload that is not stored: `status` the HTTP status the API answers (400 or 413), `message` for people."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class CheckedImage:
    """An upload that passed: the bytes to store (re-encoded, without metadata) and what they are."""

    content: bytes
    format: str  # FORMATS' values: jpeg, png, webp, avif, gif
    width: int
    height: int
    content_hash: str  # SHA-256 of `content`, hex

    @property
    def extension(self) -> str:
        return "jpg" if self.format == "jpeg" else self.format


def too_large_message() -> str:
    limit = settings.IMAGE_UPLOAD_MAX_BYTES
    return _("The image is larger than %(megabytes)s MB (%(limit)s bytes), the most an upload may be.") % {
        "megabytes": f"{limit / 1_000_000:,.1f}".removesuffix(".0"),
        "limit": f"{limit:,}",
    }


def too_many_pixels_message(width: int, height: int) -> str:
    limit = settings.IMAGE_MAX_PIXELS
    return _(
        "The image is %(width)s × %(height)s pixels (%(pixels)s megapixels); at most %(limit)s megapixels "
        "(%(limit_pixels)s pixels) are accepted. Scale it down and upload it again."
    ) % {
        "width": f"{width:,}",
        "height": f"{height:,}",
        "pixels": f"{width * height / 1_000_000:,.1f}",
        "limit": f"{limit / 1_000_000:,.1f}".removesuffix(".0"),
        "limit_pixels": f"{limit:,}",
    }


def unaccepted_format_message() -> str:
    return _(
        "Not an image in an accepted format: upload %(formats)s. SVG and other formats that can carry scripts are "
        "refused, whatever the file's name."
    ) % {"formats": accepted_labels()}


def check_upload(upload) -> CheckedImage:
    """The upload (a Django File or UploadedFile, or a binary stream) as it will be stored, or UploadRefused."""
    size = getattr(upload, "size", None)
    if size is not None and size > settings.IMAGE_UPLOAD_MAX_BYTES:
        raise UploadRefused(too_large_message(), status=413)
    stream = upload.file if hasattr(upload, "file") else upload
    pillow_format = _check_header(stream)
    image = _decode(stream)
    try:
        return _reencode(image, pillow_format)
    finally:
        image.close()


def _open(stream) -> Image.Image:
    stream.seek(0)
    return Image.open(stream, formats=accepted_formats())


def _check_header(stream) -> str:
    """The format, size and frame count, read from the header alone (no pixel decoded)."""
    limit = settings.IMAGE_MAX_PIXELS
    try:
        # Pillow warns above MAX_IMAGE_PIXELS (ours: `bound_pillow`) and raises above twice it, while opening: either
        # is this refusal when it raises (a warning filter may make the warning an error); otherwise the size read
        # from the header is checked below. (No warnings.catch_warnings(): it is not thread-safe.)
        image = _open(stream)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as bomb:
        declared = re.search(r"\((\d+) pixels\)", str(bomb))  # Pillow's message: "Image size (N pixels) exceeds…"
        raise UploadRefused(
            _(
                "The image declares %(pixels)s megapixels; at most %(limit)s megapixels (%(limit_pixels)s pixels) are "
                "accepted. Scale it down and upload it again."
            )
            % {
                "pixels": f"{int(declared[1]) / 1_000_000:,.1f}" if declared else _("more than that"),
                "limit": f"{limit / 1_000_000:,.1f}".removesuffix(".0"),
                "limit_pixels": f"{limit:,}",
            }
        ) from bomb
    except Exception as error:  # Pillow raises UnidentifiedImageError, and SyntaxError, ValueError… from a bad header
        if sniffed_format(stream) is not None:  # an accepted format's signature, then a header Pillow cannot read
            raise UploadRefused(damaged_message(error)) from error
        raise UploadRefused(unaccepted_format_message()) from error
    with image:
        width, height = image.size
        if width <= 0 or height <= 0:
            raise UploadRefused(_("The image declares no pixels (%(width)s × %(height)s).") % image_size(image))
        if width * height > limit:
            raise UploadRefused(too_many_pixels_message(width, height))
        try:
            animated = bool(getattr(image, "is_animated", False))
        except Exception as error:  # reading past the first frame of a damaged file
            raise UploadRefused(damaged_message(error)) from error
        if animated:
            raise UploadRefused(
                _(
                    "Animated images are not accepted: upload one still frame (as PNG or JPEG), or a video "
                    "elsewhere. A library image must be the same wherever it is shown."
                )
            )
        return str(image.format)


def sniffed_format(stream) -> str | None:
    """The accepted format whose signature the file starts with, if any: only to tell a damaged JPEG, PNG… (whose
    header Pillow could not read) from a file of another kind in the refusal's words. Pillow decides what is taken."""
    stream.seek(0)
    head = stream.read(16)
    signatures = {
        "JPEG": head.startswith(b"\xff\xd8\xff"),
        "PNG": head.startswith(b"\x89PNG\r\n\x1a\n"),
        "GIF": head[:6] in (b"GIF87a", b"GIF89a"),
        "WEBP": head[:4] == b"RIFF" and head[8:12] == b"WEBP",
        "AVIF": head[4:12] in (b"ftypavif", b"ftypavis"),
    }
    return next((name for name, matches in signatures.items() if matches and name in accepted_formats()), None)


def image_size(image: Image.Image) -> dict[str, str]:
    return {"width": f"{image.size[0]:,}", "height": f"{image.size[1]:,}"}


def damaged_message(error: Exception) -> str:
    return _("The image file is damaged or incomplete (%(error)s): export it again and upload the new file.") % {
        "error": str(error)[:200] or type(error).__name__
    }


def _decode(stream) -> Image.Image:
    """Every pixel decoded, after Pillow's own integrity check; the header was checked within the limits."""
    try:
        with _open(stream) as checking:
            checking.verify()  # PNG chunk checksums and the like; the image is unusable after it
        image = _open(stream)
        image.load()
    except UploadRefused:
        raise
    except Exception as error:  # OSError("image file is truncated"), SyntaxError, ValueError, EOFError… from Pillow
        raise UploadRefused(damaged_message(error)) from error
    return image


def _reencode(image: Image.Image, pillow_format: str) -> CheckedImage:
    """The decoded image written again in its format, upright and without metadata (the ICC profile kept)."""
    icc_profile = image.info.get("icc_profile")
    transparency = image.info.get("transparency")
    ImageOps.exif_transpose(image, in_place=True)  # turned as EXIF says, without a second copy of the pixels
    # Nothing read from the file goes back in: Pillow writes some metadata (XMP, comments…) from `info` by default.
    image.info = {}
    upright = image.convert("RGB") if pillow_format == "JPEG" and image.mode not in ("RGB", "L", "CMYK") else image
    options = dict(SAVE_OPTIONS[pillow_format])  # no exif, xmp or pnginfo
    if icc_profile and pillow_format != "GIF":
        options["icc_profile"] = icc_profile
    if transparency is not None and pillow_format in ("GIF", "PNG"):
        options["transparency"] = transparency
    output = io.BytesIO()
    try:
        upright.save(output, format=pillow_format, **options)
    except Exception as error:  # a mode this format cannot write back
        raise UploadRefused(damaged_message(error)) from error
    finally:
        width, height = upright.size
        if upright is not image:
            upright.close()
    content = output.getvalue()
    return CheckedImage(
        content=content,
        format=FORMATS[pillow_format],
        width=width,
        height=height,
        content_hash=hashlib.sha256(content).hexdigest(),
    )
