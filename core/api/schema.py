"""The OpenAPI schema as the contract: every status an operation can answer, with its body, and the
limits the server enforces on parameters (a drf-spectacular postprocessing hook)."""

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
    "additionalProperties": {"oneOf": [{"type": "array"}, {"type": "string"}, {"type": "object"}]},
}
STALE = {
    "type": "object",
    "properties": {"detail": {"type": "string"}, "current_version": {"type": "integer"}},
    "required": ["detail"],
}
CONFLICT = {
    "type": "object",
    "properties": {"detail": {"type": "string"}, "id": {"type": "integer", "description": "The existing record."}},
    "required": ["detail"],
}

JSON = "application/json"


def _body(ref: str, description: str) -> dict:
    return {"description": description, "content": {JSON: {"schema": {"$ref": f"#/components/schemas/{ref}"}}}}


def _responses(path: str, method: str, operation: dict) -> dict:
    """The error statuses of one operation, by what the server does on that path."""
    errors = {
        "400": _body("FieldErrors", "A query parameter or field is wrong; the body names it"),
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
        if method in ("put", "patch", "delete") or path.endswith("/transitions/"):
            errors |= {
                "409": _body("Conflict", "Not in this state, or still in use"),
                "412": _body("StaleVersion", "Changed since you read it: If-Match is not the current ETag"),
                "428": _body("Error", "If-Match is missing"),
            }
        if method == "post" and path == "/api/v1/manage/references/":
            errors["409"] = _body("Conflict", "A reference with this DOI or PubMed ID exists: `id` names it")
    elif method == "get" and "/preview/" not in path:
        errors["304"] = {"description": "Not modified (If-None-Match or If-Modified-Since matched)"}
        if path.startswith("/api/v1/articles/{slug}/"):
            errors["301"] = {"description": "The article moved to a new slug: see Location"}
    return {status: body for status, body in errors.items() if status not in operation["responses"]}


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
            "type": "string",
            "anyOf": [{"format": "date"}, {"format": "date-time"}],
            "maxLength": 200,
        }
        parameter["description"] = (
            f"{parameter.get('description', '')} A date (2026-01-31) or a date-time with an offset between "
            "-12:00 and +14:00 (a date-time without one is UTC)."
        ).strip()
    elif name == "ordering":
        parameter["schema"] = {"type": "string", "enum": schema.get("items", {}).get("enum", schema.get("enum", []))}
        parameter.pop("explode", None)
        parameter.pop("style", None)
    elif schema.get("type") == "string":
        schema.setdefault("maxLength", 200)
        schema.setdefault("minLength", 1)


def contract_hook(result, generator, request, public):
    """Add the error statuses and their bodies, and the parameters' limits, to every operation."""
    result["components"]["schemas"].update(
        {"Error": ERROR, "FieldErrors": FIELD_ERRORS, "StaleVersion": STALE, "Conflict": CONFLICT}
    )
    for path, operations in result["paths"].items():
        for method, operation in operations.items():
            if not path.startswith("/api/v1/"):
                continue
            operation["responses"].update(_responses(path, method, operation))
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query":
                    _constrain(parameter)
    return result
