"""The OpenAPI schema as the contract: every status an operation can answer, with its body, and the
limits the server enforces on parameters (a drf-spectacular postprocessing hook); descriptions only where
they were written for clients."""

import copy
import re

from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

from core.text import STRIPPED_WHITESPACE


class ContractSchema(AutoSchema):
    """Docstrings are written for the people who maintain the code, so none reaches the schema: an operation
    is described by `extend_schema(description=...)`, a body by its serializer's `schema_description`."""

    def get_description(self) -> str:  # type: ignore[override]  # drf-spectacular's AutoSchema drops (path, method)
        return ""  # extend_schema's description, when given, overrides this

    def get_override_parameters(self):
        """The parameters a view reads itself, beside its filters' (`schema_parameters`, e.g. `?language=`)."""
        return [*super().get_override_parameters(), *getattr(self.view, "schema_parameters", ())]

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        schema.pop("description", None)
        if getattr(serializer, "schema_description", ""):
            schema["description"] = serializer.schema_description
        if direction == "request":
            for name, field in serializer.fields.items():
                if name in schema.get("properties", {}):
                    _not_blank(field, schema["properties"][name])
            one_of = getattr(serializer, "schema_one_of_required", ())
            if one_of:  # "exactly one of these": each branch names one (a field that is sent is never blank)
                schema["oneOf"] = [{"required": [name]} for name in one_of]
            required_by = getattr(serializer, "schema_required_by", None)
            if required_by:
                schema["oneOf"] = _required_by(serializer, *required_by)
            schema.update(copy.deepcopy(getattr(serializer, "schema_extra", {})))  # rules across fields (allOf…)
        return schema


def _required_by(serializer, choice: str, required: dict[str, tuple[str, ...]]) -> list[dict]:
    """Fields a choice makes required (and not blank): one branch per such choice, one for every other choice.
    `const`, not a one-value `enum`: drf-spectacular would fold an enum into the choice's shared enum component."""
    others = [{"const": value} for value in serializer.fields[choice].choices if value not in required]
    branches = [
        {
            "properties": {
                choice: {"const": value},
                **{name: {"type": "string", "pattern": NON_BLANK_TEXT} for name in names},
            },
            "required": [choice, *names],
        }
        for value, names in required.items()
    ]
    return [*branches, {"properties": {choice: {"anyOf": others}}, "required": [choice]}]


def _not_blank(field, schema: dict) -> None:
    """A text field DRF strips and then refuses blank (its default): the schema asks for a character that is not
    whitespace, as the server does (`"   "` is a 400 "This field may not be blank")."""
    if isinstance(field, serializers.ListField) and "items" in schema:
        _not_blank(field.child, schema["items"])
        return
    if not (isinstance(field, serializers.CharField) and field.trim_whitespace and not field.allow_blank):
        return
    if schema.get("type") != "string" or "format" in schema or "enum" in schema:
        return
    pattern = schema.get("pattern")
    if pattern is None:
        schema["pattern"] = NON_BLANK_TEXT
    elif any(re.search(pattern, blank) for blank in ("", " ", "\t")):  # a pattern that admits a blank value
        schema.setdefault("allOf", []).append({"pattern": NON_BLANK_TEXT})


ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
    "description": "What went wrong, in words.",
}
FIELD_ERRORS = {
    "type": "object",
    "description": (
        "Errors by the name of the field or query parameter: a list of messages, or for a list of rows, one "
        'object per row ({"sections": [{}, {"body_markdown": ["…"]}]}). `detail` or `non_field_errors` hold '
        "errors that belong to no one field."
    ),
    "additionalProperties": {
        "anyOf": [
            {
                "type": "array",
                "items": {
                    "anyOf": [
                        {"type": "string"},
                        {"type": "array", "items": {"type": "string"}},
                        {"$ref": "#/components/schemas/FieldErrors"},
                    ]
                },
            },
            {"type": "string"},
            {"$ref": "#/components/schemas/FieldErrors"},
        ]
    },
}
STALE = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "current_version": {"type": "integer"},
        "changes": {
            "type": "array",
            "items": {"type": "string"},
            "description": "approve only: each shared record that changed since the document you read (a reference, "
            "a contributor, a topic, a site text), with who saved it and when where known.",
        },
        "current_document_fingerprint": {
            "type": "string",
            "description": "approve only: the fingerprint of the document as it is now (read it again before you "
            "approve it).",
        },
    },
    "required": ["detail"],
}
CONFLICT = {
    "type": "object",
    "properties": {"detail": {"type": "string"}, "id": {"type": "integer", "description": "The existing record."}},
    "required": ["detail"],
}

