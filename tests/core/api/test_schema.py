"""The OpenAPI schema as the contract: what generated clients and schemathesis read must be what the server does."""

import re

import pytest

from core.api.schema import ENTITY_TAGS, IF_MATCH, NO_NUL, NON_BLANK_TEXT, PATH_SEGMENT, QUERY_TEXT
from references.identifiers import DOI_INPUT, PMID_INPUT, validate_doi

pytestmark = pytest.mark.django_db

WITHOUT_BODY = {"301", "304", "414"}  # a redirect, a revalidation, and the HTTP server's own refusal


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from drf_spectacular.generators import SchemaGenerator

    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


def operations(schema):
    found = [
        (path, method, operation)
        for path, methods in schema["paths"].items()
        if path.startswith("/api/v1/")
        for method, operation in methods.items()
    ]
    assert len(found) > 30
    return found


def resolved(schema, response: dict) -> dict:
    """A response, or the shared one (components.responses) it refers to."""
    if "$ref" in response:
        return schema["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    return response


def test_every_error_status_of_every_operation_has_its_body_schema(schema):
    missing = [
        (method, path, status)
        for path, method, operation in operations(schema)
        if method != "head"  # no body, whatever the status
        for status, response in operation["responses"].items()
        if status[0] in "45" and status not in WITHOUT_BODY and "content" not in resolved(schema, response)
    ]

    assert missing == []


def test_management_changes_document_if_match_412_and_428(schema):
    changes = [
        operation
        for path, method, operation in operations(schema)
        if path.startswith("/api/v1/manage/") and (method in ("put", "patch", "delete") or "transitions" in path)
    ]
    assert len(changes) == 19  # webhooks' and images' PUT, PATCH and DELETE among them

    for operation in changes:
        assert {"409", "412", "428"} <= set(operation["responses"])
        if_match = [p for p in operation["parameters"] if p["name"] == "If-Match"]
        assert if_match and if_match[0]["required"] and if_match[0]["schema"]["pattern"] == IF_MATCH


def test_request_bodies_refuse_unknown_fields_and_nul(schema):
    bodies = {name: body for name, body in schema["components"]["schemas"].items() if name.endswith("Request")}
    assert "ArticleInRequest" in bodies and "ArticleReplaceInRequest" in bodies

    assert all(body["additionalProperties"] is False for body in bodies.values())
    properties = bodies["ArticleInRequest"]["properties"]
    assert properties["subtitle"]["pattern"] == NO_NUL  # may be blank
    assert properties["summary"]["pattern"] == NON_BLANK_TEXT  # may not: no NUL, and not only whitespace
    assert bodies["ReferenceInRequest"]["properties"]["accessed_on"]["pattern"] == r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
    assert set(bodies["ArticleReplaceInRequest"]["required"]) >= {"key_points", "sections", "faqs", "citations"}
    assert "key_points" not in bodies["ArticleInRequest"].get("required", [])


def test_responses_carry_no_input_patterns(schema):
    patterns = [
        (name, field)
        for name, component in schema["components"]["schemas"].items()
        if not name.endswith("Request")
        for field, spec in component.get("properties", {}).items()
        for variant in [spec, *spec.get("anyOf", []), *spec.get("oneOf", [])]
        if "pattern" in variant
    ]

    assert patterns == []  # e.g. a section anchor of any letters: ECMAScript's \w knows only ASCII ones
    assert "pattern" in schema["components"]["schemas"]["TopicIORequest"]["properties"]["slug"]  # positive control


def test_every_text_query_parameter_needs_a_character_that_is_not_whitespace(schema):
    texts = {
        (path, parameter["name"]): parameter["schema"]
        for path, method, operation in operations(schema)
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "query" and parameter["schema"].get("type") == "string" and parameter["name"] != "page"
        and "enum" not in parameter["schema"]
    }  # fmt: skip
    assert {"search", "topic", "reviewer", "article", "doi", "pmid"} <= {name for _path, name in texts}

    for text in texts.values():
        assert QUERY_TEXT in (text.get("pattern"), *(part.get("pattern") for part in text.get("allOf", [])))


def test_the_query_text_pattern_is_what_the_server_calls_empty():
    """The server refuses a value that str.strip() empties; the pattern spells out the same characters."""
    spaces = [chr(code) for code in range(0x3100) if chr(code).isspace()]
    assert len(spaces) > 20

    for space in spaces:
        assert not re.fullmatch(QUERY_TEXT, space * 2), hex(ord(space))
    for text in ("a", " a ", "\ufeff", "é", "1"):
        assert re.fullmatch(QUERY_TEXT, text)
    assert not re.fullmatch(QUERY_TEXT, "a\x00")
    assert not re.fullmatch(PATH_SEGMENT, "a\x00") and not re.fullmatch(PATH_SEGMENT, "a/b")


@pytest.mark.parametrize(
    "value", ["10.1056/NEJMra070553", " doi:10.1234/x", "https://doi.org/10.1210/jc.2011-0385", ""]
)
def test_the_doi_pattern_accepts_what_the_server_accepts(value):
    validate_doi(value)
    assert re.fullmatch(DOI_INPUT, value)


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        (" \x0b\r 10.0591/\x1c\t\x0c \t\x0b\t\r", False),  # all whitespace once stripped (make fuzz)
        ("10.1056/\u3000", False),
        ("10.1056/x\x1c", True),  # stripped to 10.1056/x
        ("\u2003doi:10.1056/x\x85", True),
        ("10.1056/a\x1cb", True),  # inside a suffix, kept
    ],
)
def test_the_doi_pattern_and_the_server_agree_on_whitespace_at_the_ends(client, value, valid):
    """The server strips what Python's str.strip() strips, then validates: the pattern reads the same."""
    assert (re.fullmatch(DOI_INPUT, value) is not None) is valid

    response = client.get("/api/v1/references/", {"doi": value})

    assert response.status_code == (200 if valid else 400), response.json()


