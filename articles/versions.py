"""Stored versions (django-reversion) of an article's working copy: finding them and reading their parts.

Their comparison is `articles.comparison.versions`."""

from dataclasses import dataclass

from reversion.models import Version

from articles.content_model import PARTS
from articles.models import Article, ArticleAction, ArticleTransition


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


@dataclass(frozen=True)
class ChangesRequested:
    """A reviewer's last request for changes, and the stored version they read when they made it (None for
    history that was not stored, such as an import's)."""

    step: ArticleTransition
    version: Version | None


def changes_requested_last(article: Article) -> ChangesRequested | None:
    """The round the reviewer last sent back, to compare the resubmission with: the version then is the newest
    one stored before the request (a lifecycle step stores no version, and the text is locked while in review).
    Two queries."""
    step = (
        ArticleTransition.objects.filter(article=article, action=ArticleAction.REQUEST_CHANGES)
        .select_related("actor")
        .order_by("-created_at", "-pk")
        .first()
    )
    if step is None:
        return None
    read = article_versions(article).filter(revision__date_created__lte=step.created_at)
    return ChangesRequested(step, read.order_by("-revision__date_created", "-pk").first())


def changes_were_requested(article: Article) -> bool:
    """Whether a reviewer ever sent the article back: from its first resubmission on, each round has a comparison
    with the one before."""
    return ArticleTransition.objects.filter(article=article, action=ArticleAction.REQUEST_CHANGES).exists()


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
