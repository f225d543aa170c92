"""What a reviewer's page showed, and the check that an approval freezes exactly that.

The article's version covers its own rows, but the document a reviewer approves also holds shared records:
the cited references, the authors, the topics, the site's default disclaimer and citation style. Every page a
reviewer reads before approving (the admin page, the preview, the management API's read) carries the
fingerprint of the candidate document rendered for it (`candidate_shown`, which keeps that candidate so that
a refusal can say what changed); approving renders the candidate again and goes ahead only when its
fingerprint is the one the page carried (`candidate_check`).
"""

from dataclasses import dataclass
from datetime import datetime

import reversion
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from reversion.models import Version

from articles.models import Article, Contributor, Topic, content_prefetches
from core.exceptions import StaleDocument
from core.fingerprint import json_fingerprint
from core.models import SiteSettings
from media.models import Image
from publishing.models import Approval, ShownDocument
from publishing.services.freezing import article_candidate, candidate_content
from references.models import Reference

FINGERPRINT_FIELD = "document_fingerprint"
DOCUMENT_FINGERPRINT = "Document-Fingerprint"  # the response header of the pages and reads that show a candidate


def candidate_now(article: Article, site_settings: SiteSettings | None = None) -> dict:
    """What approving `article` would freeze now, as `candidate_content` gives it (`article` fetched with its
    content, or it is fetched here)."""
    if "_prefetched_objects_cache" not in article.__dict__:
        models.prefetch_related_objects([article], *content_prefetches())
    return candidate_content(article_candidate(article, site_settings or SiteSettings.load()))


def candidate_shown(*, article: Article, site_settings: SiteSettings | None = None) -> str:
    """The fingerprint of the document approving `article` would freeze now, its candidate kept under it."""
    content = candidate_now(article, site_settings)
    fingerprint = json_fingerprint(content)
    # Pages are read far more often than a shared record changes: a known candidate costs one indexed read, not a
    # write of the whole document (two first readers at once: the second insert is ignored).
    if not ShownDocument.objects.filter(fingerprint=fingerprint).exists():
        ShownDocument.objects.bulk_create(
            [ShownDocument(fingerprint=fingerprint, candidate=content, article=article)], ignore_conflicts=True
        )
    return fingerprint


def shown_forget(*, article: Article) -> None:
    """Once an article is approved, the documents shown for it are not kept (housekeeping: a page read later
    stores its own). It guards nothing: an approval is checked against what is current (`candidate_check`), and a
    page from before that still matches it shows exactly what would be approved."""
    ShownDocument.objects.filter(article=article).delete()


@dataclass(frozen=True)
class Change:
    """A shared record whose rendering changed between the page and the approval."""

    label: str
    model: type[models.Model] | None = None
    pk: int | None = None

    def said(self) -> str:
        saved = _last_saved(self.model, self.pk) if self.model is not None else None
        if saved is None:
            return _("%(what)s changed") % {"what": self.label}
        who, when = saved
        return _("%(what)s was edited by %(who)s at %(when)s") % {
            "what": self.label, "who": who, "when": f"{timezone.localtime(when):%Y-%m-%d %H:%M %Z}",
        }  # fmt: skip


def _last_saved(model, pk) -> tuple[str, datetime] | None:
    """Who saved the record last and when, from its stored versions (None for a model without them)."""
    if not reversion.is_registered(model):
        return None
    version = Version.objects.get_for_object_reference(model, pk).select_related("revision__user").first()
    if version is None:
        return None
    user = version.revision.user
    return (user.get_username() if user else _("someone")), version.revision.date_created


def _by_id(items: list[dict]) -> dict:
    return {item["id"]: item for item in items}


def _reference_changes(before: dict, after: dict) -> list[Change]:
    shown = _by_id(before["document"]["references"])
    changes, restyled = [], False
    for entry in after["document"]["references"]:
        old = shown.get(entry["id"], {})
        differing = {name for name in entry.keys() | old.keys() if entry.get(name) != old.get(name)}
        if differing == {"citation"}:
            restyled = True  # only the formatted text: the site's citation style, not the reference
        elif differing == {"notices"}:  # a Retraction Watch import, not an edit of the reference
            label = _("The retraction notices of reference [%(number)s] “%(title)s”")
            changes.append(Change(label % {"number": entry["number"], "title": entry["title"]}))
        elif differing:
            label = _("Reference [%(number)s] “%(title)s”") % {"number": entry["number"], "title": entry["title"]}
            changes.append(Change(label, Reference, entry["id"]))
    if restyled:
        changes.append(Change(_("The site's citation style"), SiteSettings, 1))
    return changes


def _images(document: dict) -> dict:
    """The library images a document shows (its hero image and its figures), by id."""
    return {image["id"]: image for image in [document.get("hero_image"), *document.get("figures", [])] if image}


def _image_changes(before: dict, after: dict) -> list[Change]:
    """The images shown on both sides whose rendering changed (alt text, caption, credit, licence, focal point…):
    an edit of the media library's record, not of the article (choosing another image is a new version)."""
    shown = _images(before["document"])
    return [
        Change(_("Image “%(name)s”") % {"name": image["alt_text"] or image["caption"] or image["id"]}, Image, image_id)
        for image_id, image in _images(after["document"]).items()
        if image_id in shown and shown[image_id] != image
    ]


def _record_changes(before: dict, after: dict, kind: str, model, label: str) -> list[Change]:
    shown = _by_id(before["records"][kind])
    return [
        Change(label % {"name": record["name"]}, model, record["id"])
        for record in after["records"][kind]
        if shown.get(record["id"]) != record
    ]


def candidate_changes(before: dict, after: dict) -> list[Change]:
    """What differs between two candidates of one article version: the shared records it renders."""
    changes = _reference_changes(before, after)
    changes += _record_changes(before, after, "contributor", Contributor, _("Contributor “%(name)s”"))
    changes += _record_changes(before, after, "topic", Topic, _("Topic “%(name)s”"))
    changes += _image_changes(before, after)
    if before["document"].get("disclaimer") != after["document"].get("disclaimer"):
        changes.append(Change(_("The site's default disclaimer"), SiteSettings, 1))
    if not changes:
        keys = sorted(name for name in after["document"] if before["document"].get(name) != after["document"][name])
        changes.append(Change(_("The rendered document (%(parts)s)") % {"parts": ", ".join(keys) or "…"}))
    return changes


def candidate_check(*, approval: Approval, shown: str | None) -> None:
    """Approving `approval` (the candidate just frozen) goes ahead only if it is what the reviewer's page showed.

    ValidationError without a fingerprint; StaleDocument, naming each shared record that changed, when the
    candidate differs from the one shown."""
    if not shown:
        raise ValidationError(
            {
                FINGERPRINT_FIELD: _(
                    "Say which document you approve: send the document fingerprint of the page you read (the "
                    "Document-Fingerprint header of the article or its preview)."
                )
            }
        )
    content = candidate_content(approval)
    current = json_fingerprint(content)
    if shown == current:
        return
    known = ShownDocument.objects.filter(fingerprint=shown, article_id=approval.article_id)
    before = known.values_list("candidate", flat=True).first()
    if before is None:
        changes: list[str] = []
        message = _("Not approved: the page you approved from showed a document this server did not render for it.")
    else:
        changes = [change.said() for change in candidate_changes(before, content)]
        message = _("Not approved: %(changes)s after you opened the article.") % {"changes": "; ".join(changes)}
    raise StaleDocument(
        f"{message} {_('Reload the page and read it again before you approve.')}",
        current=None,
        changes=changes,
        shown=shown,
        current_fingerprint=current,
    )
