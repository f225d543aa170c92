"""schemathesis hooks for `make fuzz` (SCHEMATHESIS_HOOKS=hooks): article writes name records that exist; image
uploads send an image.

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
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation.meta import ComponentInfo
from schemathesis.generation.modes import GenerationMode
from schemathesis.transport.serialization import Binary

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from core.citation_markers import cited_numbers  # the project's own marker grammar (no Django needed)

_ARTICLE_WRITES = {"/api/v1/manage/articles/", "/api/v1/manage/articles/{slug}/"}
_IMAGES, _IMAGE = "/api/v1/manage/images/", "/api/v1/manage/images/{id}/"
_COMMENTS = "/api/v1/manage/articles/{slug}/comments/"
_UPLOAD_TEXT = ("alt_text", "caption", "credit", "licence", "source_url", "consent_reference")
# A real image for a drawn upload: no schema can say "bytes that decode as an image" (a 1 × 1 PNG, made once).
_PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
    b"\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82"
)
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
        # Each fuzzing process (the runs of scripts/fuzz.sh are processes of their own) keeps its own references,
        # under identifiers no other process has.
        run = os.getpid() % 99_000
        return {
            "kind": "book",
            "title": f"A book kept for the fuzzer's citations {run}-{number}",
            "doi": f"10.5555/fuzz.kept.{run}.{number}",
            "pmid": str(900_000_000 + run * 1000 + number),  # nine digits at most, as a PubMed ID
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
    """A kept topic or contributor by its slug (whichever process made it); a kept reference by this process's ids."""
    if path != _KEPT_REFERENCES:
        return name.startswith(_KEPT_SLUG)
    with _kept_lock:
        return any(str(row["id"]) == name for row in _kept.get(path, []))


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
        content = schema["paths"][path][method]["requestBody"]["content"]
        body_schema = content.get("application/json", content.get("multipart/form-data"))["schema"]
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


def _no_images(body: dict) -> None:
    """No image the library does not hold: a drawn hero image id names one that may not exist, and a drawn text that
    happens to write an image (`![…](…)`, `<img`) would be refused as not from the library (both tested in tests/)."""
    if body.get("hero_image") is not None:
        body["hero_image"] = None

    def plain(text: Any) -> Any:
        return (
            text.replace("![", "[").replace("<img", "<i mg").replace("<IMG", "<I MG") if isinstance(text, str) else text
        )

    if "intro" in body:
        body["intro"] = plain(body["intro"])
    for kind, field in _MARKDOWN.items():
        for row in body.get(kind) or []:
            if isinstance(row, dict) and field in row:
                row[field] = plain(row[field])


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


def _distinct_anchors(body: dict) -> None:
    """Each section's anchor is its own within the article, which no schema can say (a repeat is refused naming it:
    tests/): a repeated anchor is left out, and the server makes one from the heading that no other section has."""
    seen = set()
    for row in body.get("sections") or []:
        if isinstance(row, dict) and isinstance(row.get("anchor"), str):
            if row["anchor"] in seen:
                del row["anchor"]
            else:
                seen.add(row["anchor"])


def _served(drawn: Any) -> Any:
    """A language the server serves in place of a well-formed tag drawn (`?language=` takes those only: which, no
    schema can say); anything else drawn is left to be refused."""
    served = [tag for tag in os.environ.get("FUZZ_LANGUAGES", "en").split(",") if tag]
    if isinstance(drawn, str) and _LANGUAGE_TAG.fullmatch(drawn):
        return _pick(served, drawn)
    return drawn


def _judge_upload(case: Any, body: dict) -> None:
    """An upload is what its fields make it: where they keep to the schema (the file checked as the text a form field
    is), the drawn bytes become a real image and the case is a positive one; otherwise it is left as drawn, a
    negative one. schemathesis cannot say it itself: it checks a case a hook changed against the schema again but
    takes any body holding bytes for a negative one, and takes a body whose mutated `anyOf` branch leaves another
    branch valid (an identifiable_patient of false, its consent reference made "required" away) for a negative one.
    (Private attributes of schemathesis 4: nothing is judged where they are missing.)"""
    meta = getattr(case, "_meta", None)
    if meta is None or not hasattr(case, "_sync_validated_hashes") or "file" not in body:
        return
    valid = isinstance(body["file"], bytes | str) and _drawn_valid(_IMAGES, "post", {**body, "file": ""})
    if valid:
        body["file"] = Binary(_PNG)
    mode = GenerationMode.POSITIVE if valid else GenerationMode.NEGATIVE
    meta.components[ParameterLocation.BODY] = ComponentInfo(mode=mode)
    positive = all(info.mode == GenerationMode.POSITIVE for info in meta.components.values())
    meta.generation.mode = GenerationMode.POSITIVE if positive else GenerationMode.NEGATIVE
    case._sync_validated_hashes()


