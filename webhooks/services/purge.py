"""CDN purge after the live set changes: the public paths of an article and the lists, or their surrogate keys
(public responses carry them in `Surrogate-Key` and `Cache-Tag`, see core.api.views), sent to the URL that
CDN_PURGE_URL_TEMPLATE makes of each."""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode

from publishing.services.live_set import surrogate_keys_of
from webhooks import transport

logger = logging.getLogger(__name__)

LIST_NAMES = (
    "public:article-list",
    "public:faq-list",
    "public:reference-list",
    "public:topic-list",
    "public:contributor-list",
)


def purge_targets(
    *, article_id: int, slugs: list[str], language: str = "", group: Iterable[int] = ()
) -> tuple[list[str], list[str]]:
    """The paths and keys to purge when an article's publication changed: its detail and JSON-LD under each
    slug it had, and every list that may show it, with `?language=` when it is not in the default language (the
    keys name them as the server's own cache does, and those of its translation `group`, whose details list it)."""
    query = f"?{urlencode({'language': language})}" if language else ""
    paths = [reverse(name) + query for name in LIST_NAMES]
    for slug in sorted(set(slugs)):
        paths += [
            reverse("public:article-detail", kwargs={"slug": slug}) + query,
            reverse("public:article-jsonld", kwargs={"slug": slug}) + query,
        ]
    return paths, sorted(surrogate_keys_of(article_ids={article_id, *group}))


def cdn_purge(*, paths: list[str], keys: list[str]) -> list[str]:
    """One request per key when the template takes {key}, else one per path; what each answered.

    A failed purge is logged and reported, not retried: the CDN's copies expire after PUBLIC_API_MAX_AGE
    anyway, and the response cache behind it is already current.
    """
    template = settings.CDN_PURGE_URL_TEMPLATE
    if not template:
        return []
    if "{key}" in template:
        urls = [template.format(key=key) for key in keys]
    else:
        urls = [template.format(path=path, url=settings.PUBLIC_BASE_URL + path) for path in paths]
    results = []
    for url in urls:
        outcome = transport.post(
            url, b"", dict(settings.CDN_PURGE_HEADERS), method=settings.CDN_PURGE_METHOD, guard=False
        )
        result = f"{url}: {outcome.status_code or outcome.error}"
        if outcome.status_code is None or outcome.status_code >= 400:
            logger.warning("CDN purge failed: %s", result)
        results.append(result)
    return results