JSON = "application/json"
# If-Match: entity tags (RFC 9110 section 8.8.3) as ETag sends them, "1" or W/"1", one or a list.
ENTITY_TAGS = r'^(W/)?"[!#-~]*"([ \t]*,[ \t]*(W/)?"[!#-~]*")*$'
IF_MATCH = rf"^\*$|{ENTITY_TAGS}"  # or `*`: any current version (manage_api.http.if_match_sent)
DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
# A query value has a character that is not whitespace (what str.strip() removes) and no NUL (core.middleware
# refuses it: databases cannot compare it).
QUERY_TEXT = rf"^[^\x00]*[^\x00{STRIPPED_WHITESPACE}][^\x00]*$"
IF_MATCH_MAX_LENGTH = 200
PATH_SEGMENT = r"^[^/\x00]+$"
NO_NUL = r"^[^\x00]*$"
# Text a field takes when DRF refuses a blank one: a character that is not whitespace, and no NUL.
NON_BLANK_TEXT = QUERY_TEXT
PYTHON_SLUG = r"^[-\w]+$"


def _python_word_characters() -> str:
    """Python's \\w (what Django's Unicode slugs are made of) as explicit \\uXXXX ranges, which ECMAScript, Python's
    `re` (openapi-spec-validator compiles every pattern with it) and Rust's regex read alike. ECMAScript's own \\w is
    ASCII only, and the \\p{L} escapes that say it in Unicode are not Python's. The Basic Multilingual Plane only:
    above it ECMAScript needs the `u` flag for a code point escape, so a slug with a letter there (Linear B, CJK
    extension B) is one the server takes and the schema does not."""
    ranges, start = [], None
    for code in range(0x10000):
        word = not 0xD800 <= code <= 0xDFFF and re.fullmatch(r"\w", chr(code)) is not None
        if word and start is None:
            start = code
        elif not word and start is not None:
            ranges.append((start, code - 1))
            start = None
    if start is not None:
        ranges.append((start, 0xFFFF))
    return "".join(f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges)


# Python's Unicode tables (and so its \w) are those of the Python that serves: the schema is generated by it.
UNICODE_SLUG = rf"^[-{_python_word_characters()}]+$"


def _body(ref: str, description: str) -> dict:
    return {"description": description, "content": {JSON: {"schema": {"$ref": f"#/components/schemas/{ref}"}}}}


def _edge_too_long(response: dict) -> dict:
    """A request line past gunicorn's own limit (8190 bytes, the most it takes: gunicorn.conf.py) never reaches the
    app: gunicorn answers it with its HTML page."""
    response["description"] += "; a request line over 8190 bytes gets the HTTP server's own HTML page"
    response["content"]["text/html"] = {"schema": {"type": "string"}}
    return response


def _either(description: str, *refs: str) -> dict:
    schema = {"anyOf": [{"$ref": f"#/components/schemas/{ref}"} for ref in refs]}
    return {"description": description, "content": {JSON: {"schema": schema}}}


# Responses every operation of a kind shares, once in components.responses and referred to from each operation.
RESPONSES = {
    "NotModified": {
        "description": (
            "Not modified: the If-None-Match you sent names the current ETag (on public reads, or If-Modified-Since "
            "is not before Last-Modified). No body; use the representation you have."
        ),
        "headers": {"ETag": {"schema": {"type": "string"}, "description": "The current ETag."}},
    },
    "MethodNotAllowed": {
        "description": "This address does not serve that method (HEAD is served wherever GET is); `Allow` lists those "
        "it serves",
        "headers": {"Allow": {"schema": {"type": "string"}, "description": "The methods this address serves."}},
        "content": {JSON: {"schema": {"$ref": "#/components/schemas/Error"}}},
    },
    "NotAcceptable": {
        "description": "The Accept header admits no representation this operation has (it has only application/json)",
        "content": {JSON: {"schema": {"$ref": "#/components/schemas/Error"}}},
    },
}


def _shared(name: str) -> dict:
    return {"$ref": f"#/components/responses/{name}"}


def answers_not_modified(path: str, method: str) -> bool:
    """Which reads answer a matching If-None-Match with 304: those that send an ETag. Every public read but the sync
    feed (a page depends on when it is asked for) and previews (never stored); in the management API, an article
    list, an article's review comments and each single record (topic, contributor, reference and webhook lists send
    no ETag)."""
    if method != "get":
        return False
    if path.startswith("/api/v1/manage/"):
        return path.endswith(("}/", "}/comments/")) or path == "/api/v1/manage/articles/"
    return not path.startswith(("/api/v1/sync/", "/api/v1/preview/"))


