"""schemathesis' command line, with two workarounds.

Hypothesis describes the lambdas in a strategy by parsing their source with `ast.parse`. Deep inside the
recursive strategies of a nested request body, CPython 3.11 can fail that parse with "SystemError: AST
constructor recursion depth mismatch" (python/cpython#106905, fixed in 3.12), which schemathesis reports as
an error of the run. The description only names the lambda in messages, so a placeholder is enough.

schemathesis reads a pattern's `\\p{L}` and `\\p{N}` as Latin letters and ASCII digits only, so it takes a
valid Unicode slug ("趨", which JSON Schema's `\\p{L}` allows and the API accepts) for invalid data and
reports its acceptance as a failure. The classes are given their whole Unicode extent here.
"""

import sys
import unicodedata

from hypothesis.internal import lambda_sources

_describe = lambda_sources._lambda_description


def _lambda_description(f, *args, **kwargs):
    try:
        return _describe(f, *args, **kwargs)
    except SystemError:
        return "lambda: <source not shown>"


lambda_sources._lambda_description = _lambda_description


def _unicode_class(category_prefix: str) -> str:
    """The contents of a regex character class holding every code point of the general category."""
    ranges: list[list[int]] = []
    for code in range(sys.maxunicode + 1):
        if unicodedata.category(chr(code)).startswith(category_prefix):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])

    def escape(code: int) -> str:
        return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"

    return "".join(escape(low) if low == high else f"{escape(low)}-{escape(high)}" for low, high in ranges)


def _whole_unicode_letters_and_numbers() -> None:
    from schemathesis.core.jsonschema import patterns

    classes = {"L": _unicode_class("L"), "N": _unicode_class("N")}
    patterns._UNICODE_PROPERTY_RAW_MAP.update(classes)
    patterns._UNICODE_PROPERTY_MAP = (
        *((rf"\p{{{name}}}", f"[{raw}]") for name, raw in classes.items()),
        *((rf"\P{{{name}}}", f"[^{raw}]") for name, raw in classes.items()),
        *patterns._UNICODE_PROPERTY_MAP,
    )


_whole_unicode_letters_and_numbers()

from schemathesis.cli import schemathesis  # noqa: E402 (after the patch it needs)

if __name__ == "__main__":
    sys.exit(schemathesis())
