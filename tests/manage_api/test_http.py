"""The management API's JSON parser bounds what it reads itself, wherever the body middleware did not run (a site
mounted under a script prefix, a caller that builds requests by hand)."""

from io import BytesIO

import pytest

from manage_api.http import LimitedJSONParser, RequestTooLarge


def test_the_parser_reads_at_most_one_byte_past_the_limit_and_refuses_more(settings):
    settings.MANAGE_API_MAX_BODY_BYTES = 100
    over = BytesIO(b'{"summary": "' + b"x" * 200 + b'"}')

    with pytest.raises(RequestTooLarge, match="larger than 100 bytes"):
        LimitedJSONParser().parse(over, parser_context={})

    assert over.tell() == 101
    # Positive control: at the limit, parsed.
    assert LimitedJSONParser().parse(BytesIO(b'{"summary": "' + b"x" * 85 + b'"}'), parser_context={}) == {
        "summary": "x" * 85
    }
