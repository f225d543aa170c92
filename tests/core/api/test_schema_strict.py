"""The schema as strict as the server, and loadable strictly: what it declares about each operation is checked against
what the server answers at a real address (statuses, headers, methods), and what it admits in a body against what the
server takes. Bodies are validated with jsonschema-rs, which reads patterns as ECMAScript does (as schemathesis and
generated clients do)."""

import io
import itertools
import re

import jsonschema_rs
import pytest
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_unicode_slug

from articles.models import Article, Topic
from core.api.schema import NON_BLANK_TEXT, PYTHON_SLUG, UNICODE_SLUG
from core.markdown_limits import MAX_CHARACTERS
from media.services import image_create
from publishing.preview import preview_token_make
from publishing.services.comments import review_comment_add
from references.models import Reference
from tests.helpers.factories import complete_article
from tests.helpers.images import picture
from tests.helpers.manage_api import token_client
from webhooks.services.endpoints import webhook_endpoint_create

pytestmark = pytest.mark.django_db

METHODS = ("get", "head", "post", "put", "patch", "delete")
BODIES = ("post", "put", "patch")


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from drf_spectacular.generators import SchemaGenerator

    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


def body_validator(schema, component: str):
    return jsonschema_rs.Draft202012Validator(
        {"$ref": f"#/components/schemas/{component}", "components": schema["components"]}
    )


