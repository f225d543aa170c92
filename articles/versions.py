"""Stored versions (django-reversion) of an article's working copy: finding them and reading their parts.

Their comparison is `articles.comparison.versions`."""

from reversion.models import Version

from articles.content_model import PARTS
from articles.models import Article


def article_versions(article: Article):
    return Version.objects.get_for_object(article).select_related("revision", "revision__user")


def stored_version(article: Article, number: int) -> Version | None:
    """The stored revision of the article whose working copy had `number` as its version, if any.

    Every save raises the version and stores one revision, so the newest are read first and the search
    stops at the first older version.
    """
    for version in article_versions(article).iterator(chunk_size=20):
        stored = version.field_dict.get("version")
        if stored == number:
            return version
        if stored is not None and stored < number:
            return None
    return None


def version_parts(version: Version) -> dict[type, list[dict]]:
    """The stored parts of the article in `version`'s revision (field dicts), by model, in one query."""
    children: dict[type, list[dict]] = {spec.model: [] for spec in PARTS.values()}
    for sibling in version.revision.version_set.select_related("content_type"):
        model = sibling.content_type.model_class()
        if model in children:
            children[model].append(sibling.field_dict)
    return children


def version_row_ids(version: Version) -> dict[str, dict[int, int]]:
    """The ids of the parts stored in `version`'s revision, by kind and position: what tells a frozen document's
    rows apart (it has their positions, not their ids)."""
    parts = version_parts(version)
    return {
        kind: {row["position"]: row["id"] for row in parts[spec.model]}
        for kind, spec in PARTS.items()
        if kind != "citations"
    }
