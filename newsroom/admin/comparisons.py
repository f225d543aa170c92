"""The article page's comparisons: its history (versions and review steps), versions compared, the changes
since the last approval and since the reviewer last saw it, and its publications opened and compared.

Mixed into ArticleAdmin after `ArticlePageViews`, whose `_article_or_404` (view permission, else 404) and
`_version_page` these use. Every comparison goes through `articles.comparison`.
"""

from dataclasses import dataclass
from datetime import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from reversion.models import Version

from articles.comparison import compare
from articles.comparison.versions import compare_versions
from articles.models import Article, ArticleTransition
from articles.versions import ChangesRequested, article_versions, changes_requested_last
from newsroom.admin.comments import labelled
from newsroom.admin.inlines import publication_state
from publishing.models import Publication, ReviewComment, ShownDocument
from publishing.selectors import approval_latest, publications_with_live_flag, review_comments
from publishing.services.shown import candidate_changes
from publishing.snapshots import approval_snapshot, publication_snapshot, shown_and_now, working_copy_snapshot


def _is_id(value: str) -> bool:
    """A row id as a URL gives it: ASCII digits, short enough to be one ("²" is a digit to str.isdigit)."""
    return value.isascii() and value.isdecimal() and len(value) < 19


@dataclass(frozen=True)
class HistoryEntry:
    """A row of the history page: a saved version, or a review step taken while it was the working copy."""

    when: datetime
    version: Version | None = None
    step: ArticleTransition | None = None
    comment: ReviewComment | None = None  # a reviewer's comment, made on the version listed below it


def history_entries(versions, steps, comments=()) -> list[HistoryEntry]:
    """Versions, review steps and review comments, newest first: a step or a comment is listed above the version it
    was taken on (it comes after the save that made that version)."""
    entries = [HistoryEntry(version.revision.date_created, version=version) for version in versions]
    entries += [HistoryEntry(step.created_at, step=step) for step in steps]
    entries += [HistoryEntry(comment.created_at, comment=comment) for comment in comments]
    return sorted(entries, key=lambda entry: (entry.when, entry.version is None), reverse=True)


def article_publications(article: Article):
    """The article's publications, newest first, with `is_live`, without their documents."""
    publications = Publication.objects.filter(article=article).select_related("created_by")
    return publications_with_live_flag(publications.defer("document", "list_item", "jsonld")).order_by(
        "-live_from", "-pk"
    )


def _round_comments(article: Article, requested: ChangesRequested | None) -> list:
    """The review comments made on the version the reviewer read when they sent the article back: that round's."""
    if requested is None or requested.version is None:
        return []
    read = requested.version.field_dict.get("version")
    return labelled(article, [comment for comment in review_comments(article) if comment.version == read])


def _since_request(article: Article, requested: ChangesRequested | None):
    """The version read when changes were requested against the latest stored one (the working copy: every save
    stores one), or None when either is not stored."""
    latest = article_versions(article).first()
    if requested is None or requested.version is None or latest is None:
        return None
    return compare_versions(requested.version, latest)


