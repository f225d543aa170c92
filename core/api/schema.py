"""The OpenAPI schema as the contract: every status an operation can answer, with its body, and the
limits the server enforces on parameters (a drf-spectacular postprocessing hook); descriptions only where
they were written for clients."""

import re

from drf_spectacular.openapi import AutoSchema


class ContractSchema(AutoSchema):
    """Docstrings are written for the people who maintain the code, so none reaches the schema: an operation
    is described by `extend_schema(description=...)`, a body by its serializer's `schema_description`."""

    def get_description(self) -> str:
        return ""  # extend_schema's description, when given, overrides this

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        schema.pop("description", None)
        if getattr(serializer, "schema_description", ""):
            schema["description"] = serializer.schema_description
        return schema


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
# A query value has a character that is not whitespace (what Python's str.strip() removes, spelled out
# because ECMAScript's \s differs) and no NUL (core.middleware refuses it: databases cannot compare it).
WHITESPACE = r"\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
QUERY_TEXT = rf"^[^\x00]*[^\x00{WHITESPACE}][^\x00]*$"
IF_MATCH_MAX_LENGTH = 200
PATH_SEGMENT = r"^[^/\x00]+$"
NO_NUL = r"^[^\x00]*$"
PYTHON_SLUG = r"^[-\w]+$"
UNICODE_SLUG = r"^[-_\p{L}\p{N}]+$"


def _body(ref: str, description: str) -> dict:
    return {"description": description, "content": {JSON: {"schema": {"$ref": f"#/components/schemas/{ref}"}}}}


def _either(description: str, *refs: str) -> dict:
    schema = {"anyOf": [{"$ref": f"#/components/schemas/{ref}"} for ref in refs]}
    return {"description": description, "content": {JSON: {"schema": schema}}}


def _responses(path: str, method: str) -> dict:
    """The error statuses of one operation, by what the server does on that path."""
    errors = {
        "400": _body("FieldErrors", "A query parameter or field is wrong; the body names it"),
        "414": _body("Error", "The address (path and query) is longer than MAX_ADDRESS_BYTES (4096 bytes by default)"),
        "404": _body("Error", "Not found (or a page past the end)"),
        "500": _body("Error", "Server error"),
        "503": _body("Error", "The database is not answering; retry after Retry-After seconds"),
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
        if method in ("post", "put", "patch") and not path.endswith("/transitions/"):
            errors["409"] = _either(
                "Another record holds this slug, name, DOI or PubMed ID (the body names the field, or the record's "
                "`id`), or the record is not in a state that allows it",
                "Conflict",
                "FieldErrors",
            )
        if method in ("put", "patch", "delete") or path.endswith("/transitions/"):
            errors.setdefault("409", _body("Conflict", "Not in this state, or still in use"))
            errors |= {
                "412": _body("StaleVersion", "Changed since you read it: If-Match is not the current ETag"),
                "428": _body("Error", "If-Match is missing"),
            }
    elif method == "get" and "/preview/" not in path:
        errors["304"] = {"description": "Not modified (If-None-Match or If-Modified-Since matched)"}
        if path.startswith("/api/v1/articles/{slug}/"):
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


def _constrain(parameter: dict) -> None:
    schema = parameter.get("schema", {})
    name = parameter["name"]
    if name == "page":
        parameter["schema"] = {"type": "string", "pattern": r"^([1-9][0-9]*|last)$"}
        parameter["description"] = "A page number from 1, or `last`."
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
    generators may ignore), a slug of Unicode letters, digits, hyphens and underscores (Python's \\w, which
    ECMAScript spells \\p{L}\\p{N}_: its \\w is ASCII only)."""
    schema["additionalProperties"] = False
    for field in schema.get("properties", {}).values():
        if field.get("format") == "date":
            field["pattern"] = DATE
        elif field.get("pattern") == PYTHON_SLUG:
            field["pattern"] = UNICODE_SLUG
        elif field.get("type") == "string" and "format" not in field and "enum" not in field:
            if "pattern" in field:
                field["allOf"] = [{"pattern": NO_NUL}]
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
    """Add the error statuses and their bodies, and the parameters' limits, to every operation."""
    schemas = result["components"]["schemas"]
    schemas.update({"Error": ERROR, "FieldErrors": FIELD_ERRORS, "StaleVersion": STALE, "Conflict": CONFLICT})
    _blank_or(schemas)
    for name, schema in schemas.items():
        if name.endswith("Request"):
            _request_body(schema)
        else:
            _response_body(schema)
    for path, operations in result["paths"].items():
        for method, operation in operations.items():
            if not path.startswith("/api/v1/"):
                continue
            _add_responses(operation, _responses(path, method))
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query":
                    _constrain(parameter)
                elif parameter.get("in") == "path" and parameter["schema"].get("type") == "string":
                    parameter["schema"]["pattern"] = PATH_SEGMENT
                elif parameter["name"] == "If-Match":
                    parameter["schema"] = {"type": "string", "pattern": IF_MATCH, "maxLength": IF_MATCH_MAX_LENGTH}
    return result
