"""A web request's database statement runs at most DATABASE_STATEMENT_TIMEOUT_MS, on PostgreSQL and SQLite alike.

gunicorn kills a worker that spends longer than its timeout on one request (gunicorn.conf.py), and the client gets a
dropped connection; a statement stopped first is a JSON 503 instead (core.middleware.database_unavailable).
PostgreSQL cancels it itself (`statement_timeout`, set on every connection in config/settings.py). SQLite has no
such setting: each SQLite connection gets a progress handler that interrupts a statement of a web request past the
limit. Statements outside web requests (management commands: migrations, imports, generate_bench_content; the task
worker) are never interrupted on SQLite, since no worker timeout waits on them.
"""

import sqlite3
import time
from contextlib import ExitStack
from contextvars import ContextVar

from django.conf import settings
from django.db import connections

# When the current web request's latest statement began (monotonic seconds); None outside web requests.
_statement_started: ContextVar[float | None] = ContextVar("statement_started", default=None)
# SQLite virtual-machine steps between two looks at the clock: about a millisecond apart, at a negligible cost.
PROGRESS_STEPS = 100_000
QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE for a statement cancelled by statement_timeout


def guard_sqlite_connection(sender, connection, **kwargs) -> None:
    """connection_created: a SQLite connection interrupts a web request's statement past the limit."""
    if connection.vendor == "sqlite":
        connection.connection.set_progress_handler(_past_the_limit, PROGRESS_STEPS)


def _past_the_limit() -> int:
    # Non-zero makes SQLite stop the statement with SQLITE_INTERRUPT (sqlite3.OperationalError "interrupted").
    started = _statement_started.get()
    if started is None:
        return 0
    return int((time.monotonic() - started) * 1000 > settings.DATABASE_STATEMENT_TIMEOUT_MS)


def _timed(execute, sql, params, many, context):
    _statement_started.set(time.monotonic())
    return execute(sql, params, many, context)


class StatementTimeoutMiddleware:
    """Marks the statements of a web request for the SQLite guard (PostgreSQL's timeout needs no help); placed just
    inside ErrorsMiddleware, so the response cache's read of the state row is bounded too."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.sqlite_aliases = [alias for alias in connections if connections[alias].vendor == "sqlite"]

    def __call__(self, request):
        with ExitStack() as stack:
            for alias in self.sqlite_aliases:
                stack.enter_context(connections[alias].execute_wrapper(_timed))
            try:
                return self.get_response(request)
            finally:
                _statement_started.set(None)


def timed_out(error: Exception) -> bool:
    """Whether a database error is a statement stopped at the limit (PostgreSQL's QueryCanceled, SQLite's
    interrupt), rather than a database that does not answer."""
    cause = error.__cause__
    return (
        getattr(cause, "sqlstate", None) == QUERY_CANCELED
        or getattr(cause, "sqlite_errorcode", None) == sqlite3.SQLITE_INTERRUPT
    )
