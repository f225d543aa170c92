"""The sync feed for offline apps: every live article once, then only what changed since a token.

A token holds a position in the live set's history: the version of `PublicState` (which numbers the
transactions that changed publications, in commit order, see `LiveSetChange`) and a time (scheduled
publications go live by the clock, with no transaction). What changed between two positions is every
article a transaction numbered in between touched, and every article with a go-live time in between.
An article that changed is sent whole if it is live now, and its other addresses the public once saw are
sent as `deleted`: the client ends with exactly the live set, whatever it missed. Sending an article
twice (it changed while a client paged) is harmless; missing one is not, hence the version rather than a
time for what transactions did: a transaction's own clock reading precedes its commit.

Tokens are signed (`django.core.signing`), so a client cannot forge a position; a token from the future
(a clock or database set back) is refused rather than trusted.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db.models import F, Q
from django.utils import timezone

from publishing.models import LiveSetChange, Publication, PublicState

SALT = "publishing.sync"
# Servers' clocks may differ by this much: a token made by one a little ahead of another is still taken (its
# window of scheduled go-lives is then empty, and the next token starts from the later clock, so none is lost).
CLOCK_SKEW = timedelta(seconds=60)


class SyncTokenInvalid(Exception):
    """A token this server did not make."""


class SyncTokenOtherLanguage(SyncTokenInvalid):
    """A token of the feed of another language than the one asked for."""

    def __init__(self, language: str):
        super().__init__(language)
        self.language = language


class SyncTokenAhead(SyncTokenInvalid):
    """A token for a position this server has not reached: its database was restored from an earlier backup, or
    its clock is behind the one that made the token."""


@dataclass(frozen=True)
class Position:
    version: int
    time: datetime


@dataclass(frozen=True)
class Window:
    """What a page covers: changes after `since` up to `until` (the initial sync has no `since`)."""

    since: Position | None
    until: Position
    after_article: int = 0


@dataclass
class SyncPage:
    publications: list[Publication]
    deleted: list[str]
    deleted_ids: list[int]
    next_page_token: str | None
    next_sync_token: str | None


def _micros(moment: datetime) -> int:
    return int(moment.timestamp() * 1_000_000)


def _moment(micros: int) -> datetime:
    return datetime.fromtimestamp(micros / 1_000_000, tz=UTC)


def _encode(kind: str, *positions: Position, language: str, after_article: int = 0) -> str:
    data: dict[str, object] = {
        "k": kind,
        "p": [[position.version, _micros(position.time)] for position in positions],
        "l": language,
    }
    if after_article:
        data["a"] = after_article
    return signing.dumps(data, salt=SALT, compress=True)


def _decode(token: str, current: Position, language: str) -> tuple[str, Window]:
    try:
        data = signing.loads(token, salt=SALT)
        kind, raw = data["k"], data["p"]
        positions = [Position(version=int(version), time=_moment(int(micros))) for version, micros in raw]
        after_article = int(data.get("a", 0))
        # A token made before the feed had languages is for the one language there was: whichever is asked.
        token_language = str(data.get("l", language))
    except (signing.BadSignature, KeyError, TypeError, ValueError, OverflowError) as error:
        raise SyncTokenInvalid from error
    if token_language != language:
        raise SyncTokenOtherLanguage(token_language)
    if any(p.version > current.version or p.time > current.time + CLOCK_SKEW for p in positions):
        raise SyncTokenAhead
    if kind == "sync" and len(positions) == 1:
        return kind, Window(since=positions[0], until=current)
    if kind == "initial" and len(positions) == 1:
        return kind, Window(since=None, until=positions[0], after_article=after_article)
    if kind == "delta" and len(positions) == 2:
        return kind, Window(since=positions[0], until=positions[1], after_article=after_article)
    raise SyncTokenInvalid


def current_position(now: datetime) -> Position:
    version = PublicState.objects.filter(pk=1).values_list("version", flat=True).first() or 0
    return Position(version=version, time=now)


def _changed_articles(window: Window, limit: int, language: str) -> list[int]:
    """The articles of `language` that changed in the window, in id order from where the last page ended (one whose
    translation went live by the clock changed too: its detail lists its live translations)."""
    since, until = window.since, window.until
    if since is None:
        changed = Publication.objects.live(until.time)
    else:
        touched = LiveSetChange.objects.filter(version__gt=since.version, version__lte=until.version)
        went_live = Publication.objects.filter(live_from__gt=since.time, live_from__lte=until.time)
        changed = Publication.objects.filter(
            Q(article_id__in=touched.values("article_id"))
            | Q(translation_key__in=went_live.exclude(translation_key=None).values("translation_key"))
            | Q(pk__in=went_live.values("pk"))
        )
    ids = (
        changed.filter(language=language, article_id__gt=window.after_article)
        .order_by("article_id")
        .values_list("article_id", flat=True)
        .distinct()
    )
    return list(ids[:limit])


def _gone_slugs(article_ids: list[int], now: datetime, language: str) -> list[str]:
    """Addresses of these articles that the public once saw and that no live article of their language has now."""
    once_live = (
        Publication.objects.filter(article_id__in=article_ids, live_from__lte=now)
        .exclude(withdrawn_at__lte=F("live_from"))
        .exclude(superseded_at__lte=F("live_from"))  # replaced at its own go-live time: never public
    )
    gone = once_live.filter(language=language).exclude(
        slug__in=Publication.objects.live(now).filter(language=language).values("slug")
    )
    return sorted(set(gone.values_list("slug", flat=True)))


def sync_page(*, token: str | None, language: str, now: datetime | None = None) -> SyncPage:
    """The first page of an initial sync (`token` None), or the page a token asks for, of the articles in `language`
    (a token is for the feed of one language).

    Four queries whatever the history's length: the state's version, the changed articles of the page,
    their live publications, and their addresses that are gone.
    """
    now = now or timezone.now()
    current = current_position(now)
    if token is None:
        kind, window = "initial", Window(since=None, until=current)
    else:
        kind, window = _decode(token, current, language)
        if kind == "sync":
            kind = "delta"
    size = settings.SYNC_PAGE_SIZE
    article_ids = _changed_articles(window, size + 1, language)
    more = len(article_ids) > size
    article_ids = article_ids[:size]
    publications = list(
        Publication.objects.live(now)
        .filter(article_id__in=article_ids, language=language)
        .order_by("article_id")
        .only("article_id", "document", "translation_key", "source_article_id", "source_version")
    )
    deleted = _gone_slugs(article_ids, now, language) if window.since is not None and article_ids else []
    live_ids = {publication.article_id for publication in publications}
    # Empty on initial pages: their articles are live at the window's end and withdrawn ones are never live.
    deleted_ids = [pk for pk in article_ids if pk not in live_ids]
    if more:
        positions = (window.until,) if kind == "initial" else (window.since, window.until)
        next_page = _encode(kind, *positions, language=language, after_article=article_ids[-1])
        return SyncPage(publications, deleted, deleted_ids, next_page, None)
    return SyncPage(publications, deleted, deleted_ids, None, _encode("sync", window.until, language=language))