@pytest.mark.parametrize(
    "value", ["10.3933/a\x1eb", "10.3933/a\x85b", "\x1c10.1056/x", "10.1056/x\u00a0", " 17634462\x1f"]
)
@pytest.mark.parametrize("pattern", [DOI_INPUT, PMID_INPUT])
def test_python_and_ecmascript_read_the_identifier_patterns_alike(pattern, value):
    """Clients validate with ECMAScript regular expressions (jsonschema-rs here, as schemathesis does), the
    server with Python's; their \\s differ on \\x1c-\\x1f and \\x85, so the patterns spell whitespace out."""
    import jsonschema_rs

    ecmascript = jsonschema_rs.validator_for({"type": "string", "pattern": pattern}).is_valid(value)

    assert ecmascript == (re.fullmatch(pattern, value) is not None)


def test_the_entity_tag_pattern_reads_what_etags_send():
    for sent in ('"1"', 'W/"1"', '"1", W/"2"', '"d41d8cd98f00b204e9800998ecf8427e"'):
        assert re.fullmatch(ENTITY_TAGS, sent)
    for sent in ("1", "*", '"1" "2"', '"a b"', 'W/"1'):
        assert not re.fullmatch(ENTITY_TAGS, sent)
    for sent in ("*", '"1"', '"1", W/"2"'):  # If-Match also takes `*`, alone
        assert re.search(IF_MATCH, sent)
    for sent in ('*, "1"', "**", '"1" *'):
        assert not re.search(IF_MATCH, sent)


def our_docstrings() -> set[str]:
    """The docstrings of every class and method in the project's modules, less those a serializer also gives
    clients on purpose as its `schema_description`."""
    import importlib
    import inspect
    import pkgutil

    from drf_spectacular.plumbing import get_doc

    docs, meant_for_clients = set(), set()
    for package in ("core", "publishing", "manage_api", "references", "articles"):
        for info in pkgutil.walk_packages(importlib.import_module(package).__path__, f"{package}."):
            if ".migrations" in info.name or info.name.endswith(".tests"):
                continue
            module = importlib.import_module(info.name)
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if cls.__module__ == module.__name__:
                    docs.add(get_doc(cls))
                    meant_for_clients.add(getattr(cls, "schema_description", ""))
                    docs.update(get_doc(member) for _, member in inspect.getmembers(cls, inspect.isfunction))
    return docs - meant_for_clients - {""}


def test_no_docstring_reaches_the_schema_only_descriptions_written_for_clients(schema):
    internal = our_docstrings()
    assert any(text.startswith("A serializer that only renders") for text in internal)  # the oracle sees them
    descriptions = [
        *(component.get("description", "") for component in schema["components"]["schemas"].values()),
        *(operation.get("description", "") for _, _, operation in operations(schema)),
    ]
    assert any(descriptions)

    assert [text for text in descriptions if text in internal] == []
    # Those written on purpose are there.
    assert schema["components"]["schemas"]["ArticleOut"]["description"].startswith("A working copy")
    assert "MedicalWebPage" in schema["paths"]["/api/v1/articles/{slug}/jsonld/"]["get"]["description"]


def test_the_docs_credit_mesh_for_the_search_synonyms(schema):
    search = next(
        parameter
        for parameter in schema["paths"]["/api/v1/articles/"]["get"]["parameters"]
        if parameter["name"] == "search"
    )

    for description in (search["description"], schema["info"]["description"]):
        assert "MeSH" in description and "courtesy of the U.S. National Library of Medicine" in description
