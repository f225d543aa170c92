"""A read replica for the public API: `DATABASE_REPLICA_URL` adds the `replica` database, and this router
sends the public API's reads there; everything else (the admin, the management API, every write, the
state row the caches follow) stays on the primary, `default`."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connections

REPLICA = "replica"

_read_from: ContextVar[str | None] = ContextVar("read_from", default=None)


def replica_configured() -> bool:
    return REPLICA in connections.settings


@contextmanager
def public_reads(primary_state_key: str, state_key_on=None):
    """Within the block, reads go to the replica when it has caught up with the primary.

    `state_key_on(alias)` reads the state key on a database; a replica that still has an older key
    has not yet received the latest change of the live set, so the block reads the primary instead
    (a response cached under the new key must show that change).
    """
    alias = None
    if replica_configured() and state_key_on is not None and state_key_on(REPLICA) == primary_state_key:
        alias = REPLICA
    token = _read_from.set(alias)
    try:
        yield alias
    finally:
        _read_from.reset(token)


class PublicReadsRouter:
    """Reads inside `public_reads` go where it decided; all else goes to the primary."""

    def db_for_read(self, model, **hints):
        return _read_from.get()

    def db_for_write(self, model, **hints):
        return None

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA
