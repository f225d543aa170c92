"""gunicorn's settings for this project, read by itself when started from the project's directory (or give
`-c gunicorn.conf.py`); command-line options override them.

Request limits: gunicorn refuses a longer request line, more header fields or a longer header field with its own
HTML page (414, 431, 400). The request line is raised to gunicorn's maximum, 8190 bytes, so that an address
between the API's own limit (MAX_ADDRESS_BYTES, 4096 by default) and this one reaches the app and gets the
API's JSON 414 (core.middleware.AddressLengthMiddleware); only a longer one gets gunicorn's page. The header
limits are gunicorn's defaults, written out.

Time: a worker silent for `timeout` seconds (one request taking that long, for a sync worker) is killed and its
client's connection dropped. A database statement of a request is stopped sooner, at DATABASE_STATEMENT_TIMEOUT_MS
(a JSON 503, core.statement_timeout); gunicorn refuses to start unless that is at most half of `timeout` (from
here, `--timeout` or GUNICORN_CMD_ARGS), leaving the rest of the request time to answer.
"""

limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
timeout = 30


def post_worker_init(worker):
    # Checked in the worker, where Django's settings are loaded (the master never imports them, so that a HUP's new
    # workers read them afresh); an error here is a boot failure, which stops gunicorn rather than respawning.
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    statement_ms = settings.DATABASE_STATEMENT_TIMEOUT_MS
    if worker.cfg.timeout and statement_ms > worker.cfg.timeout * 1000 / 2:  # 0: gunicorn never kills a worker
        raise ImproperlyConfigured(
            f"DATABASE_STATEMENT_TIMEOUT_MS is {statement_ms}: it must be at most half the worker timeout "
            f"({worker.cfg.timeout} s), so that a request whose query is stopped answers a 503 before its worker is "
            "killed. Lower it, or raise gunicorn's timeout (gunicorn.conf.py, --timeout)."
        )
