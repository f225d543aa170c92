"""Images in the public document: the article's hero image and the figures its Markdown places (`![alt](image:ID)`),
each as `media.documents` shapes it, and the placeholders the stored HTML holds for them (`<img src="image:ID">`,
`core.markdown`) replaced by their renditions' markup. What a document shows of an image is frozen with it: a
change to an image's alt text or credit after approval reaches the public only through a new review."""

import html
import re

from django.db.models import prefetch_related_objects

from articles import content_model, prose
from articles.models import Article
from media.documents import picture_html
from media.models import Image
from media.renditions import renditions_ensure

# A placeholder as the sanitizer leaves it (attributes quoted with ", in any order: pasted HTML keeps its own).
PLACEHOLDER = re.compile(r'<img\b(?=[^>]*\ssrc="image:([0-9]+)")[^>]*>')
ALT = re.compile(r'\salt="([^"]*)"')


def placed_image_ids(article: Article) -> list[int]:
    """The library images the article's texts place, in reading order, each once (`article` fetched with its
    content)."""
    found: dict[int, None] = {}
    for kind, name in content_model.rendered_fields():
        rows = [article] if kind is None else prose.parts(article, kind)
        for row in rows:
            for match in PLACEHOLDER.finditer(getattr(row, name) or ""):
                found.setdefault(int(match.group(1)), None)
    return list(found)


def article_images(article: Article) -> dict[int, Image]:
    """The hero image and the placed images by id, with their renditions: two queries, none when the article has no
    image. An image without renditions yet (the worker has not made them) gets them now: a document is never
    frozen with an image it cannot show."""
    wanted = set(placed_image_ids(article))
    if article.hero_image_id:
        wanted.add(article.hero_image_id)
    if not wanted:
        return {}
    images = {image.pk: image for image in Image.objects.with_renditions().filter(pk__in=wanted)}
    missing = [image for image in images.values() if not image.renditions.all()]
    for image in missing:
        renditions_ensure(image=image)
        image._prefetched_objects_cache.pop("renditions", None)  # read again below, with what was just made
    if missing:
        prefetch_related_objects(missing, "renditions")
    return images


def fill_figures(text: str, documents: dict[int, dict]) -> str:
    """`text` (sanitized HTML) with each placeholder replaced by its image's markup; an image no longer in the
    library is left out."""
    if "image:" not in text:
        return text

    def figure(match: re.Match) -> str:
        document = documents.get(int(match.group(1)))
        if document is None:
            return ""
        alt = ALT.search(match.group(0))
        return picture_html(document, alt=html.unescape(alt.group(1)) if alt else None)

    return PLACEHOLDER.sub(figure, text)