class ArticleComparisonViews:
    def get_urls(self):
        custom = [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="articles_article_compare",
            ),
            path(
                "<path:object_id>/changes-since-approval/",
                self.admin_site.admin_view(self.since_approval_view),
                name="articles_article_since_approval",
            ),
            path(
                "<path:object_id>/changes-since-review/",
                self.admin_site.admin_view(self.since_review_view),
                name="articles_article_since_review",
            ),
            path(
                "<path:object_id>/changes-since-shown/<str:fingerprint>/",
                self.admin_site.admin_view(self.since_shown_view),
                name="articles_article_since_shown",
            ),
            path(
                "<path:object_id>/publications/<int:publication_id>/",
                self.admin_site.admin_view(self.publication_view),
                name="articles_article_publication",
            ),
            path(
                "<path:object_id>/publications/<int:publication_id>/compare/",
                self.admin_site.admin_view(self.publication_compare_view),
                name="articles_article_publication_compare",
            ),
        ]
        return custom + super().get_urls()

    def history_view(self, request, object_id, extra_context=None):
        article = self._article_or_404(request, object_id)
        versions = list(article_versions(article))
        steps = ArticleTransition.objects.filter(article=article).select_related("actor")
        extra_context = {
            **(extra_context or {}),
            "versions": versions,
            "entries": history_entries(versions, steps, labelled(article, review_comments(article))),
            # Preselected: the latest version against the one before it.
            "compare_to": versions[0].pk if versions else None,
            "compare_from": versions[1].pk if len(versions) > 1 else None,
        }
        return super().history_view(request, object_id, extra_context)

    def compare_view(self, request, object_id):
        article = self._article_or_404(request, object_id)
        ids = [request.GET.get(name, "") for name in ("from", "to")]
        if not all(_is_id(value) for value in ids):
            raise Http404(_("Pick two versions to compare."))
        versions = article_versions(article)
        older, newer = sorted(
            (get_object_or_404(versions, pk=int(value)) for value in ids),
            key=lambda version: version.revision.date_created,
        )
        return self._version_page(
            request, article, "compare.html", _("Compare versions of “%(article)s”") % {"article": article},
            older=older, newer=newer, comparison=compare_versions(older, newer),
        )  # fmt: skip

    def since_approval_view(self, request, object_id):
        """The working copy against the document the reviewer last approved, whichever version that was of. Before
        any approval, against the version on which the reviewer last requested changes, saying so; before that (the
        first review), the page says there is nothing earlier."""
        article = self._article_or_404(request, object_id)
        approval = approval_latest(article)
        if approval is not None:
            comparison = compare(approval_snapshot(approval, article), working_copy_snapshot(article))
            requested = None
        else:
            requested = changes_requested_last(article)
            comparison = _since_request(article, requested)
        return self._version_page(
            request, article, "since_approval.html",
            _("Changes since the last approval of “%(article)s”") % {"article": article},
            approval=approval, requested=requested, comparison=comparison,
            round_comments=_round_comments(article, requested),
        )  # fmt: skip

    def since_review_view(self, request, object_id):
        """What changed since the reviewer last sent the article back: the version they read then against the
        working copy (its latest stored version), for the next round."""
        article = self._article_or_404(request, object_id)
        requested = changes_requested_last(article)
        return self._version_page(
            request, article, "since_review.html",
            _("Changes since the reviewer last saw “%(article)s”") % {"article": article},
            requested=requested, comparison=_since_request(article, requested),
            round_comments=_round_comments(article, requested),
        )  # fmt: skip

    def since_shown_view(self, request, object_id, fingerprint):
        """What changed in the document since a reviewer's page showed it (an approval refused as stale links here):
        the shared records it renders (references, people, topics, site texts), the working copy being the same."""
        article = self._article_or_404(request, object_id)
        shown = get_object_or_404(ShownDocument, fingerprint=fingerprint, article=article)
        before, now, candidate = shown_and_now(shown, article)
        return self._version_page(
            request, article, "since_shown.html",
            _("What changed in “%(article)s” since you opened it") % {"article": article},
            shown=shown, comparison=compare(before, now),
            changes=[change.label for change in candidate_changes(shown.candidate, candidate)],
        )  # fmt: skip

    def _publication(self, article: Article, publication_id: int) -> Publication:
        return get_object_or_404(
            publications_with_live_flag(Publication.objects.select_related("approval", "created_by")),
            pk=publication_id,
            article=article,
        )

    def publication_view(self, request, object_id, publication_id):
        """A publication's frozen document, read-only, and what it can be compared with."""
        article = self._article_or_404(request, object_id)
        publication = self._publication(article, publication_id)
        publications = list(article_publications(article))
        for shown in (publication, *publications):
            shown.state = publication_state(shown)
        return self._version_page(
            request, article, "publication.html",
            _("Publication of “%(article)s”, live from %(time)s")
            % {"article": article, "time": f"{localtime(publication.live_from):%Y-%m-%d %H:%M}"},
            publication=publication, document=publication.document, publications=publications,
        )  # fmt: skip

    def publication_compare_view(self, request, object_id, publication_id):
        """A publication against another one (`?with=`: the older is the "before"), or against the working copy."""
        article = self._article_or_404(request, object_id)
        publication = self._publication(article, publication_id)
        other_id = request.GET.get("with", "")
        if other_id and not _is_id(other_id):
            raise Http404(_("No such publication."))
        if other_id:
            other = self._publication(article, int(other_id))
            older, newer = sorted((publication, other), key=lambda item: (item.live_from, item.pk))
            comparison = compare(publication_snapshot(older, article), publication_snapshot(newer, article))
        else:
            older, newer = publication, None
            comparison = compare(publication_snapshot(publication, article), working_copy_snapshot(article))
        return self._version_page(
            request, article, "publication_compare.html",
            _("Compare publications of “%(article)s”") % {"article": article},
            older=older, newer=newer, comparison=comparison,
        )  # fmt: skip
