"""schemathesis hooks for `make fuzz` (SCHEMATHESIS_HOOKS=hooks): article writes name records that exist.

An article names other records (topics and authors by slug, cited references by id, DOI or PubMed ID) and its
own stored rows by id; a slug is unique. No schema can say which names exist on one server, so a generated
name is almost never one, and the server rightly answers 400 naming it. Rather than accept every 400 from
article writes (which would hide a server that refuses valid data), the names drawn are swapped here for
names that exist (read from the server under test, FUZZ_BASE, with FUZZ_TOKEN), rows are sent as new ones,
and an article gets a slug no other has. Everything else in the body stays as schemathesis drew it, so any
400 left is a finding.

The fuzzer runs two workers (threads of this process), and the other one renames and deletes topics, contributors
and references too: a record read here could be gone by the time the write arrives, and the server would rightly
refuse it. So the records an article write names are kept ones, made here and never changed or deleted: a write
or delete addressed to one of them is sent to an address that names nothing (a 404, which every check accepts).
"""

import itertools
import json
import os
import re
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
import zlib
from pathlib import Path
from typing import Any

import jsonschema_rs
import schemathesis

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from core.citation_markers import cited_numbers  # the project's own marker grammar (no Django needed)

_ARTICLE_WRITES = {"/api/v1/manage/articles/", "/api/v1/manage/articles/{slug}/"}
_PART_LISTS = ("key_points", "sections", "cause_comparisons", "faqs")
# Where in-text markers such as [2] may stand: each must point at a citation the article has.
_MARKDOWN = {"key_points": "text", "sections": "body_markdown", "faqs": "answer_markdown"}
_SLUG_MAX_LENGTH = 200
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-(?:[A-Za-z]{4}|[A-Za-z]{2}|\d{3}|[A-Za-z\d]{5,8}))*")
_counter = itertools.count(1)
_KEPT_SLUG = "fuzz-kept-"
_KEPT_REFERENCES = "/api/v1/manage/references/"
_KEPT_PATHS = {"topics": "/api/v1/manage/topics/", "authors": "/api/v1/manage/contributors/"}
_KEPT_COUNT = 5
_kept: dict[str, list[dict]] = {}
_kept_lock = threading.Lock()
_validators: dict[tuple[str, str], Any] = {}


