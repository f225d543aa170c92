"""schemathesis' command line, with one workaround.

Hypothesis describes the lambdas in a strategy by parsing their source with `ast.parse`. Deep inside the
recursive strategies of a nested request body, CPython 3.11 can fail that parse with "SystemError: AST
constructor recursion depth mismatch" (python/cpython#106905, fixed in 3.12), which schemathesis reports as
an error of the run. The description only names the lambda in messages, so a placeholder is enough.
"""

import sys

from hypothesis.internal import lambda_sources

_describe = lambda_sources._lambda_description


def _lambda_description(f, *args, **kwargs):
    try:
        return _describe(f, *args, **kwargs)
    except SystemError:
        return "lambda: <source not shown>"


lambda_sources._lambda_description = _lambda_description


from schemathesis.cli import schemathesis  # noqa: E402 (after the patch it needs)

if __name__ == "__main__":
    sys.exit(schemathesis())
