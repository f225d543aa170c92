"""How deeply a JSON text nests, measured without parsing it: Python's json module recurses once per level, so a
body of 5,000 nested brackets would raise RecursionError (a 500) before any limit could be applied."""

import re
from itertools import accumulate

from django.utils.translation import gettext as _

# Deeper than any document this product reads or writes (an export nests about ten levels), far below the
# interpreter's recursion limit.
MAX_JSON_DEPTH = 100

# A JSON string, escapes included (unrolled, so each character is looked at once); its brackets do not nest.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = str.maketrans({"[": "+", "{": "+", "]": "-", "}": "-"})


def json_depth(text: str) -> int:
    """The deepest nesting of arrays and objects in `text`, in linear time (brackets inside strings do not count).
    Malformed text gets some number: json.loads says what is wrong with it."""
    brackets = _NOT_A_BRACKET.sub("", _STRING.sub("", text)).translate(_STEP)
    return max(accumulate(1 if step == "+" else -1 for step in brackets), default=0)


def too_deep_message() -> str:
    return _("The JSON is nested more than %(limit)s levels deep, the limit.") % {"limit": MAX_JSON_DEPTH}
