"""schema.org structured data of a published article: a MedicalWebPage and its FAQPage.

Built once at publish time from the rendered document, so that it always
says exactly what the published page says.
"""

import re
from datetime import datetime

from core.citation_markers import MARKER
from core.markdown import plain_text, strip_markup
from core.models import SiteSettings
from references.choices import ReferenceKind
from references.csl import appeared_in_journal

SCHEMA_ORG = "https://schema.org"
# Values that are identifiers or addresses, not text for readers.
NOT_TEXT = {"@context", "@type", "@id", "url", "contentUrl", "sameAs", "propertyID", "inLanguage"}


def _text_only(value, key: str = ""):
    """Every text value of the graph as plain text: schema.org's text properties hold text, not markup."""
    if isinstance(value, dict):
        return {name: _text_only(item, name) for name, item in value.items()}
    if isinstance(value, list):
        return [_text_only(item, key) for item in value]
    if isinstance(value, str) and key not in NOT_TEXT:
        return strip_markup(value)
    return value


def _person(entry: dict) -> dict:
    person = {"@type": "Person", "name": entry["name"]}
    if entry.get("credentials"):
        person["honorificSuffix"] = entry["credentials"]
        person["hasCredential"] = [
            {"@type": "EducationalOccupationalCredential", "name": credential.strip()}
            for credential in entry["credentials"].split(",")
            if credential.strip()
        ]
    return person


def _container(reference: dict) -> dict:
    """Where a reference appeared, in schema.org's terms: part of a journal or a website, or published by the
    publisher of a book or of a guideline issued on its own (the one `container` field holds any of these)."""
    name = reference["container"]
    if appeared_in_journal(reference["kind"], reference["volume"]):
        return {"isPartOf": {"@type": "Periodical", "name": name}}
    if reference["kind"] == ReferenceKind.WEBSITE:
        return {"isPartOf": {"@type": "WebSite", "name": name}}
    return {"publisher": {"@type": "Organization", "name": name}}


def _creative_work(reference: dict) -> dict:
    work = {"@type": "CreativeWork", "name": reference["title"]}
    if reference["authors"]:
        # One text for every author, people or an organisation ("Holick MF, Binkley NC"): schema.org's author
        # takes a Person or an Organization, which the text does not say; creditText is the credit as text.
        work["creditText"] = reference["authors"]
    if reference["container"]:
        work.update(_container(reference))
    if reference["year"]:
        work["datePublished"] = str(reference["year"])
    if reference["url"]:
        work["url"] = reference["url"]
    if reference["doi"]:
        work["sameAs"] = f"https://doi.org/{reference['doi']}"
    if reference["pmid"]:
        work["identifier"] = {"@type": "PropertyValue", "propertyID": "PMID", "value": reference["pmid"]}
    return work


def _day(moment: str) -> str:
    """The calendar day of an ISO 8601 date-time, as its own offset has it (the site's time zone)."""
    return datetime.fromisoformat(moment).date().isoformat()


# A citation marker with the space before it: "from food [1]." reads "from food." once the marker is gone.
_SPACED_MARKER = re.compile(rf"\s*(?:{MARKER.pattern})")


def _answer_text(markdown: str) -> str:
    return " ".join(_SPACED_MARKER.sub("", plain_text(markdown)).split())


def _audience(document: dict) -> dict:
    """Patients and the public (schema.org's Patient audience), or health professionals (clinicians)."""
    if document.get("audience") == "professionals":
        return {"@type": "MedicalAudience", "audienceType": "Clinician"}
    return {"@type": "Patient"}


def _pixels(count: int) -> dict:
    return {"@type": "QuantitativeValue", "value": count, "unitCode": "E37", "unitText": "px"}


