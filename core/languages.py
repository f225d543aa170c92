"""Language tags (BCP 47) as the site stores and compares them: the languages a site serves, the ones a reviewer reads,
and which way a language's text runs."""

import re

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

# A practical subset of BCP 47: a primary language subtag of 2 or 3 letters, then optional script, region or variant
# subtags ("en", "en-US", "es-419", "zh-Hant", "sr-Latn-RS"). Private-use and grandfathered tags are not content
# languages a site serves.
TAG = re.compile(r"^[A-Za-z]{2,3}(?:-(?:[A-Za-z]{4}|[A-Za-z]{2}|\d{3}|[A-Za-z\d]{5,8}))*$")
TAG_PATTERN = TAG.pattern
# A tag as `normalize` writes it (language lower, script title, region upper): where tags are keys, two spellings of
# one language would be two keys.
CANONICAL_TAG = re.compile(r"^[a-z]{2,3}(?:-(?:[A-Z][a-z]{3}|[A-Z]{2}|\d{3}|[a-z\d]{5,8}))*$")

# The languages whose script runs right to left (primary subtags): Arabic, Hebrew, Persian, Urdu, Pashto, Sindhi,
# Yiddish, Dhivehi, Kurdish (Sorani), Uyghur.
RIGHT_TO_LEFT = frozenset({"ar", "he", "fa", "ur", "ps", "sd", "yi", "dv", "ckb", "ug"})


def normalize(tag: str) -> str:
    """The tag in its conventional case: language lower, script title, region upper ("EN-us" -> "en-US")."""
    subtags = tag.strip().replace("_", "-").split("-")
    out = [subtags[0].lower()]
    for subtag in subtags[1:]:
        if len(subtag) == 4 and subtag.isalpha():
            out.append(subtag.title())
        elif len(subtag) == 2 and subtag.isalpha():
            out.append(subtag.upper())
        else:
            out.append(subtag.lower())
    return "-".join(out)


def validate_tag(value: str) -> None:
    if not TAG.match(value.strip().replace("_", "-")):
        raise ValidationError(
            _("“%(tag)s” is not a language tag: use a BCP 47 tag such as en, es, fr-CA or pt-BR.") % {"tag": value},
            code="invalid_language",
        )


def parse_list(text: str) -> list[str]:
    """A comma-separated list of tags, normalized and each once, in the order given (empty entries skipped)."""
    tags: list[str] = []
    for part in text.split(","):
        if part.strip():
            validate_tag(part)
            tag = normalize(part)
            if tag not in tags:
                tags.append(tag)
    return tags


def validate_list(text: str) -> None:
    parse_list(text)


def primary(tag: str) -> str:
    return tag.split("-", 1)[0].lower()


def text_direction(tag: str) -> str:
    """ "rtl" for a language written right to left, else "ltr"."""
    return "rtl" if primary(tag) in RIGHT_TO_LEFT else "ltr"


def reads(languages: list[str], tag: str) -> bool:
    """Whether someone who reads `languages` reads text in `tag`: one of them is the same language, whatever the
    region ("es" and "es-MX" read "es-419": a reviewer of Spanish reviews Spanish written for any region)."""
    return primary(tag) in {primary(language) for language in languages}


def read_by(languages: list[str], *, field: str = "language") -> Q:
    """The rows whose `field` (a language tag) someone who reads `languages` reads (`reads`, as a query)."""
    read = Q(pk__in=[])
    for language in {primary(tag) for tag in languages}:
        read |= Q(**{f"{field}__iexact": language}) | Q(**{f"{field}__istartswith": f"{language}-"})
    return read


def language_name(tag: str) -> str:
    """The language's own name for itself ("español"), as Django knows it, or the tag."""
    for code in (tag.lower(), primary(tag)):
        try:
            return get_language_info(code)["name_local"]
        except KeyError:
            continue
    return tag


# PostgreSQL's text-search configurations (stemming, stop words) by primary language subtag; any other language is
# searched with 'simple' (words as they are).
SEARCH_CONFIGURATIONS = {
    "ar": "arabic", "ca": "catalan", "da": "danish", "de": "german", "el": "greek", "en": "english",
    "es": "spanish", "fi": "finnish", "fr": "french", "hu": "hungarian", "id": "indonesian", "it": "italian",
    "lt": "lithuanian", "nl": "dutch", "no": "norwegian", "nb": "norwegian", "pt": "portuguese", "ro": "romanian",
    "ru": "russian", "sv": "swedish", "tr": "turkish",
}  # fmt: skip


def search_configuration(tag: str | None) -> str:
    return SEARCH_CONFIGURATIONS.get(primary(tag), "simple") if tag else "simple"