def negotiates(path: str) -> bool:
    """Every operation has the one representation, JSON, and answers an Accept header without it with 406; the
    JSON-LD document is served whatever Accept says (core.api.renderers.FirstRendererNegotiation)."""
    return not path.endswith("/jsonld/")


def _responses(path: str, method: str) -> dict:
    """The error statuses of one operation, by what the server does on that path."""
    errors = {
        "400": _body("FieldErrors", "A query parameter or field is wrong; the body names it"),
        "414": _edge_too_long(
            _body("Error", "The address (path and query) is longer than MAX_ADDRESS_BYTES (4096 bytes by default)")
        ),
        "404": _body("Error", "Not found (or a page past the end)"),
        "500": _body("Error", "Server error"),
        "503": _body(
            "Error", "The database is not answering, or a query ran past its time limit; retry after Retry-After"
        ),
    }
    if path.startswith("/api/v1/manage/"):
        errors |= {
            "401": _body("Error", "No token, or an invalid, expired or revoked one"),
            "403": _body("Error", "Your role does not allow this"),
            "413": _body("Error", "The body is too large"),
            "429": _body("Error", "Too many requests; retry after Retry-After seconds"),
        }
        if method in ("post", "put", "patch"):
            errors["411"] = _body("Error", "A chunked body that this server cannot read: send a Content-Length")
            errors["415"] = _body("Error", "The body is not JSON: send Content-Type: application/json")
        # A step on an article (a transition, a translation brought up to date) needs the ETag it read, as a change.
        step = path.endswith(("/transitions/", "/source-caught-up/"))
        if method in ("post", "put", "patch") and not step:
            errors["409"] = _either(
                "Another record holds this slug, name, DOI or PubMed ID, or the translation group already has an "
                "article in this language (the body names the field, or the record's `id`), or the record is not in a "
                "state that allows it",
                "Conflict",
                "FieldErrors",
            )
        if method in ("put", "patch", "delete") or step:
            errors.setdefault("409", _body("Conflict", "Not in this state, or still in use"))
            errors |= {
                "412": _body("StaleVersion", "Changed since you read it: If-Match is not the current ETag"),
                "428": _body("Error", "If-Match is missing"),
            }
    elif method == "get" and path.startswith("/api/v1/articles/{slug}/"):
        errors["301"] = {"description": "The article moved to a new slug: see Location"}
    elif "/preview/" in path:
        errors["403"] = _body("Error", "The preview link is invalid or has expired")
    return errors


def _add_responses(operation: dict, errors: dict) -> None:
    """Add each error status; one the view documented in words only gets the body it is sent with."""
    responses = operation["responses"]
    for status, response in errors.items():
        if status not in responses:
            responses[status] = response
        elif "content" not in responses[status] and "content" in response:
            responses[status]["content"] = response["content"]


def _add_shared_responses(path: str, method: str, operation: dict) -> None:
    responses = operation["responses"]
    responses["405"] = _shared("MethodNotAllowed")
    if negotiates(path):
        responses["406"] = _shared("NotAcceptable")
    if answers_not_modified(path, method):
        responses["304"] = _shared("NotModified")


def _head(get: dict) -> dict:
    """HEAD, served wherever GET is (DRF answers it with the GET's status and headers, and no body)."""
    head = copy.deepcopy(get)
    head["operationId"] = f"{get['operationId']}_head"
    head["summary"] = f"{get.get('summary', '')} (headers only)".strip()
    for status, response in head["responses"].items():
        if "$ref" in response:
            response = copy.deepcopy(RESPONSES[response["$ref"].rsplit("/", 1)[1]])
        response.pop("content", None)
        head["responses"][status] = response
    return head


def _constrain(parameter: dict) -> None:
    schema = parameter.get("schema", {})
    name = parameter["name"]
    if name == "page":
        parameter["schema"] = {"type": "integer", "minimum": 1, "default": 1}
        parameter["description"] = "A page number, from 1."
    elif name == "page_size":
        parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}
    elif name in ("published_after", "published_before", "updated_since"):
        parameter["schema"] = {
            "anyOf": [
                {"type": "string", "format": "date", "maxLength": 10},
                {"type": "string", "format": "date-time", "maxLength": 200},
            ]
        }
        parameter["description"] = (
            f"{parameter.get('description', '')} A date (2026-01-31) or an RFC 3339 date-time (one without "
            "an offset is UTC)."
        ).strip()
    elif name == "ordering":
        parameter["schema"] = {"type": "string", "enum": schema.get("items", {}).get("enum", schema.get("enum", []))}
        parameter.pop("explode", None)
        parameter.pop("style", None)
    elif schema.get("type") == "string":
        schema.setdefault("maxLength", 200)
        schema.setdefault("minLength", 1)
        if "pattern" in schema:
            schema["allOf"] = [{"pattern": QUERY_TEXT}]
        else:
            schema["pattern"] = QUERY_TEXT


