"""schemathesis hooks for `make fuzz` (SCHEMATHESIS_HOOKS=hooks): generated writes name records that exist.

An article names other records (topics and authors by slug, cited references by id, DOI or PubMed ID) and its
own stored rows by id; a slug is unique. No schema can say which names exist on one server, so a generated
name is almost never one, and the server rightly answers 400 naming it. Rather than accept every 400 from
article writes (which would hide a server that refuses valid data), the names drawn are swapped here for names
that exist (listed by scripts/fuzz.sh in FUZZ_RECORDS), rows are sent as new ones, and a new article gets a
slug no other has. Everything else in the body stays as schemathesis drew it, so any 400 left is a finding.
"""

import itertools
import json
import os
import zlib
from typing import Any

import schemathesis

_ARTICLE_WRITES = {"/api/v1/manage/articles/", "/api/v1/manage/articles/{slug}/"}
_PART_LISTS = ("key_points", "sections", "cause_comparisons", "faqs")
_SLUG_MAX_LENGTH = 200
_counter = itertools.count(1)
_records: dict[str, list[Any]] | None = None


def _existing() -> dict[str, list[Any]]:
    global _records
    if _records is None:
        with open(os.environ["FUZZ_RECORDS"]) as listing:
            _records = json.load(listing)
    return _records


def _one_of(kind: str, drawn: Any) -> Any:
    """An existing record of `kind`, picked by what was drawn (the same draw, the same record: reproducible)."""
    names = _existing()[kind]
    return names[zlib.crc32(repr(drawn).encode()) % len(names)]


def _citation(row: Any) -> Any:
    if not isinstance(row, dict):
        return row
    row.pop("id", None)
    for name, kind in (("reference", "reference_ids"), ("doi", "dois"), ("pmid", "pmids")):
        if name in row:
            row[name] = _one_of(kind, row[name])
    return row


@schemathesis.hook
def map_body(ctx: Any, body: Any) -> Any:
    operation = ctx.operation
    if operation.path not in _ARTICLE_WRITES or operation.method.upper() not in {"POST", "PUT", "PATCH"}:
        return body
    if not isinstance(body, dict):
        return body
    for name, kind in (("topics", "topics"), ("authors", "contributors")):
        if isinstance(body.get(name), list):
            body[name] = sorted({_one_of(kind, drawn) for drawn in body[name]})
    for name in _PART_LISTS:
        for row in body.get(name) or []:
            if isinstance(row, dict):
                row.pop("id", None)
    if isinstance(body.get("citations"), list):
        cited = {}  # one citation per reference: the same reference twice is refused, and rightly
        for row in map(_citation, body["citations"]):
            cited.setdefault(json.dumps(row, sort_keys=True), row)
        body["citations"] = list(cited.values())
    if isinstance(body.get("slug"), str) and body["slug"]:
        body["slug"] = f"fuzz{next(_counter)}-{body['slug']}"[:_SLUG_MAX_LENGTH]
    return body
