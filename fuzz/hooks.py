"""schemathesis hooks for `make fuzz` (SCHEMATHESIS_HOOKS=hooks): generated writes name records that exist.

An article names other records (topics and authors by slug, cited references by id, DOI or PubMed ID) and its
own stored rows by id; a slug is unique. No schema can say which names exist on one server, so a generated
name is almost never one, and the server rightly answers 400 naming it. Rather than accept every 400 from
article writes (which would hide a server that refuses valid data), the names drawn are swapped here for
names that exist (read from the server under test, FUZZ_BASE, with FUZZ_TOKEN), rows are sent as new ones,
and an article gets a slug no other has. Everything else in the body stays as schemathesis drew it, so any
400 left is a finding.
"""

import itertools
import json
import os
import sys
import urllib.request
import zlib
from pathlib import Path
from typing import Any

import schemathesis

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from core.citation_markers import cited_numbers  # the project's own marker grammar (no Django needed)

_ARTICLE_WRITES = {"/api/v1/manage/articles/", "/api/v1/manage/articles/{slug}/"}
_PART_LISTS = ("key_points", "sections", "cause_comparisons", "faqs")
# Where in-text markers such as [2] may stand: each must point at a citation the article has.
_MARKDOWN = {"key_points": "text", "sections": "body_markdown", "faqs": "answer_markdown"}
_SLUG_MAX_LENGTH = 200
_counter = itertools.count(1)


def _existing(path: str) -> list[dict]:
    """The records of a management list as they are now: the fuzzer renames and deletes topics, contributors
    and references too, so they are read when a body is made, not once at the start."""
    request = urllib.request.Request(
        f"{os.environ['FUZZ_BASE']}{path}?page_size=100",
        headers={"Authorization": f"Token {os.environ['FUZZ_TOKEN']}", "Accept": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return sorted(json.load(response)["results"], key=lambda row: str(row.get("id", row.get("slug"))))


def _pick(rows: list[Any], drawn: Any) -> Any:
    """One of `rows`, picked by what was drawn (the same draw, the same pick: reproducible)."""
    return rows[zlib.crc32(repr(drawn).encode()) % len(rows)]


def _texts(body: dict) -> list[str]:
    texts = [body.get("intro")]
    for kind, field in _MARKDOWN.items():
        texts += [row.get(field) for row in body.get(kind) or [] if isinstance(row, dict)]
    return [text for text in texts if isinstance(text, str)]


def _citations(body: dict) -> None:
    """Distinct references, each named the way the draw named it (id, DOI or PMID), as many as were drawn or as
    the markers in the texts need; a PATCH that names markers sends its citations (the stored ones are unknown)."""
    drawn = body.get("citations") if isinstance(body.get("citations"), list) else []
    needed = max(cited_numbers(_texts(body)), default=0)
    if not drawn and not needed:
        return
    references = _existing("/api/v1/manage/references/")
    citations = []
    for index, reference in enumerate(references[: max(len(drawn), needed)]):
        row = drawn[index] if index < len(drawn) and isinstance(drawn[index], dict) else {}
        kind = next((name for name in ("doi", "pmid") if name in row and reference.get(name)), "reference")
        citations.append({kind: reference["id"] if kind == "reference" else reference[kind]})
    body["citations"] = citations


@schemathesis.hook
def map_body(ctx: Any, body: Any) -> Any:
    operation = ctx.operation
    if operation.path not in _ARTICLE_WRITES or operation.method.upper() not in {"POST", "PUT", "PATCH"}:
        return body
    if not isinstance(body, dict):
        return body
    for name, path in (("topics", "/api/v1/manage/topics/"), ("authors", "/api/v1/manage/contributors/")):
        if isinstance(body.get(name), list) and body[name]:
            slugs = [row["slug"] for row in _existing(path)]
            body[name] = sorted({_pick(slugs, drawn) for drawn in body[name]}) if slugs else []
    for name in _PART_LISTS:
        for row in body.get(name) or []:
            if isinstance(row, dict):
                row.pop("id", None)
    _citations(body)
    if isinstance(body.get("slug"), str) and body["slug"]:
        body["slug"] = f"fuzz{next(_counter)}-{body['slug']}"[:_SLUG_MAX_LENGTH]
    return body
