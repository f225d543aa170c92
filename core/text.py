"""Slugs and word counts for text in any language.

Slugs keep the words in their own script (Django's `slugify(allow_unicode=True)`):
"Витамин D и мышцы" becomes "витамин-d-и-мышцы", a valid IRI path segment that
readers of the language can read. Transliteration libraries were not used:
they spell Russian in one of several competing Latin schemes and read Japanese
kanji as Mandarin, which gives addresses no reader recognises.
"""

from collections.abc import Collection

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

# What Python's str.strip() removes (and so DRF and Django before they validate), spelled out for patterns that
# ECMAScript and Python must read alike: their \s differ (\x1c-\x1f, \x85).
STRIPPED_WHITESPACE = r"\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"

# A slug's letters stop at U+FFFF: the API schema lists them as explicit ranges, which ECMAScript and Python read
# alike only there. Slugs made from titles leave the rest (emoji, rare ideographs) out; a typed one is refused.
SLUG_BEYOND = "\uffff"


def validate_slug_characters(value: str) -> None:
    if any(character > SLUG_BEYOND for character in value):
        raise ValidationError(
            _("A slug takes letters and digits up to U+FFFF: leave out emoji and rare ideographs."),
            code="slug_beyond_bmp",
        )


def unique_slug(text: str, taken: Collection[str], fallback: str = "item", max_length: int = 200) -> str:
    """Slugify `text` (keeping non-Latin letters), adding -2, -3 … until the result is not in `taken`."""
    within = "".join(character for character in text if character <= SLUG_BEYOND)
    base = slugify(within, allow_unicode=True)[:max_length].strip("-") or fallback
    candidate, counter = base, 2
    while candidate in taken:
        suffix = f"-{counter}"
        candidate = f"{base[: max_length - len(suffix)]}{suffix}"
        counter += 1
    return candidate


def word_count(*texts: str) -> int:
    return sum(len(text.split()) for text in texts if text)
