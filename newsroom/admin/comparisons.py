"""The article page's comparisons: its history (versions and review steps), versions compared, and the changes
since the last approval.

Mixed into ArticleAdmin after `ArticlePageViews`, whose `_article_or_404` (view permission, else 404) and
`_version_page` these use. Every comparison goes through `articles.comparison`.
"""

from dataclasses import dataclass
from datetime import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from reversion.models import Version

from articles.comparison import compare
from articles.models import ArticleTransition
from articles.versions import article_versions, compare_versions
from publishing.comparison import approval_snapshot, working_copy_snapshot
from publishing.selectors import approval_latest


@dataclass(frozen=True)
class HistoryEntry:
    """A row of the history page: a saved version, or a review step taken while it was the working copy."""

    when: datetime
    version: Version | None = None
    step: ArticleTransition | None = None


def history_entries(versions, steps) -> list[HistoryEntry]:
    """Versions and review steps, newest first: a step is listed above the version it was taken on (a
    step comes after the save that made that version)."""
    entries = [HistoryEntry(version.revision.date_created, version=version) for version in versions]
    entries += [HistoryEntry(step.created_at, step=step) for step in steps]
    return sorted(entries, key=lambda entry: (entry.when, entry.step is not None), reverse=True)


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
        ]
        return custom + super().get_urls()

    def history_view(self, request, object_id, extra_context=None):
        article = self._article_or_404(request, object_id)
        versions = list(article_versions(article))
        steps = ArticleTransition.objects.filter(article=article).select_related("actor")
        extra_context = {
            **(extra_context or {}),
            "versions": versions,
            "entries": history_entries(versions, steps),
            # Preselected: the latest version against the one before it.
            "compare_to": versions[0].pk if versions else None,
            "compare_from": versions[1].pk if len(versions) > 1 else None,
        }
        return super().history_view(request, object_id, extra_context)

    def compare_view(self, request, object_id):
        article = self._article_or_404(request, object_id)
        ids = [request.GET.get(name, "") for name in ("from", "to")]
        if not all(value.isdigit() for value in ids):
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
        """The working copy against the document the reviewer last approved, whichever version that was of."""
        article = self._article_or_404(request, object_id)
        approval = approval_latest(article)
        comparison = compare(approval_snapshot(approval, article), working_copy_snapshot(article)) if approval else None
        return self._version_page(
            request, article, "since_approval.html",
            _("Changes since the last approval of “%(article)s”") % {"article": article},
            approval=approval, comparison=comparison,
        )  # fmt: skip
