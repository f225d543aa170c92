"""gunicorn's settings for this project, read by itself when started from the project's directory (or give
`-c gunicorn.conf.py`); command-line options override them.

Request limits: gunicorn refuses a longer request line, more header fields or a longer header field with its own
HTML page (414, 431, 400). The request line is raised to gunicorn's maximum, 8190 bytes, so that an address
between the API's own limit (MAX_ADDRESS_BYTES, 4096 by default) and this one reaches the app and gets the
API's JSON 414 (core.middleware.AddressLengthMiddleware); only a longer one gets gunicorn's page. The header
limits are gunicorn's defaults, written out.
"""

limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