def _blank_or(schema) -> None:
    """drf-spectacular offers a blank string beside a constrained one as `oneOf`; a blank value that also
    meets the constraint then matches both, and `oneOf` fails it. Either is right: `anyOf`, or the constrained
    schema alone when its pattern admits a blank already (one schema is what generators read best)."""
    if isinstance(schema, dict):
        alternatives = schema.get("oneOf", [])
        if {"type": "string", "maxLength": 0} in alternatives:
            constrained = [branch for branch in schema.pop("oneOf") if branch != {"type": "string", "maxLength": 0}]
            if len(constrained) == 1 and re.fullmatch(constrained[0].get("pattern", "^$"), ""):
                schema.update(constrained[0])
            else:
                schema["anyOf"] = [*constrained, {"type": "string", "maxLength": 0}]
        for value in schema.values():
            _blank_or(value)
    elif isinstance(schema, list):
        for value in schema:
            _blank_or(value)


def _request_body(schema: dict) -> None:
    """A request body as the management API reads it: no field it does not know (a 400 names each one), no
    NUL in text (DRF refuses it), a date as YYYY-MM-DD (a pattern too: OpenAPI 3.1 treats `format` as a hint
    generators may ignore), a slug of Unicode letters, digits, hyphens and underscores (Python's \\w, spelled out
    in ranges: ECMAScript's \\w is ASCII only)."""
    schema["additionalProperties"] = False
    for field in schema.get("properties", {}).values():
        for branch in field.get("anyOf", []):  # a slug that may be blank: the constrained branch is the slug
            if branch.get("pattern") == PYTHON_SLUG:
                branch["pattern"] = UNICODE_SLUG
        if field.get("format") == "date":
            field["pattern"] = DATE
        elif field.get("pattern") == PYTHON_SLUG:
            field["pattern"] = UNICODE_SLUG
        elif field.get("type") == "string" and "format" not in field and "enum" not in field:
            if field.get("pattern") == NON_BLANK_TEXT:
                pass  # no NUL in it either
            elif "pattern" in field:
                field.setdefault("allOf", []).append({"pattern": NO_NUL})
            else:
                field["pattern"] = NO_NUL
        elif field.get("type") == "array" and field.get("items", {}).get("type") == "string":
            field["items"].setdefault("pattern", NO_NUL)


def _response_body(schema: dict) -> None:
    """What the server sends is described, not constrained: the input patterns (written for Python) go, also
    from the alternatives of a blank-or-constrained field."""
    for field in schema.get("properties", {}).values():
        for variant in [field, *field.get("anyOf", []), *field.get("oneOf", [])]:
            variant.pop("pattern", None)


def contract_hook(result, generator, request, public):
    """Add the error statuses and their bodies, the shared responses, HEAD, and the parameters' limits, to every
    operation; public operations need no credentials (no `security`), management ones the token."""
    schemas = result["components"]["schemas"]
    schemas.update({"Error": ERROR, "FieldErrors": FIELD_ERRORS, "StaleVersion": STALE, "Conflict": CONFLICT})
    result["components"]["responses"] = copy.deepcopy(RESPONSES)
    _blank_or(schemas)
    for name, schema in schemas.items():
        if name.endswith("Request"):
            _request_body(schema)
        else:
            _response_body(schema)
    for path, operations in result["paths"].items():
        if not path.startswith("/api/v1/"):
            continue
        for method, operation in operations.items():
            _add_responses(operation, _responses(path, method))
            _add_shared_responses(path, method, operation)
            if not path.startswith("/api/v1/manage/"):
                operation.pop("security", None)  # drf-spectacular's [{}] reads as "a login is required" to some
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query":
                    _constrain(parameter)
                elif parameter.get("in") == "path" and parameter["schema"].get("type") == "string":
                    parameter["schema"]["pattern"] = PATH_SEGMENT
                elif parameter["name"] == "If-Match":
                    parameter["schema"] = {"type": "string", "pattern": IF_MATCH, "maxLength": IF_MATCH_MAX_LENGTH}
        if "get" in operations:
            operations["head"] = _head(operations["get"])
    return result
