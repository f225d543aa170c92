from collections.abc import Collection

from django.utils.text import slugify


def unique_slug(text: str, taken: Collection[str], fallback: str = "item") -> str:
    """Slugify `text`, adding -2, -3 … until the result is not in `taken`."""
    base = slugify(text) or fallback
    candidate, counter = base, 2
    while candidate in taken:
        candidate = f"{base}-{counter}"
        counter += 1
    return candidate


def word_count(*texts: str) -> int:
    return sum(len(text.split()) for text in texts if text)
