"""An image as the public document shows it (`hero_image`, each of `figures`), and as a figure in the document's
HTML: the shape of the design's contract, with the renditions a frontend builds a `srcset` from."""

import html

from media.models import Image
from media.renditions import rendition_list

# What a figure in the text takes of the page's width: the column at most (48rem), the screen on phones.
FIGURE_SIZES = "(min-width: 48rem) 48rem, 100vw"
MIME_TYPES = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg"}


def image_document(image: Image, language: str | None = None) -> dict:
    """`image` (fetched `with_renditions()`) as the API serves it, its texts in `language` (an article's: each
    text's translation, or the image's own where that language has none). A decorative image's alt text is empty,
    whatever is written: screen readers skip it."""
    return {
        "id": image.pk,
        "alt_text": "" if image.decorative else image.text_in("alt_text", language),
        "decorative": image.decorative,
        "caption": image.text_in("caption", language),
        "credit": image.text_in("credit", language),
        "licence": image.licence,
        "width": image.width,
        "height": image.height,
        "focal_point": image.focal_point,
        "renditions": rendition_list(image),
    }


def _srcset(renditions: list[dict]) -> str:
    return ", ".join(f"{rendition['url']} {rendition['width']}w" for rendition in renditions)


def picture_html(document: dict, *, alt: str | None = None, lazy: bool = True) -> str:
    """A figure's markup from its `image_document`: one `<source>` per modern format, the JPEGs as the `<img>`'s own
    `srcset`, its size given (no layout shift) and loaded lazily. `alt`: the text's own alt text, where the writer
    gave one for this place; a decorative image has none. `lazy`: loaded once scrolled near (not a hero image, which
    is the first thing seen)."""
    by_format: dict[str, list[dict]] = {}
    for rendition in document["renditions"]:
        by_format.setdefault(rendition["format"], []).append(rendition)
    fallback = by_format.get("jpeg") or next(iter(by_format.values()), [])
    if not fallback:
        return ""  # no rendition made: nothing to show (a document is frozen only once they exist)
    written = "" if document["decorative"] else (alt if alt and alt.strip() else document["alt_text"])
    largest = max(fallback, key=lambda rendition: rendition["width"])
    sources = "".join(
        f'<source type="{MIME_TYPES[name]}" srcset="{html.escape(_srcset(renditions))}" sizes="{FIGURE_SIZES}">'
        for name, renditions in by_format.items()
        if name != "jpeg" and name in MIME_TYPES
    )
    return (
        f"<picture>{sources}"
        f'<img src="{html.escape(largest["url"])}" srcset="{html.escape(_srcset(fallback))}" sizes="{FIGURE_SIZES}" '
        f'width="{document["width"]}" height="{document["height"]}" alt="{html.escape(written)}" '
        f'loading="{"lazy" if lazy else "eager"}" decoding="async"></picture>'
    )
