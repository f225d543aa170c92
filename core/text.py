"""Slugs and word counts for text in any language.

Slugs keep the words in their own script (Django's `slugify(allow_unicode=True)`):
"Витамин D и мышцы" becomes "витамин-d-и-мышцы", a valid IRI path segment that
readers of the language can read. Transliteration libraries were not used:
they spell Russian in one of several competing Latin schemes and read Japanese
kanji as Mandarin, which gives addresses no reader recognises.
"""

from collections.abc import Collection

from django.utils.text import slugify


def unique_slug(text: str, taken: Collection[str], fallback: str = "item", max_length: int = 200) -> str:
    """Slugify `text` (keeping non-Latin letters), adding -2, -3 … until the result is not in `taken`."""
    # Past U+FFFF (emoji, rare ideographs) is left out: the API schema's slug pattern stops there.
    within = "".join(character for character in text if character <= "\uffff")
    base = slugify(within, allow_unicode=True)[:max_length].strip("-") or fallback
    candidate, counter = base, 2
    while candidate in taken:
        suffix = f"-{counter}"
        candidate = f"{base[: max_length - len(suffix)]}{suffix}"
        counter += 1
    return candidate


def word_count(*texts: str) -> int:
    return sum(len(text.split()) for text in texts if text)
