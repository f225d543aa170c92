"""The live set: which publication of each article the public sees, and the state that response caches follow.

Every step that creates or withdraws publications calls `live_set_changed` in its own transaction, so
`Publication.superseded_at`, `PublicState` and the versions of the surrogate keys it touched never disagree
with the publications themselves.
"""

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime

from django.db import IntegrityError, connections, transaction
from django.db.models import Exists, F, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from articles.models import Article, Topic
from publishing import surrogate_keys
from publishing.models import (
    LiveSetChange,
    Publication,
    PublicState,
    PublishedRecord,
    PublishedReference,
    SurrogateKeyVersion,
)

STATE_PK = 1


def publications_set_superseded(*, article_ids: Iterable[int]) -> None:
    """Each publication (not withdrawn) of these articles is superseded when the next newer one goes live."""
    rows = list(
        Publication.objects.filter(article_id__in=set(article_ids), withdrawn_at__isnull=True)
        .order_by("article_id", "live_from", "pk")
        .only("pk", "article_id", "live_from", "superseded_at")
    )
    changed = []
    for older, newer in zip(rows, [*rows[1:], None], strict=False):  # each row and the next (None after the last)
        superseded_at = newer.live_from if newer is not None and newer.article_id == older.article_id else None
        if older.superseded_at != superseded_at:
            older.superseded_at = superseded_at
            changed.append(older)
    Publication.objects.bulk_update(changed, ["superseded_at"])


def _next_go_live(now: datetime) -> Subquery:
    return Subquery(Publication.objects.pending(now).order_by("live_from").values("live_from")[:1])


def publications_last_change(now: datetime) -> datetime | None:
    """When the live set last changed, read from the publications' own times (a scan of them all: for
    imports, which bring a history with its times, not for requests)."""
    times = Publication.objects.aggregate(
        created=Max("created_at"),
        withdrawn=Max("withdrawn_at"),
        went_live=Max("live_from", filter=Q(live_from__lte=now)),
    )
    return max((time for time in times.values() if time), default=None)


def surrogate_keys_of(*, article_ids: Iterable[int]) -> set[str]:
    """What a change of these articles' publications may change: each one's detail, the lists of every topic
    any of their publications has (before the change and after), and the other lists."""
    article_ids = set(article_ids)
    topic_ids = Publication.topics.through.objects.filter(publication__article_id__in=article_ids).values_list(
        "topic_id", flat=True
    )
    return {
        surrogate_keys.LISTS,
        *(surrogate_keys.article_key(pk) for pk in article_ids),
        *(surrogate_keys.topic_lists_key(pk) for pk in set(topic_ids)),
    }


def surrogate_keys_of_searches() -> list[str]:
    """What a change of the search synonyms may change: every article list, each topic's too (a search narrows
    them all); never a detail."""
    topic_ids = Topic.objects.values_list("pk", flat=True)
    return [surrogate_keys.LISTS, *(surrogate_keys.topic_lists_key(pk) for pk in topic_ids)]


def surrogate_keys_move(*, keys: Iterable[str], version: int) -> None:
    """What these keys name changed at `version`, in the caller's transaction (which holds the state row)."""
    SurrogateKeyVersion.objects.bulk_create(
        [SurrogateKeyVersion(name=name, version=version) for name in sorted(set(keys))],
        update_conflicts=True,
        unique_fields=["name"],
        update_fields=["version"],
    )


def public_state_move(
    *,
    now: datetime | None = None,
    changed_at: datetime | None = None,
    keys: Iterable[str] = (surrogate_keys.EVERYTHING,),
) -> int:
    """A new state key and the next version, in the caller's transaction: what the public sees changed (or
    will, at a new scheduled time); it changed at `changed_at`, by default now. `keys` name what changed
    (by default everything). Returns the version."""
    now = now or timezone.now()
    changed_at = changed_at or now
    moved = {"key": uuid.uuid4().hex, "changed_at": changed_at, "version": F("version") + 1}
    if not PublicState.objects.filter(pk=STATE_PK).update(**moved):
        try:
            with transaction.atomic():
                PublicState.objects.create(pk=STATE_PK, key=uuid.uuid4().hex, changed_at=changed_at, version=1)
        except IntegrityError:  # made by a concurrent first publish meanwhile
            PublicState.objects.filter(pk=STATE_PK).update(**moved)
    # A statement of its own, after the row is locked: it sees the scheduled publications of
    # transactions that committed while this one waited for the lock.
    PublicState.objects.filter(pk=STATE_PK).update(next_change_at=_next_go_live(now))
    version = PublicState.objects.filter(pk=STATE_PK).values_list("version", flat=True).get()
    surrogate_keys_move(keys=keys, version=version)
    return version


def current_parts_refresh(*, article_ids: Iterable[int] | None, now: datetime) -> None:
    """Mark again which published topic, person and reference rows are current (the newest live one of each),
    among those that the publications of these articles name (all of them for None, after a bulk load): what
    /topics/, /contributors/ and /references/ list, found by a partial index instead of comparing every live row
    on each read. A fixed number of queries whatever the number of rows."""
    live_publication = Q(publication__withdrawn_at__isnull=True, publication__live_from__lte=now) & (
        Q(publication__superseded_at__isnull=True) | Q(publication__superseded_at__gt=now)
    )
    for model, group in ((PublishedRecord, ("kind", "record_id")), (PublishedReference, ("reference_id",))):
        named = model.objects.all()
        if article_ids is not None:
            named = named.filter(publication__article_id__in=set(article_ids))
        # Each group's rows from the newest back, to the first of a live publication: one or two rows read, where
        # comparing every live row of a group that thousands of publications name took seconds.
        newest_live = (
            model.objects.filter(live_publication, **{field: OuterRef(field) for field in group})
            .order_by("-pk")
            .values("pk")[:1]
        )
        groups = named.values(*group).distinct().annotate(newest=Subquery(newest_live))
        newest = [pk for pk in groups.values_list("newest", flat=True) if pk is not None]
        same_group = Exists(named.filter(**{field: OuterRef(field) for field in group}))
        model.objects.filter(same_group, is_current=True).exclude(pk__in=newest).update(is_current=False)
        model.objects.filter(pk__in=newest, is_current=False).update(is_current=True)