def _negative(case: Any) -> bool:
    """Whether schemathesis drew the case to break the schema (somewhere)."""
    meta = getattr(case, "meta", None)
    modes = [getattr(getattr(meta, "generation", None), "mode", None)]
    modes += [getattr(component, "mode", None) for component in (getattr(meta, "components", None) or {}).values()]
    return any(str(mode) == "negative" for mode in modes)


def _blank(value: Any) -> bool:
    return not (isinstance(value, str) and value.strip())


def _image_write(case: Any, method: str, body: Any) -> None:
    """An upload's drawn bytes become a real image (the server rightly refuses other bytes, naming `file`); a change
    drawn valid keeps the image's rules against what is stored (alt text unless decorative, consent for an
    identifiable patient), which no schema can know, by adding the text the stored image lacks."""
    if not isinstance(body, dict):
        return
    if method == "post":
        if _negative(case):
            # A string drawn where the schema wants a boolean is, in a form, the very bytes of that boolean ("true"):
            # sent as a string no form spells a boolean with, it is the wrong type it was drawn to be.
            for name in ("decorative", "identifiable_patient"):
                if body.get(name) in ("true", "false"):
                    body[name] = f"{body[name]} (text)"
            # Likewise a number, boolean or list drawn for a text field arrives as text (a list as repeated fields, the
            # last one taken): it is sent as text the schema forbids (a NUL) instead.
            for name in _UPLOAD_TEXT:
                if name in body and not isinstance(body[name], str):
                    body[name] = "\x00"
        _judge_upload(case, body)
        return
    if method not in {"put", "patch"} or not _drawn_valid(_IMAGE, method, body):
        return
    stored = _call(f"{_IMAGES}{urllib.parse.quote(str(case.path_parameters.get('id', '')), safe='')}/") or {}
    merged = {**stored, **body}
    if not merged.get("decorative") and _blank(merged.get("alt_text")):
        body["alt_text"] = "Alt text the fuzzer wrote"
    if merged.get("identifiable_patient") and _blank(merged.get("consent_reference")):
        body["consent_reference"] = "Consent the fuzzer filed"


@schemathesis.hook
def before_call(ctx: Any, case: Any, kwargs: Any) -> None:
    """Just before a request is sent (generated or replayed by the stateful run): a language the site serves, in
    an article write, the records that exist, and in an image upload, an image."""
    operation, body = case.operation, case.body
    method = operation.method.lower()
    _spare_kept(case)
    if isinstance(case.query, dict) and "language" in case.query:
        case.query["language"] = _served(case.query["language"])
    if operation.path in {_IMAGES, _IMAGE}:
        _image_write(case, method, body)
        return
    if operation.path == _COMMENTS and method == "post" and isinstance(body, dict):
        if _drawn_valid(operation.path, method, body):
            # A comment on the whole summary: an anchor must name a field of this article (or one of its rows, by
            # id) and a quote must be in that field's text, which no schema can say (both refusals: tests/).
            body["anchor"], body["quote"] = "summary", ""
        return
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
    _distinct_anchors(body)
    _no_images(body)
    _citations(body, stored)
    if isinstance(body.get("slug"), str) and body["slug"]:
        current = (case.path_parameters or {}).get("slug")
        if current is not None:
            # A change keeps the article's address: the stateful run goes on addressing it by the slug it was
            # created with, and a rename would make that a 404 of the fuzzer's own making (renames are tested).
            body["slug"] = str(current)
        else:
            body["slug"] = f"fuzz{next(_counter)}-{body['slug']}"[:_SLUG_MAX_LENGTH]