def shared(schema, response: dict) -> dict:
    if "$ref" in response:
        return schema["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    return response


# ---------------------------------------------------------------------------------------------------------------
# Loadable strictly


def test_openapi_spec_validator_accepts_the_schema(schema):
    from openapi_spec_validator import validate

    validate(schema)  # raises on any error: a pattern Python's `re` cannot compile (\p{L}) was one


def test_openapi_core_loads_the_schema_with_spec_validation_on():
    from tests.helpers import contract

    contract.openapi.cache_clear()
    assert contract.openapi().config.spec_validator_cls is not None


def test_the_slug_pattern_is_pythons_word_characters_in_every_reader():
    """Each character of the Basic Multilingual Plane is a slug character for Django exactly when the schema's pattern
    says so, read by Python's `re` and by an ECMAScript-style engine (jsonschema-rs)."""
    ecmascript = jsonschema_rs.validator_for({"type": "string", "pattern": UNICODE_SLUG})
    disagree = []
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        text = f"a{chr(code)}"
        try:
            validate_unicode_slug(text)
            django = True
        except ValidationError:
            django = False
        if not (django == bool(re.fullmatch(UNICODE_SLUG, text)) == ecmascript.is_valid(text)):
            disagree.append(hex(code))
    assert disagree == []
    assert r"\p" not in UNICODE_SLUG and re.fullmatch(PYTHON_SLUG, "é-ü_١")


def test_request_slugs_use_the_pattern_every_reader_understands(schema):
    slug = schema["components"]["schemas"]["TopicIORequest"]["properties"]["slug"]
    assert slug["pattern"] == UNICODE_SLUG


# ---------------------------------------------------------------------------------------------------------------
# Bodies: what the schema admits, the server takes


@pytest.mark.parametrize(
    ("citation", "valid"),
    [
        ({}, False),
        ({"id": 3}, False),
        ({"reference": 1}, True),
        ({"doi": "10.1056/NEJMra070553"}, True),
        ({"pmid": "17634462"}, True),
        ({"reference": 1, "doi": "10.1056/NEJMra070553"}, False),
        ({"doi": "10.1056/NEJMra070553", "pmid": "17634462"}, False),
        ({"doi": "   "}, False),
    ],
)
def test_a_citation_names_exactly_one_of_reference_doi_pmid(schema, citation, valid):
    assert body_validator(schema, "CitationInRequest").is_valid(citation) is valid


def test_a_citation_naming_none_is_refused_by_schema_and_server(schema, author):
    assert not body_validator(schema, "ArticleInRequest").is_valid({"title": "T", "summary": "S", "citations": [{}]})

    response = token_client(author).post(
        "/api/v1/manage/articles/", {"title": "T", "summary": "S", "citations": [{}]}, format="json"
    )

    assert response.status_code == 400
    assert "exactly one" in str(response.json()["citations"])


@pytest.mark.parametrize(
    ("step", "needed"),
    [
        ({"action": "request_changes"}, "comment"),
        ({"action": "request_changes", "comment": "  "}, "comment"),
        ({"action": "approve"}, "document_fingerprint"),
    ],
)
def test_what_a_step_requires_is_refused_by_schema_and_server_alike(schema, reviewer, step, needed):
    article = complete_article(children=1, status="in_review")
    article.refresh_from_db()
    client = token_client(reviewer)
    fingerprint = client.get(f"/api/v1/manage/articles/{article.slug}/").headers["Document-Fingerprint"]
    given = {"comment": "Cite the 2011 guideline for the dose.", "document_fingerprint": fingerprint}
    validator = body_validator(schema, "TransitionInRequest")

    def send(body: dict):
        return client.post(
            f"/api/v1/manage/articles/{article.slug}/transitions/",
            body,
            format="json",
            HTTP_IF_MATCH=f'"{article.version}"',
        )

    refused = send(step)

    assert not validator.is_valid(step)
    assert refused.status_code == 400
    assert needed in refused.json()
    assert validator.is_valid({**step, needed: given[needed]})
    assert validator.is_valid({"action": "submit"})  # other steps need neither
    assert send({**step, needed: given[needed]}).status_code == 200


def test_a_markdown_text_over_the_length_limit_is_refused_by_schema_and_server(schema, author):
    at_limit, over = "a" * MAX_CHARACTERS, "a" * (MAX_CHARACTERS + 1)
    article = {"title": "T", "summary": "S"}
    for shape in (
        lambda text: {"intro": text},
        lambda text: {"sections": [{"heading": "H", "body_markdown": text}]},
        lambda text: {"faqs": [{"question": "Q?", "answer_markdown": text}]},
    ):
        assert body_validator(schema, "ArticleInRequest").is_valid({**article, **shape(at_limit)})
        assert not body_validator(schema, "ArticleInRequest").is_valid({**article, **shape(over)})

        response = token_client(author).post("/api/v1/manage/articles/", {**article, **shape(over)}, format="json")

        assert response.status_code == 400
        assert "30,000" in str(response.json())


@pytest.mark.parametrize("blank", ["   ", "\t\n", "\u3000\u00a0", "\x1c"])
def test_a_whitespace_only_name_is_refused_by_schema_and_server(schema, editor, blank):
    client = token_client(editor)
    for component, path in (("ContributorIORequest", "contributors"), ("TopicIORequest", "topics")):
        body = {"name": blank, "slug": "blank-name"}
        assert not body_validator(schema, component).is_valid(body), component

        response = client.post(f"/api/v1/manage/{path}/", body, format="json")

        assert response.status_code == 400 and "name" in response.json(), component


def test_a_name_with_spaces_around_is_taken_by_schema_and_server(schema, editor):
    body = {"name": "  Dr Ada Lovelace ", "slug": "ada"}
    assert body_validator(schema, "ContributorIORequest").is_valid(body)

    response = token_client(editor).post("/api/v1/manage/contributors/", body, format="json")

    assert response.status_code == 201 and response.json()["name"] == "Dr Ada Lovelace"


def test_text_fields_that_may_be_blank_stay_so(schema):
    contributor = schema["components"]["schemas"]["ContributorIORequest"]["properties"]
    assert contributor["name"]["pattern"] == NON_BLANK_TEXT
    assert body_validator(schema, "ContributorIORequest").is_valid({"name": "A", "slug": "a", "credentials": ""})


def _label(n: int) -> str:
    return "a" * n


WEBHOOK_URLS = [
    "https://example.org/hook",
    "https://hooks.example.org:8443/in?x=1#y",
    f"https://{_label(63)}.example.org/",
    f"https://{_label(64)}.example.org/",
    "https://" + ".".join([_label(61)] * 4) + ".org/",  # 251 characters
    "https://" + ".".join([_label(61)] * 4) + ".abcd/",  # 253
    "https://" + ".".join([_label(61)] * 4) + ".abcde/",  # 254
    "https://" + ".".join([_label(62)] * 4) + ".org/",  # 255
    "https://" + "a." * 128 + "org/",  # 259, in short labels
    "https://93.184.216.34/hook",
    "https://intranet/hook",
    "https://-example.org/",
    "https://example.org./hook",
    "https://bücher.example/",
    "https://example.o/",
    "https://example.org/a b",
]


@pytest.mark.parametrize("url", WEBHOOK_URLS, ids=range(len(WEBHOOK_URLS)))
def test_the_webhook_url_pattern_is_djangos_url_validator(schema, url):
    """Host names of at most 253 characters, labels of at most 63, a top-level domain: as Django validates them."""
    try:
        URLValidator(schemes=["http", "https"])(url)
        django = True
    except ValidationError:
        django = False

    body = {"url": url, "events": ["article.published"]}
    assert body_validator(schema, "WebhookEndpointIORequest").is_valid(body) is django


def test_a_host_over_253_characters_is_refused_by_schema_and_server(schema, editor):
    url = "https://" + "a." * 128 + "org/"
    body = {"url": url, "events": ["article.published"]}
    assert not body_validator(schema, "WebhookEndpointIORequest").is_valid(body)

    response = token_client(editor).post("/api/v1/manage/webhooks/", body, format="json")

    assert response.status_code == 400 and "url" in response.json()


# ---------------------------------------------------------------------------------------------------------------
# Operations: what the schema declares, the server does at every address


@pytest.fixture
def addresses(published_article, editor):
    """A real address for each path of the schema, and a token that may do anything."""
    topic = Topic.objects.filter(articles=published_article).first()
    contributor = published_article.authors.first()
    webhook = webhook_endpoint_create(url="https://hooks.example.org/in", events=["article.published"])
    image = image_create(upload=io.BytesIO(picture()), fields={"alt_text": "A chart"})
    comment = review_comment_add(article=published_article, user=editor, anchor="title", body="Shorter?")
    values = {
        # Each {…} of the path in turn.
        "/api/v1/manage/articles/{slug}/comments/{comment_id}/": (published_article.slug, str(comment.pk)),
        "/api/v1/articles/{slug}/": published_article.slug,
        "/api/v1/topics/{slug}/": topic.slug,
        "/api/v1/contributors/{slug}/": contributor.slug,
        "/api/v1/manage/articles/{slug}/": published_article.slug,
        "/api/v1/manage/topics/{slug}/": topic.slug,
        "/api/v1/manage/contributors/{slug}/": contributor.slug,
        "/api/v1/manage/references/{id}/": str(Reference.objects.first().pk),
        "/api/v1/manage/webhooks/{id}/": str(webhook.pk),
        "/api/v1/manage/images/{id}/": str(image.pk),
        "/api/v1/preview/{token}/": preview_token_make(published_article),
    }
    queries = {"/api/v1/sync/": "?initial=true", "/api/v1/search/suggest/": "?q=article"}

    def address(path: str) -> str:
        for prefix, value in values.items():
            if path.startswith(prefix):
                each = iter(value) if isinstance(value, tuple) else itertools.repeat(value)
                return re.sub(r"\{[^}]+\}", lambda _found, each=each: next(each), path)
        return path + queries.get(path, "")

    return address, token_client(editor)


def api_operations(schema):
    return [
        (path, method, operation)
        for path, methods in schema["paths"].items()
        if path.startswith("/api/v1/")
        for method, operation in methods.items()
    ]


def test_public_operations_need_no_credentials_and_management_ones_a_token(schema):
    security = {(path, method): operation.get("security") for path, method, operation in api_operations(schema)}
    public = {key: value for key, value in security.items() if not key[0].startswith("/api/v1/manage/")}
    managed = {key: value for key, value in security.items() if key[0].startswith("/api/v1/manage/")}

    assert len(public) >= 20 and set(public.values()) == {None}
    assert all(value == [{"tokenAuth": []}] for value in managed.values())
    assert "security" not in schema


def test_every_get_is_documented_with_head_and_the_server_serves_it_without_a_body(schema, addresses):
    address, client = addresses
    gets = [path for path, method, _operation in api_operations(schema) if method == "get"]
    assert len(gets) > 20

    for path in gets:
        head = schema["paths"][path]["head"]
        assert all("content" not in response for response in head["responses"].values()), path
        get, answered = client.get(address(path)), client.head(address(path))
        assert answered.status_code == get.status_code == 200, path
        assert answered.content == b"" and answered.headers["Content-Type"] == get.headers["Content-Type"], path


def test_each_address_answers_405_naming_exactly_the_documented_methods(schema, addresses):
    address, client = addresses
    for path, methods in schema["paths"].items():
        if not path.startswith("/api/v1/"):
            continue
        documented = {method.upper() for method in methods if method in METHODS}
        refused = next(method for method in ("PUT", "DELETE", "PATCH", "POST") if method not in documented)

        response = client.generic(refused, address(path))
        # With a body of a type the route does not read either: the method is refused before any body is read.
        typed = client.generic(refused, address(path), b"--x--", content_type="multipart/form-data; boundary=x")

        assert response.status_code == 405, path
        assert typed.status_code == 405, (path, refused, typed.status_code)
        assert set(response.headers["Allow"].replace(" ", "").split(",")) - {"OPTIONS"} == documented, path
        assert all("405" in methods[method]["responses"] for method in methods if method in METHODS), path
    assert "Allow" in schema["components"]["responses"]["MethodNotAllowed"]["headers"]


def test_406_is_documented_exactly_where_accept_can_refuse(schema, addresses):
    address, client = addresses
    for path, method, operation in api_operations(schema):
        if method != "get":
            continue
        response = client.get(address(path), HTTP_ACCEPT="text/html")

        assert (response.status_code == 406) is ("406" in operation["responses"]), path
        if response.status_code == 406:
            assert set(response.json()) == {"detail"}


def test_415_is_documented_exactly_where_a_body_that_is_not_json_gets_one(schema, addresses):
    """Every write with a body reads it as JSON, or an upload as a multipart form: any other Content-Type is refused
    with 415, the same body sent as documented is not (the positive control)."""
    address, client = addresses
    writes = [(path, method, operation) for path, method, operation in api_operations(schema) if method in BODIES]
    assert len(writes) >= 10
    for path, method, operation in writes:
        send = getattr(client, method)
        refused = send(address(path), data="{}", content_type="text/plain", HTTP_IF_MATCH="*")
        if "multipart/form-data" in operation.get("requestBody", {}).get("content", {}):
            assert send(address(path), data="{}", content_type="application/json").status_code == 415, path
            taken = send(address(path), {"alt_text": "A chart"}, format="multipart")
        else:
            taken = send(address(path), data="{}", content_type="application/json", HTTP_IF_MATCH="*")

        assert refused.status_code == 415 and "415" in operation["responses"], (path, method, refused.status_code)
        assert taken.status_code != 415, (path, method)
    assert not any(
        "415" in operation["responses"] for _p, method, operation in api_operations(schema) if method not in BODIES
    )


def test_304_is_documented_exactly_where_a_matching_if_none_match_gets_one(schema, addresses):
    """Public reads but sync and previews; in the management API the article list and every single record."""
    address, client = addresses
    documented, answered = set(), set()
    for path, method, operation in api_operations(schema):
        if method != "get":
            continue
        first = client.get(address(path))
        again = client.get(address(path), HTTP_IF_NONE_MATCH=first.headers.get("ETag", '"none"'))
        if "304" in operation["responses"]:
            documented.add(path)
            assert "ETag" in shared(schema, operation["responses"]["304"])["headers"]
        if again.status_code == 304:
            answered.add(path)

    assert documented == answered
    assert {"/api/v1/manage/articles/{slug}/", "/api/v1/manage/topics/{slug}/", "/api/v1/articles/"} <= answered
    assert "/api/v1/sync/" not in answered and "/api/v1/manage/topics/" not in answered


def test_every_public_response_that_accept_can_change_says_vary_accept(schema, addresses):
    """Accept turns a 200 into a 406, so a shared cache must key on it: on the 200, the stored copy served again, the
    304 and the 406 alike. The JSON-LD, served whatever Accept says, does not vary with it."""
    address, client = addresses
    public = [
        path
        for path, method, _operation in api_operations(schema)
        if method == "get" and not path.startswith("/api/v1/manage/")
    ]
    assert len(public) == 12

    for path in public:
        first = client.get(address(path))
        stored = client.get(address(path))
        revalidated = client.get(address(path), HTTP_IF_NONE_MATCH=first.headers.get("ETag", '"none"'))
        refused = client.get(address(path), HTTP_ACCEPT="text/html")
        for response in (first, stored, revalidated, refused):
            varies = {name.strip().lower() for name in response.headers.get("Vary", "").split(",")}
            assert ("accept" in varies) is (not path.endswith("/jsonld/")), (path, response.status_code)
    assert client.get(address("/api/v1/articles/")).headers.get("X-Cache") == "hit"


def test_management_writes_declare_if_match_exactly_where_the_server_answers_428_without_it(schema, addresses):
    address, client = addresses
    for path, method, operation in api_operations(schema):
        if not path.startswith("/api/v1/manage/") or method not in ("post", "put", "patch", "delete"):
            continue
        declared = [p for p in operation.get("parameters", []) if p["in"] == "header" and p["name"] == "If-Match"]

        response = client.generic(method.upper(), address(path), "{}", content_type="application/json")

        assert (response.status_code == 428) is bool(declared), (method, path, response.status_code)
        assert all(parameter["required"] for parameter in declared)


# ---------------------------------------------------------------------------------------------------------------
# Types of what the server sends


def nullable(property_schema: dict) -> bool:
    variants = [property_schema, *property_schema.get("oneOf", []), *property_schema.get("anyOf", [])]
    return any(v.get("type") == "null" or "null" in (v.get("type") or []) for v in variants)


ALWAYS_ON_A_LIVE_ARTICLE = ("published_at", "medical_reviewer", "next_review_due", "last_reviewed_at")


def test_a_live_article_is_typed_with_what_it_always_has_and_a_preview_with_what_it_may_lack(schema):
    components = schema["components"]["schemas"]
    for name in ALWAYS_ON_A_LIVE_ARTICLE:
        assert not nullable(components["ArticleDetail"]["properties"][name]), name
        assert nullable(components["ArticlePreview"]["properties"][name]), name
    for name in ("published_at", "last_reviewed_at"):
        assert not nullable(components["ArticleListItem"]["properties"][name]), name
    preview = schema["paths"]["/api/v1/preview/{token}/"]["get"]["responses"]["200"]
    assert preview["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ArticlePreview"}
    assert components["ArticleDetail"]["properties"]["readability"]["oneOf"][1] == {"type": "null"}


def test_a_draft_preview_has_none_of_them_and_matches_its_schema(draft_article, api_client):
    never_reviewed = {"medical_reviewer": None, "last_reviewed_at": None, "next_review_due": None}
    Article.objects.filter(pk=draft_article.pk).update(**never_reviewed)

    response = api_client.get(f"/api/v1/preview/{preview_token_make(draft_article)}/")  # checked by openapi-core

    assert response.status_code == 200
    assert [response.json()[name] for name in ALWAYS_ON_A_LIVE_ARTICLE] == [None, None, None, None]


def test_page_is_an_integer_from_1_and_the_server_refuses_others(schema, api_client, published_article):
    pages = [
        parameter["schema"]
        for _path, method, operation in api_operations(schema)
        for parameter in operation.get("parameters", [])
        if method == "get" and parameter["name"] == "page"
    ]
    assert len(pages) >= 10 and all(page["type"] == "integer" and page["minimum"] == 1 for page in pages)

    for value in ("0", "-1", "x", "1.5"):
        assert api_client.get(f"/api/v1/articles/?page={value}").status_code in (400, 404), value
    assert api_client.get("/api/v1/articles/?page=1").status_code == 200


def test_a_slug_past_u_ffff_is_refused_by_schema_and_server_and_left_out_of_made_slugs(schema, author, editor):
    client = token_client(author)
    astral = "\U00024398"  # a CJK ideograph past U+FFFF: Python's \w, but not the schema's ranges

    assert not body_validator(schema, "ArticleInRequest").is_valid(
        {"title": "T", "summary": "S", "slug": f"{astral}-a"}
    )
    refused = client.post(
        "/api/v1/manage/articles/", {"title": "T", "summary": "S", "slug": f"{astral}-a"}, format="json"
    )
    made = client.post("/api/v1/manage/articles/", {"title": f"{astral} gB", "summary": "S"}, format="json")

    assert refused.status_code == 400
    assert "U+FFFF" in str(refused.json()["slug"])
    assert made.status_code == 201
    assert made.json()["slug"] == "gb"
    assert body_validator(schema, "ArticleInRequest").is_valid(
        {"title": "T", "summary": "S", "slug": made.json()["slug"]}
    )
    anchored = client.patch(
        f"/api/v1/manage/articles/{made.json()['slug']}/",
        {"sections": [{"heading": "H", "anchor": f"{astral}-h", "body_markdown": "B."}]},
        format="json",
        HTTP_IF_MATCH=made["ETag"],
    )
    assert anchored.status_code == 400
    assert "U+FFFF" in str(anchored.json()["sections"])
    for path, record in (
        ("/api/v1/manage/topics/", {"slug": f"{astral}-t", "name": "T", "is_condition": False}),
        ("/api/v1/manage/contributors/", {"slug": f"{astral}-c", "name": "C"}),
    ):
        refused_record = token_client(editor).post(path, record, format="json")
        assert refused_record.status_code == 400, refused_record.json()
        assert "U+FFFF" in str(refused_record.json()["slug"])


def test_an_article_slug_of_accented_letters_is_valid_in_every_article_body_as_the_server_takes_it(schema):
    """A slug may be blank (filled from the title), so the schema offers it as one of two: the slug's branch reads
    letters as Python does, not ECMAScript's ASCII \\w."""
    for component in ("ArticleInRequest", "ArticleReplaceInRequest", "PatchedArticleInRequest"):
        validator = body_validator(schema, component)
        body = {"title": "T", "summary": "S", "key_points": [], "sections": [], "cause_comparisons": [], "faqs": []}
        body = {**body, "citations": []}
        assert validator.is_valid({**body, "slug": "wõaîaèöâ8qgh"}), component
        assert not validator.is_valid({**body, "slug": "no spaces"}), component  # control
