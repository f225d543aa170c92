from django.utils.http import urlencode
from rest_framework.reverse import reverse

from core import languages
from core.models import SiteSettings


def site_settings_of(request) -> SiteSettings:
    """The site settings, read once per request however many links and checks ask."""
    if not hasattr(request, "_site_settings"):
        request._site_settings = SiteSettings.load()
    return request._site_settings


def article_api_url(request, slug: str, language: str | None = None) -> str | None:
    """The absolute URL of an article's public detail endpoint, for the host the client used; `?language=` when the
    article is in another language than the site's default."""
    if request is None:
        return None
    url = reverse("public:article-detail", kwargs={"slug": slug}, request=request)
    if language and language != languages.normalize(site_settings_of(request).language):
        url = f"{url}?{urlencode({'language': language})}"
    return url
