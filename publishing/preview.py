"""Signed, expiring preview links to one version of an article's working copy, and the document they show.

A link names the article, the version of its working copy it was made for, the generation of the article's
preview links (`PreviewLinks`: revoking moves it on) and when it expires (at most PREVIEW_TOKEN_MAX_AGE
seconds after it was made, a setting that also bounds links made before it was lowered). It opens only that
version: once the working copy is saved again (an edit, a restore), the link is refused as superseded and
a new one shows the new version. Links without a version (made before links were bound to one) count as
revoked.
"""

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article, ArticleStatus
from core.exceptions import RoleError
from core.models import SiteSettings
from publishing.models import PreviewLinks
from publishing.selectors import articles_with_live_state
from publishing.serializers import ArticlePreviewSerializer
from publishing.services.shown import DOCUMENT_FINGERPRINT, candidate_shown

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

SALT = "articles.preview"  # kept from before the publishing app, so issued links stay valid

# What the admin offers when making a link (those up to PREVIEW_TOKEN_MAX_AGE), in seconds.
LIFETIME_CHOICES = (3600, 86400, 7 * 86400)


class PreviewRefused(Exception):
    """Why a link shows nothing; `code` is what the JSON preview names it, `status` the HTTP status of both the
    JSON and the HTML preview (only their words differ)."""

    code = "preview_refused"
    status = 404


class PreviewExpired(PreviewRefused):
    code = "preview_expired"
    status = 403


class PreviewInvalid(PreviewRefused):
    code = "preview_invalid"


class PreviewRevoked(PreviewRefused):
    """The article's links were revoked after this one was made (or it was made before links named a version)."""

    code = "preview_revoked"
    status = 410


class PreviewSuperseded(PreviewRefused):
    """The working copy was saved since the link was made: it is at `current_version`, the link at `version`."""

    code = "preview_superseded"
    status = 410

    def __init__(self, version: int, current_version: int):
        super().__init__(version, current_version)
        self.version = version
        self.current_version = current_version


@dataclass(frozen=True)
class PreviewGrant:
    article: int
    version: int
    generation: int
    expires: int  # Unix time


def preview_lifetime(requested: int | None = None) -> int:
    """Seconds a new link lasts: `requested` (PREVIEW_TOKEN_DEFAULT_AGE when None), never more than
    PREVIEW_TOKEN_MAX_AGE."""
    lifetime = settings.PREVIEW_TOKEN_DEFAULT_AGE if requested is None else requested
    return max(1, min(int(lifetime), settings.PREVIEW_TOKEN_MAX_AGE))


def preview_lifetime_choices() -> list[int]:
    """The lifetimes the admin offers: the usual ones up to the maximum, and the maximum itself."""
    most = settings.PREVIEW_TOKEN_MAX_AGE
    return sorted({choice for choice in LIFETIME_CHOICES if choice < most} | {most})


def preview_generation(article: Article) -> int:
    return PreviewLinks.objects.filter(article=article).values_list("generation", flat=True).first() or 0


def preview_token_make(article: Article, lifetime: int | None = None) -> str:
    """A link to the working copy at `article.version` (the caller read it from the database), valid for
    `preview_lifetime(lifetime)` seconds unless the article's links are revoked first."""
    payload = {
        "article": article.pk,
        "version": article.version,
        "generation": preview_generation(article),
        "expires": int(time.time()) + preview_lifetime(lifetime),
    }
    return signing.dumps(payload, salt=SALT, compress=True)


def preview_links_revoke(*, article: Article, user) -> PreviewLinks:
    """Refuse every preview link of `article` made so far; links made afterwards open as usual. RoleError for a
    user who may not (`may_revoke_preview_links`; None is the system itself, as for the other services)."""
    if user is not None and not may_revoke_preview_links(user):
        raise RoleError(_("Your role does not allow revoking preview links."))
    with transaction.atomic():
        links, _created = PreviewLinks.objects.select_for_update().get_or_create(article=article)
        links.generation = F("generation") + 1
        links.revoked_at = timezone.now()
        links.revoked_by = user if getattr(user, "is_authenticated", False) else None
        links.save()
    links.refresh_from_db()
    return links


def preview_grant(token: str) -> PreviewGrant:
    """What a token grants, before the article is read; raises PreviewExpired, PreviewInvalid or (a link
    made before links named a version) PreviewRevoked."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=settings.PREVIEW_TOKEN_MAX_AGE)
    except signing.SignatureExpired as error:
        raise PreviewExpired from error
    except signing.BadSignature as error:
        raise PreviewInvalid from error
    except ValueError as error:  # signed by us, yet not JSON: not a link this server made
        raise PreviewInvalid from error
    if not isinstance(payload, dict) or not _is_int(payload.get("article")):
        raise PreviewInvalid
    fields = ("version", "generation", "expires")
    if not all(_is_int(payload.get(name)) for name in fields):
        raise PreviewRevoked  # an article-only link, from before links were bound to a version
    if payload["expires"] < time.time():
        raise PreviewExpired
    return PreviewGrant(payload["article"], *(payload[name] for name in fields))


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class LiveState(TypedDict):
    is_live: bool  # annotated by articles_with_live_state


def preview_article(token: str) -> "WithAnnotations[Article, LiveState]":
    """The working copy a token grants, with every part the document reads and `is_live` (for the preview
    page's banner, in the same query); raises PreviewExpired, PreviewRevoked, PreviewSuperseded, or
    PreviewInvalid also when the article was deleted since."""
    grant = preview_grant(token)
    generation = PreviewLinks.objects.filter(article=OuterRef("pk")).values("generation")[:1]
    articles = articles_with_live_state(Article.objects.with_content()).annotate(
        preview_generation=Coalesce(Subquery(generation), Value(0))
    )
    article = articles.filter(pk=grant.article).first()
    if article is None:
        raise PreviewInvalid
    if grant.generation != article.preview_generation:
        raise PreviewRevoked
    if grant.version != article.version:
        raise PreviewSuperseded(grant.version, article.version)
    return article


def preview_document(article: Article, request, site_settings: SiteSettings | None = None) -> dict:
    """The working copy as the public detail document: what the JSON preview serves and the preview page shows.

    A caller that has the site settings already passes them, so they are read once.
    """
    return ArticlePreviewSerializer(article, context={"request": request, "site_settings": site_settings}).data


def preview_api_url(request, token: str) -> str:
    return request.build_absolute_uri(reverse("public:article-preview", args=[token]))


def preview_page_url(request, token: str) -> str:
    return request.build_absolute_uri(reverse("preview-page", args=[token]))


def preview_url(request, token: str) -> str:
    """Where a Preview link goes: the frontend's preview page if configured, else this server's own page."""
    template = settings.PREVIEW_URL_TEMPLATE
    if not template:
        return preview_page_url(request, token)
    return template.replace("{token}", token).replace("{api_url}", preview_api_url(request, token))


def preview_headers(article: Article, site_settings: SiteSettings | None = None) -> dict[str, str]:
    """In review, the fingerprint of the document an approval would freeze (see `publishing.services.shown`): a
    reviewer who reads the preview approves with it."""
    if article.status != ArticleStatus.IN_REVIEW:
        return {}
    return {DOCUMENT_FINGERPRINT: candidate_shown(article=article, site_settings=site_settings)}


def may_revoke_preview_links(user) -> bool:
    """Authors, medical reviewers and publishers (whoever works on articles, not a read-only account)."""
    return any(user.has_perm(f"articles.{name}") for name in ("change_article", "review_article", "publish_article"))