def live_set_changed(
    *, article_ids: Iterable[int], now: datetime | None = None, changed_at: datetime | None = None
) -> None:
    """Publications of these articles were created or withdrawn, in the caller's transaction."""
    article_ids = set(article_ids)
    publications_set_superseded(article_ids=article_ids)
    current_parts_refresh(article_ids=article_ids, now=now or timezone.now())
    # A detail lists its live translations and says whether its source moved on: what changes one article of a
    # translation group changes the others' details too (their cached responses, their sync entries).
    changed = article_ids | translations_of_articles(article_ids)
    version = public_state_move(now=now, changed_at=changed_at, keys=surrogate_keys_of(article_ids=changed))
    LiveSetChange.objects.bulk_create(LiveSetChange(version=version, article_id=pk) for pk in sorted(changed))


def translations_of_articles(article_ids: set[int]) -> set[int]:
    """The other articles of these articles' translation groups."""
    groups = Article.objects.filter(pk__in=article_ids).values("translation_key")
    return set(Article.objects.filter(translation_key__in=groups).values_list("pk", flat=True)) - article_ids


def _read_state(using: str, keys: tuple[str, ...] = ()) -> PublicState | None:
    """The state row, and as `keys_version` the latest version at which any of `keys` changed (0 when none did),
    in one plain SELECT: it runs on every public request, where building an ORM query would cost several times
    the query itself."""
    connection = connections[using]
    quote = connection.ops.quote_name
    keys = (surrogate_keys.EVERYTHING, *keys)
    keys_version = (
        f"(SELECT MAX({quote('version')}) FROM {quote(SurrogateKeyVersion._meta.db_table)} "
        f"WHERE {quote('name')} IN ({', '.join(['%s'] * len(keys))}))"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote('key')}, {quote('changed_at')}, {quote('next_change_at')}, {quote('version')}, "
            f"{keys_version} FROM {quote(PublicState._meta.db_table)} WHERE {quote('id')} = %s",
            [*keys, STATE_PK],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    key, changed_at, next_change_at, version, keys_version = row
    state = PublicState(
        pk=STATE_PK, key=key, changed_at=_aware(changed_at), next_change_at=_aware(next_change_at), version=version
    )
    state.keys_version = keys_version or 0
    return state


def _aware(value):
    """A datetime as the ORM would give it: SQLite's backend hands back naive UTC, PostgreSQL aware values."""
    if value is None:
        return None
    return value if timezone.is_aware(value) else value.replace(tzinfo=UTC)


def public_state_current(
    *, now: datetime | None = None, using: str = "default", keys: tuple[str, ...] = ()
) -> PublicState | None:
    """The state row as of now (None before anything was ever published), with `keys_version`: the latest
    version at which any of `keys` changed.

    When a scheduled go-live time has passed, the first reader moves the state on (`_scheduled_went_live`), so
    no cached response made before that time is served after it.
    """
    now = now or timezone.now()
    state = _read_state(using, keys)
    if state is None or state.next_change_at is None or state.next_change_at > now:
        return state
    _scheduled_went_live(state, now)
    return _read_state("default", keys)


def _scheduled_went_live(state: PublicState, now: datetime) -> None:
    """A new key and version, and the surrogate keys of the articles whose scheduled publications went live
    moved to it, in one transaction: a conditional UPDATE that a concurrent reader's matches nothing of."""
    went_live = Subquery(Publication.objects.live(now).order_by("-live_from").values("live_from")[:1])
    with transaction.atomic(using="default"):
        moved = (
            PublicState.objects.using("default")
            .filter(pk=STATE_PK, key=state.key)
            .update(
                key=uuid.uuid4().hex,
                version=F("version") + 1,
                changed_at=Greatest(F("changed_at"), Coalesce(went_live, F("changed_at"))),
                next_change_at=_next_go_live(now),
            )
        )
        if not moved:
            return
        # The earliest scheduled time was `next_change_at`: every publication that went live since has its time
        # between that and now.
        article_ids = set(
            Publication.objects.filter(
                withdrawn_at__isnull=True, live_from__gte=state.next_change_at, live_from__lte=now
            ).values_list("article_id", flat=True)
        )
        current_parts_refresh(article_ids=article_ids, now=now)
        version = PublicState.objects.filter(pk=STATE_PK).values_list("version", flat=True).get()
        changed = article_ids | translations_of_articles(article_ids)
        surrogate_keys_move(keys=surrogate_keys_of(article_ids=changed), version=version)


def keys_version(*, keys: tuple[str, ...]) -> int:
    """The latest version at which any of `keys` (or everything) changed, on the primary (0 when none did)."""
    moved = SurrogateKeyVersion.objects.using("default").filter(name__in=(surrogate_keys.EVERYTHING, *keys))
    return moved.aggregate(version=Max("version"))["version"] or 0


def public_state_key_on(alias: str) -> str | None:
    """The state key as a database (a replica) has it: it has every change up to that key."""
    return PublicState.objects.using(alias).filter(pk=STATE_PK).values_list("key", flat=True).first()