def _call(path: str, body: dict | None = None) -> Any:
    """A management API read (or, with a body, a create), as the fuzzer's token; None on a refusal."""
    request = urllib.request.Request(
        f"{os.environ['FUZZ_BASE']}{path}",
        data=None if body is None else json.dumps(body).encode(),
        headers={
            "Authorization": f"Token {os.environ['FUZZ_TOKEN']}",
            "Accept": "application/json",
            "Content-Type": "application/json",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)
    except urllib.error.HTTPError:
        return None


def _kept_record(path: str, number: int) -> dict:
    """Kept record `number` of a list: a topic, a contributor who writes, or a reference with a DOI and a PubMed ID
    (so that a citation can name it either way)."""
    if path == _KEPT_REFERENCES:
        return {
            "kind": "book",
            "title": f"A book kept for the fuzzer's citations {number}",
            "doi": f"10.5555/fuzz.kept.{number}",
            "pmid": str(90000000 + number),
        }
    record = {"slug": f"{_KEPT_SLUG}{number}", "name": f"Kept for the fuzzer {number}"}
    return {**record, "is_author": True} if path == _KEPT_PATHS["authors"] else record


def _kept_records(path: str, count: int) -> list[dict]:
    """At least `count` kept records of a list (made on first need, in the order made)."""
    with _kept_lock:
        rows = _kept.setdefault(path, [])
        while len(rows) < count:
            made = _call(path, _kept_record(path, len(rows) + 1))
            if made is None:  # a kept topic or contributor made by an earlier run on this database
                made = _call(f"{path}{_KEPT_SLUG}{len(rows) + 1}/")
            if made is None:
                raise RuntimeError(f"could not make a kept record at {path}")
            rows.append(made)
        return rows[:count]


def _is_kept(path: str, name: str) -> bool:
    with _kept_lock:
        return any(str(row.get("id" if path == _KEPT_REFERENCES else "slug")) == name for row in _kept.get(path, []))


def _spare_kept(case: Any) -> None:
    """A write or delete addressed to a kept record goes to an address that names nothing instead."""
    template, method = case.operation.path, case.operation.method.lower()
    if method not in {"put", "patch", "delete"}:
        return
    for path in (*_KEPT_PATHS.values(), _KEPT_REFERENCES):
        if template.startswith(path) and template != path:
            parameters = case.path_parameters or {}
            for name, value in parameters.items():
                if _is_kept(path, str(value)):
                    parameters[name] = 999999999 if path == _KEPT_REFERENCES else "fuzz-absent"


def _drawn_valid(path: str, method: str, body: Any) -> bool:
    """Whether the body as drawn keeps to the operation's schema. One that does not is a negative case, sent to
    see it refused: it is left as drawn, or naming real records could make it valid (and rightly accepted)."""
    if (path, method) not in _validators:
        with urllib.request.urlopen(f"{os.environ['FUZZ_BASE']}/api/schema/?format=json", timeout=30) as response:
            schema = json.load(response)
        body_schema = schema["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]
        _validators[path, method] = jsonschema_rs.Draft202012Validator(
            {**body_schema, "components": schema["components"]}
        )
    return _validators[path, method].is_valid(body)


def _pick(rows: list[Any], drawn: Any) -> Any:
    """One of `rows`, picked by what was drawn (the same draw, the same pick: reproducible)."""
    return rows[zlib.crc32(repr(drawn).encode()) % len(rows)]


def _texts(body: dict, stored: dict) -> list[str]:
    """The Markdown texts the article will hold: those sent, and for what was not sent, those stored."""
    texts = [body["intro"] if "intro" in body else stored.get("intro")]
    for kind, field in _MARKDOWN.items():
        rows = body[kind] if kind in body else stored.get(kind)
        texts += [row.get(field) for row in rows or [] if isinstance(row, dict)]
    return [text for text in texts if isinstance(text, str)]


def _citations(body: dict, stored: dict) -> None:
    """Distinct references, each named the way the draw named it (id, DOI or PMID), as many as were drawn or as
    the markers in the article's texts need (a change that leaves the citations out keeps the stored ones)."""
    drawn = body.get("citations") if isinstance(body.get("citations"), list) else []
    needed = max(cited_numbers(_texts(body, stored)), default=0)
    if "citations" not in body and needed <= len(stored.get("citations") or []):
        return
    if not drawn and not needed:
        return
    wanted = min(max(len(drawn), needed), 200)  # the most rows of one kind a request may send
    citations = []
    for index, reference in enumerate(_kept_records(_KEPT_REFERENCES, wanted)):
        row = drawn[index] if index < len(drawn) and isinstance(drawn[index], dict) else {}
        kind = next((name for name in ("doi", "pmid") if name in row and reference.get(name)), "reference")
        citations.append({kind: reference["id"] if kind == "reference" else reference[kind]})
    body["citations"] = citations


def _served(drawn: Any) -> Any:
    """A language the server serves in place of a well-formed tag drawn (`?language=` takes those only: which, no
    schema can say); anything else drawn is left to be refused."""
    served = [tag for tag in os.environ.get("FUZZ_LANGUAGES", "en").split(",") if tag]
    if isinstance(drawn, str) and _LANGUAGE_TAG.fullmatch(drawn):
        return _pick(served, drawn)
    return drawn


@schemathesis.hook
def before_call(ctx: Any, case: Any, kwargs: Any) -> None:
    """Just before a request is sent (generated or replayed by the stateful run): a language the site serves, and in
    an article write, the records that exist."""
    operation, body = case.operation, case.body
    method = operation.method.lower()
    _spare_kept(case)
    if isinstance(case.query, dict) and "language" in case.query:
        case.query["language"] = _served(case.query["language"])
    if operation.path not in _ARTICLE_WRITES or method not in {"post", "put", "patch"}:
        return
    if not isinstance(body, dict) or not _drawn_valid(operation.path, method, body):
        return
    if "language" in body:
        body["language"] = _served(body["language"])
    body.pop("translation_of", None)  # a translation needs a live source not yet in that language: tested in tests/
    stored = {}
    if "slug" in (case.path_parameters or {}):
        slug = urllib.parse.quote(str(case.path_parameters["slug"]), safe="")
        stored = _call(f"/api/v1/manage/articles/{slug}/") or {}
    for name, path in _KEPT_PATHS.items():
        if isinstance(body.get(name), list) and body[name]:
            slugs = [row["slug"] for row in _kept_records(path, _KEPT_COUNT)]
            body[name] = sorted({_pick(slugs, drawn) for drawn in body[name]})
    for name in _PART_LISTS:
        for row in body.get(name) or []:
            if isinstance(row, dict):
                row.pop("id", None)
    _citations(body, stored)
    if isinstance(body.get("slug"), str) and body["slug"]:
        body["slug"] = f"fuzz{next(_counter)}-{body['slug']}"[:_SLUG_MAX_LENGTH]
