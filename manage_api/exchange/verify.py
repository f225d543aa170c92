"""What an import trusts, verified: every approval's document against its content hash, and every publication
against the approval it put live, its ETag, and everything derived from its document (the list item, the
JSON-LD, the frozen FAQ, reference and record rows).

A hand-edited export would otherwise put text live that no reviewer approved, under the old ETag (so
revalidating caches would even keep the old bytes). Hashes are checksums, not signatures: they catch an
edited file, not an operator who recomputes them, who can write the database directly anyway.
"""

from core.fingerprint import json_fingerprint
from core.markdown import plain_text
from core.models import SiteSettings
from publishing.jsonld import build_jsonld
from publishing.services.freezing import PUBLICATION_FIELDS as PUBLICATION_TIMES
from publishing.services.freezing import document_hash, list_item

FAQ_KEYS = ("faq_id", "position", "question", "answer_markdown", "answer_html", "search_text")
REFERENCE_KEYS = ("reference_id", "number", "title", "doi", "pmid", "data")
EDITED = "does not match the document it was made from: the file was edited after the review."


def _site_facts(jsonld: dict) -> SiteSettings:
    """The site's facts as the stored JSON-LD names them (address, language, name), so that it can be built again
    from the document: the site settings of the day it went live may have changed since."""
    page: dict = next(iter(jsonld.get("@graph") or [{}]), {})
    return SiteSettings(
        article_url_template=str(page.get("url", "")),
        language=str(page.get("inLanguage", "")),
        site_name=str((page.get("publisher") or {}).get("name", "")),
    )


def _rows_problems(publication: dict, path: str) -> list[tuple[str, str]]:
    """The frozen rows of /faqs/ and /references/ are the document's own FAQs and references."""
    document = publication["document"]
    problems = []
    expected_faqs = [
        {
            "faq_id": faq["id"],
            "position": faq["position"],
            "question": faq["question"],
            "answer_markdown": faq["answer_markdown"],
            "answer_html": faq["answer_html"],
            "search_text": f"{faq['question']} {plain_text(faq['answer_markdown'])}".lower(),
        }
        for faq in document["faqs"]
    ]
    if [{name: row.get(name) for name in FAQ_KEYS} for row in publication["faqs"]] != expected_faqs:
        problems.append((f"{path}.faqs", f"The frozen FAQs {EDITED}"))
    expected_references = [
        {
            "reference_id": entry["id"],
            "number": entry["number"],
            "title": entry["title"],
            "doi": entry["doi"],
            "pmid": entry["pmid"],
            "data": {name: value for name, value in entry.items() if name not in {"number", "anchor"}},
        }
        for entry in document["references"]
    ]
    if [{name: row.get(name) for name in REFERENCE_KEYS} for row in publication["references"]] != expected_references:
        problems.append((f"{path}.references", f"The frozen references {EDITED}"))
    named = {
        (person["slug"], person["name"]) for person in [*document["authors"], document["medical_reviewer"]] if person
    }
    named |= {(topic["slug"], topic["name"]) for topic in document["topics"]}
    for index, record in enumerate(publication["records"]):
        data = record.get("data") or {}
        # The document names a topic in its own language where the record has a translation into it (Topic.name_in).
        translated = ((data.get("translations") or {}).get(document.get("language")) or {}).get("name")
        if (record.get("slug"), translated or record.get("name")) not in named or (
            data.get("slug"),
            data.get("name"),
        ) != (record.get("slug"), record.get("name")):
            problems.append((f"{path}.records[{index}]", f"The frozen record {EDITED}"))
    return problems


def publication_problems(publication: dict, approvals: dict[int, dict], path: str) -> list[tuple[str, str]]:
    document = publication["document"]
    problems = []
    if publication["etag"] != json_fingerprint(document):
        problems.append((f"{path}.etag", f"The ETag {EDITED}"))
    approval = approvals.get(publication["approval"]) if publication["approval"] is not None else None
    if publication["approval"] is not None and approval is None:
        problems.append((f"{path}.approval", "Names an approval this article does not have."))
    content = {name: value for name, value in document.items() if name not in PUBLICATION_TIMES}
    if approval is not None and content != {
        name: value for name, value in approval["document"].items() if name not in PUBLICATION_TIMES
    }:
        problems.append((f"{path}.document", "Is not the document its medical reviewer approved."))
    if approval is not None and document_hash(document) != approval["content_hash"]:
        problems.append((f"{path}.document", f"The document {EDITED}"))
    if publication["list_item"] != list_item(document):
        problems.append((f"{path}.list_item", f"The list entry {EDITED}"))
    if (publication["title"], publication["slug"]) != (document["title"], document["slug"]):
        problems.append((f"{path}.title", f"The title or slug {EDITED}"))
    conditions = approval["conditions"] if approval is not None else []
    if not set(conditions) <= {topic["name"] for topic in document["topics"]}:
        problems.append((f"{path}.approval.conditions", f"The conditions {EDITED}"))
    jsonld = publication["jsonld"] if isinstance(publication["jsonld"], dict) else {}
    if publication["jsonld"] != build_jsonld(document, conditions, _site_facts(jsonld)):
        problems.append((f"{path}.jsonld", f"The JSON-LD {EDITED}"))
    return problems + _rows_problems(publication, path)


def article_review_problems(article: dict, path: str) -> list[tuple[str, str]]:
    """Every approval and publication of an exported article that does not verify, each with its path."""
    problems = []
    for index, approval in enumerate(article["approvals"]):
        if approval["content_hash"] != document_hash(approval["document"]):
            problems.append((f"{path}.approvals[{index}].content_hash", f"The approved document {EDITED}"))
    approvals = {approval["id"]: approval for approval in article["approvals"]}
    for index, publication in enumerate(article["publications"]):
        problems += publication_problems(publication, approvals, f"{path}.publications[{index}]")
    return problems
