"""`?language=` on every public path: which of the site's languages a request reads, said back in `Content-Language`.

Without it, the site's default language, so a client that never names one sees what it saw before translations. A
language the site does not serve is a 400 naming `language`; clinical text is never served in another language than
the one asked for (a slug without a live version in it is a 404 listing the languages it has: the detail view).
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError

from core import languages
from publishing.links import site_settings_of

PARAMETER = "language"

LANGUAGE_PARAMETER = OpenApiParameter(
    PARAMETER,
    str,
    pattern=languages.TAG_PATTERN,
    description=(
        "A language the site serves (BCP 47, e.g. `es`); without it, the site's default language. Articles, FAQs "
        "and references of that language only; a language the site does not serve is a 400 naming `language`."
    ),
)


def requested_language(request) -> str:
    """The served language `?language=` names, or the site's default."""
    site_settings = site_settings_of(request)
    asked = request.query_params.get(PARAMETER)
    if asked is None:
        return languages.normalize(site_settings.language)
    served = site_settings.served_languages()
    tag = languages.normalize(asked) if languages.TAG.match(asked) else None
    if tag not in served:
        raise ValidationError(
            {PARAMETER: [_("This site serves %(served)s only.") % {"served": ", ".join(served)}]}, code="invalid"
        )
    return tag


class PublicLanguageMixin:
    """Reads `?language=` before the handler runs (`self.language`), takes it as a known query parameter, documents
    it, and says the response's language in `Content-Language`."""

    language = ""
    extra_query_parameters = (PARAMETER,)
    schema_parameters = (LANGUAGE_PARAMETER,)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.language = requested_language(request)
        request.content_language = self.language  # what a search of these rows is stemmed in (`AllWordsFilter`)

    def content_language(self, request) -> str | None:
        """The language of what the response shows: the one asked for (a view of records kept in one language
        says which, one of data in no language says none)."""
        return self.language

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        language = self.content_language(request) if self.language else None
        if language and response.status_code in (200, 304):
            response.headers["Content-Language"] = language
        return response