def _image(image: dict | None) -> dict | None:
    """The hero image as schema.org's ImageObject: its largest JPEG rendition (every crawler reads JPEG)."""
    jpegs = [rendition for rendition in (image or {}).get("renditions", []) if rendition["format"] == "jpeg"]
    if not image or not jpegs:
        return None
    largest = max(jpegs, key=lambda rendition: rendition["width"])
    found = {
        "@type": "ImageObject",
        "url": largest["url"],
        "contentUrl": largest["url"],
        # schema.org's width and height are a Distance or a QuantitativeValue: pixels by their UN/CEFACT code, E37.
        "width": _pixels(largest["width"]),
        "height": _pixels(largest["height"]),
    }
    for key, value in (("caption", image.get("caption")), ("creditText", image.get("credit"))):
        if value:
            found[key] = value
    if image.get("alt_text"):
        found["description"] = image["alt_text"]
    return found


def build_jsonld(document: dict, conditions: list[str], site_settings: SiteSettings) -> dict:
    """The JSON-LD document of a published `document`; `conditions` name the medical conditions it is about."""
    language = document.get("language") or site_settings.language  # approved before articles had languages
    url = site_settings.article_url(document["slug"], language)
    page = {
        "@type": "MedicalWebPage",
        "@id": f"{url}#webpage",
        "url": url,
        "headline": document["title"],
        "name": document["title"],
        "abstract": document["summary"],
        "datePublished": document["published_at"],
        "dateModified": document["updated_at"],
        "inLanguage": language,
        # medicalAudience is MedicalWebPage's own, audience any CreativeWork's.
        "audience": _audience(document),
        "medicalAudience": _audience(document),
        "author": [_person(author) for author in document["authors"]],
        "publisher": {"@type": "Organization", "name": site_settings.site_name},
        "citation": [_creative_work(reference) for reference in document["references"]],
    }
    image = _image(document.get("hero_image"))
    if image:
        page["image"] = image
    if document["last_reviewed_at"]:
        page["lastReviewed"] = _day(document["last_reviewed_at"])  # schema.org's lastReviewed is a Date
    if document["medical_reviewer"]:
        page["reviewedBy"] = _person(document["medical_reviewer"])
    if conditions:
        page["about"] = [{"@type": "MedicalCondition", "name": name} for name in conditions]
    # Disclosures: who paid (a Grant) and, for a sponsored article, its sponsor. schema.org has no property for
    # conflicts of interest; they are in the API's detail.
    if document.get("funding"):
        page["funding"] = {"@type": "Grant", "description": document["funding"]}
        if document.get("sponsored"):
            page["sponsor"] = {"@type": "Organization", "description": document["funding"]}
    graph = [page]
    if document["faqs"]:
        graph.append(
            {
                "@type": "FAQPage",
                "@id": f"{url}#faq",
                "url": url,
                "inLanguage": language,
                "isPartOf": {"@id": f"{url}#webpage"},
                "mainEntity": [
                    {
                        "@type": "Question",
                        "name": faq["question"],
                        "acceptedAnswer": {"@type": "Answer", "text": _answer_text(faq["answer_markdown"])},
                    }
                    for faq in document["faqs"]
                ],
            }
        )
    return _text_only({"@context": SCHEMA_ORG, "@graph": graph})


def translation_links(jsonld: dict, *, source: dict | None, translations: list[dict], site_settings) -> dict:
    """The frozen JSON-LD with what links it to its other languages as they are live now: `translationOfWork` (the
    live source of a translation) and `workTranslation` (the live translations made from it), each a page by its URL
    and language."""

    def work(entry: dict) -> dict:
        url = site_settings.article_url(entry["slug"], entry["language"])
        return {"@type": "MedicalWebPage", "@id": f"{url}#webpage", "url": url, "inLanguage": entry["language"]}

    if source is None and not translations:
        return jsonld
    page, *rest = jsonld["@graph"]
    page = dict(page)
    if source is not None:
        page["translationOfWork"] = work(source)
    if translations:
        page["workTranslation"] = [work(entry) for entry in translations]
    return {**jsonld, "@graph": [page, *rest]}
