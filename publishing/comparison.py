"""Approved and published documents, and the working copy, compared through the articles' comparison.

A frozen document has the public shape: it gives its FAQs' and references' ids, but not those of its key
points, sections and comparison rows. An approval is of one version of the working copy, and every version
is a stored revision (`articles.versions`), so those rows get their ids from the revision of the version
approved; a document whose version was not stored (imported history) is compared by place, and says so.
"""

from django.utils.dateparse import parse_datetime
from django.utils.timezone import localtime

from articles import prose
from articles.comparison import PARTS, Row, Snapshot, as_text
from articles.models import Article, Audience
from articles.versions import stored_version, version_row_ids
from core.models import SiteSettings
from publishing.models import Approval, Publication, ShownDocument
from publishing.services.freezing import article_document
from publishing.services.shown import candidate_now
from references.models import NoticeNature

# Snapshot field → document key.
DOCUMENT_FIELDS = {
    **{name: name for name in (
        "title", "subtitle", "slug", "summary", "intro", "comparison_intro", "next_review_due", "sponsored",
        "funding", "conflicts_of_interest", "disclaimer",
    )},
    "reading_time": "reading_time_minutes",
}  # fmt: skip
# Part text → document key, where they differ.
DOCUMENT_TEXTS = {"body": "body_markdown", "answer": "answer_markdown"}
ROWS_BY_PLACE = ("key_points", "sections", "cause_comparisons")


def _reviewed_at(value: str | None) -> str:
    moment = parse_datetime(value) if value else None
    return f"{localtime(moment):%Y-%m-%d %H:%M}" if moment else ""


def _notices(entry: dict) -> str:
    natures = dict(NoticeNature.choices)
    return "; ".join(
        f"{natures.get(notice['nature'], notice['nature'])} ({notice['date'] or '?'})"
        for notice in entry.get("notices", [])
    )


def _row(kind: str, entry: dict, ids: dict[int, int]) -> Row:
    spec = PARTS[kind]
    texts = {name: as_text(entry.get(DOCUMENT_TEXTS.get(name, name))) for name in spec.fields}
    return Row(entry["id"] if kind == "faqs" else ids.get(entry["position"]), texts[spec.fields[0]], texts)


def document_snapshot(document: dict, row_ids: dict[str, dict[int, int]]) -> Snapshot:
    """A frozen document (or the working copy rendered as one); `row_ids` by kind and position (see above)."""
    fields = {name: as_text(document.get(key)) for name, key in DOCUMENT_FIELDS.items()}
    fields["audience"] = as_text(dict(Audience.choices).get(document.get("audience"), document.get("audience")))  # type: ignore[arg-type]  # None looks up like any key
    fields["authors"] = ", ".join(sorted(person["name"] for person in document.get("authors", [])))
    fields["topics"] = ", ".join(sorted(topic["name"] for topic in document.get("topics", [])))
    fields["medical_reviewer"] = (document.get("medical_reviewer") or {}).get("name", "")
    fields["last_reviewed_at"] = _reviewed_at(document.get("last_reviewed_at"))
    parts = {
        kind: [_row(kind, entry, row_ids.get(kind, {})) for entry in document.get(kind, [])]
        for kind in ("key_points", "sections", "cause_comparisons", "faqs")
    }
    references = sorted(document.get("references", []), key=lambda entry: entry["number"])
    parts["citations"] = [
        Row(entry["id"], entry["title"], {"reference": entry["citation"], "notices": _notices(entry)})
        for entry in references
    ]
    return Snapshot(fields, parts)


def _approved_row_ids(article: Article, approval: Approval | None) -> dict[str, dict[int, int]]:
    version = stored_version(article, approval.version) if approval else None
    return version_row_ids(version) if version else {}


def approval_snapshot(approval: Approval, article: Article) -> Snapshot:
    """The document `approval` froze, its rows identified through the stored revision of the version approved."""
    return document_snapshot(approval.document, _approved_row_ids(article, approval))


def publication_snapshot(publication: Publication, article: Article) -> Snapshot:
    """A publication's document (fetch it with its `approval`); one made before approvals is compared by place."""
    return document_snapshot(publication.document, _approved_row_ids(article, publication.approval))


def _working_row_ids(article: Article) -> dict[str, dict[int, int]]:
    """The working copy's rows by position (`article` fetched with its content)."""
    return {kind: {row.position: row.pk for row in prose.parts(article, kind)} for kind in ROWS_BY_PLACE}


def shown_and_now(shown: ShownDocument, article: Article) -> tuple[Snapshot, Snapshot, dict]:
    """The candidate a reviewer's page showed and the one approving would freeze now, both of the working copy's
    version (so its rows are the working copy's), rendered once; and the current candidate itself. Neither holds
    the review's own facts, so those are no change."""
    article = Article.objects.with_content().get(pk=article.pk)
    row_ids = _working_row_ids(article)
    now = candidate_now(article)
    return document_snapshot(shown.candidate["document"], row_ids), document_snapshot(now["document"], row_ids), now


def working_copy_snapshot(article: Article) -> Snapshot:
    """The working copy as it would be frozen now: the same document an approval would make of it."""
    article = Article.objects.with_content().get(pk=article.pk)
    return document_snapshot(article_document(article, SiteSettings.load()), _working_row_ids(article))
