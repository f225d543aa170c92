"""Approvals, publications, what a reviewer was shown and the working copy, as snapshots to compare.

A frozen document does not give the ids of its key points, sections and comparison rows
(`articles.comparison.documents`). An approval is of one version of the working copy, and every version is a
stored revision (`articles.versions`), so those rows get their ids from the revision of the version approved; a
document whose version was not stored (imported history) is compared by place, and says so.
"""

from articles import prose
from articles.comparison import Snapshot
from articles.comparison.documents import ROWS_BY_PLACE, document_snapshot
from articles.models import Article
from articles.versions import stored_version, version_row_ids
from core.models import SiteSettings
from publishing.models import Approval, Publication, ShownDocument
from publishing.services.freezing import article_document
from publishing.services.shown import candidate_now


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
