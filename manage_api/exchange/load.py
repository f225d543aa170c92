"""Loading an exported document: everything checked by the management API's serializers and the editing
service's rules first, then written in one transaction with the ids it carries; all or nothing.

Users are named by username. One that does not exist here is made as an inactive account without a
password, so that the review history and the publications keep naming who did what.
"""

import base64
import binascii
import datetime
import hashlib
from typing import cast

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from articles import content_model
from articles.edit_plan import ArticleEdit
from articles.models import (
    FAQ,
    Article,
    ArticleAction,
    ArticleStatus,
    ArticleTransition,
    CauseComparison,
    Citation,
    Contributor,
    KeyPoint,
    Section,
    Topic,
)
from articles.services.editing import article_edit_problems
from core.models import SiteSettings
from manage_api.exchange.dump import (
    APPROVAL_FIELDS,
    APPROVAL_FIELDS_SINCE,
    APPROVAL_IMAGES,
    FORMAT,
    IMAGE_FIELDS,
    PUBLICATION_FIELDS,
    RENDITION_FIELDS,
)
from manage_api.exchange.verify import article_review_problems
from manage_api.serializers.articles import API_FIELD, ArticleIn
from manage_api.serializers.references import ReferenceIn
from manage_api.serializers.taxonomy import ContributorIO, TopicIO
from media.models import Image, Rendition
from media.storage import image_storage, rendition_storage
from publishing.models import (
    Approval,
    Publication,
    PublishedFAQ,
    PublishedRecord,
    PublishedReference,
    ReviewComment,
    ReviewCommentReply,
)
from publishing.services.checks import go_live_check
from publishing.services.live_set import live_set_changed, publications_last_change
from publishing.signals import publication_scheduled
from references.models import Reference

# The parts written as rows (citations are read by their reference): model, and field names as exported.
PARTS = {
    kind: (part.model, tuple(API_FIELD.get(name, name) for name in part.names))
    for kind, part in content_model.PARTS.items()
    if kind != "citations"
}
ARTICLE_STATE = ("version", "status", "medical_reviewer", "last_reviewed_at", "next_review_due", "published_at")


class ImportRefused(Exception):
    """Nothing was imported; `errors` are (path, message) pairs, e.g. ("articles[2].sections[1].body_markdown", …)."""

    def __init__(self, errors: list[tuple[str, str]]):
        self.errors = errors
        super().__init__(f"{len(errors)} error(s)")


def _flatten(detail, path: str) -> list[tuple[str, str]]:
    """DRF's nested error detail as (path, message) pairs."""
    if isinstance(detail, dict):
        return [pair for key, sub in detail.items() for pair in _flatten(sub, f"{path}.{key}")]
    if isinstance(detail, list) and detail and all(isinstance(item, str) for item in detail):
        return [(path, str(message)) for message in detail]
    if isinstance(detail, list):
        return [pair for index, sub in enumerate(detail) for pair in _flatten(sub, f"{path}[{index}]")]
    return [(path, str(detail))]


def _approval_fields(approval: dict) -> dict:
    """An exported approval's own fields (its people are set by the caller); one missing is a KeyError, except those
    an older export did not write."""
    names = [name for name in APPROVAL_FIELDS if name not in ("reviewer", "approved_by")]
    return {name: approval[name] for name in names if name in approval or name not in APPROVAL_FIELDS_SINCE}


class Loader:
    def __init__(self, *, edited_as_drafts: bool = False):
        self.edited_as_drafts = edited_as_drafts
        self.now = timezone.now()
        self.site_settings = SiteSettings.load()
        self.drafted: list[str] = []  # the paths of articles imported as drafts because their reviews did not verify
        self.errors: list[tuple[str, str]] = []
        self.users: dict[str, object] = {}
        self.published: set[int] = set()  # ids of the articles whose publications were written
        self.translation_links: dict[int, dict] = {}  # id -> its source's {slug, language}, linked once all exist

    def link_translations(self) -> None:
        """Each translation to its source, named by slug and language (the source may come later in the export)."""
        for article_id, source in self.translation_links.items():
            found = Article.objects.filter(slug=source["slug"], language=source["language"]).first()
            if found is None:
                self.errors.append(
                    (
                        f"articles[id={article_id}].translation_of",
                        "No article in the export has this slug and language.",
                    )
                )
            else:
                Article.objects.filter(pk=article_id).update(translation_of=found)

    def user(self, username: str | None):
        if not username:
            return None
        if username not in self.users:
            self.users[username], _created = get_user_model().objects.get_or_create(
                username=username, defaults={"is_active": False, "password": "!"}
            )
        return self.users[username]

    def checked(self, serializer, path: str):
        if serializer.is_valid():
            return serializer.validated_data
        self.errors += _flatten(serializer.errors, path)
        return None

    def topics(self, rows: list[dict]) -> None:
        for index, data in enumerate(rows):
            valid = self.checked(TopicIO(data={k: v for k, v in data.items() if k != "id"}), f"topics[{index}]")
            if valid is not None:
                Topic.objects.create(id=data["id"], **valid)

    def contributors(self, rows: list[dict]) -> None:
        for index, data in enumerate(rows):
            fields = {k: v for k, v in data.items() if k not in ("id", "user")}
            valid = self.checked(ContributorIO(data=fields), f"contributors[{index}]")
            if valid is not None:
                Contributor.objects.create(id=data["id"], user=self.user(data.get("user")), **valid)

    def references(self, rows: list[dict]) -> None:
        for index, data in enumerate(rows):
            fields = {k: v for k, v in data.items() if k not in ("id", "version")}
            valid = self.checked(ReferenceIn(data=fields), f"references[{index}]")
            if valid is not None:
                Reference.objects.create(id=data["id"], version=data["version"], **valid)

    def stored_file(self, data: dict, path: str, storage) -> str | None:
        """An exported file written to `storage` under its own name, once its bytes are the ones its record names
        (both originals and renditions are named by their SHA-256): None, and an error, otherwise."""
        try:
            content = base64.b64decode(data["content"], validate=True)
        except (binascii.Error, ValueError, TypeError):
            self.errors.append((f"{path}.content", "Not base64."))
            return None
        digest = hashlib.sha256(content).hexdigest()
        name = str(data["name"])
        if digest not in name.rsplit("/", 1)[-1] or ".." in name or name.startswith("/"):
            self.errors.append((f"{path}.name", "The file's name does not match its bytes (SHA-256)."))
            return None
        if not storage.exists(name):
            saved = storage.save(name, ContentFile(content))
            if saved != name:  # another process stored the same bytes meanwhile
                storage.delete(saved)
        return name

    def images(self, rows: list[dict]) -> None:
        """The media library, its files written as they are checked (named by their bytes, they are harmless if the
        import is refused: the same bytes are the same file)."""
        for index, data in enumerate(rows):
            path = f"images[{index}]"
            original = self.stored_file(data["file"], f"{path}.file", image_storage())
            if original is None:
                continue
            fields = {name: data[name] for name in IMAGE_FIELDS if name != "translations"}
            # An export from before images had texts per language: none (the model's default).
            image = Image(**fields, translations=data.get("translations", {}), file=original)
            image.uploaded_by = self.user(data.get("uploaded_by"))
            try:
                image.full_clean(exclude=["file"], validate_unique=False)
            except ValidationError as invalid:
                self.errors += [(f"{path}.{field}", message) for field, messages in invalid.message_dict.items()
                                for message in messages]  # fmt: skip
                continue
            image.save()
            for number, rendition in enumerate(data["renditions"]):
                name = self.stored_file(rendition["file"], f"{path}.renditions[{number}].file", rendition_storage())
                if name is not None:
                    made = Rendition.objects.create(
                        image=image, file=name, **{key: rendition[key] for key in RENDITION_FIELDS}
                    )
                    # Set on creation by the model: written as exported, like every other time.
                    Rendition.objects.filter(pk=made.pk).update(created_at=parse_datetime(rendition["created_at"]))
            Image.objects.filter(pk=image.pk).update(
                created_at=parse_datetime(data["created_at"]), updated_at=parse_datetime(data["updated_at"])
            )

    def article(self, data: dict, path: str) -> None:
        shape = {name: data[name] for name in ArticleIn.field_names() if name in data and name not in PARTS}
        for kind, (_model, fields) in PARTS.items():
            shape[kind] = [{name: row[name] for name in fields} for row in data[kind]]
        shape["citations"] = [{"reference": citation["reference"]["id"]} for citation in data["citations"]]
        incoming = ArticleIn(data=shape)
        if self.checked(incoming, path) is None:
            return
        edit: ArticleEdit = incoming.to_edit()
        # An export from before articles had languages: written in the site's.
        edit.fields.setdefault("language", self.site_settings.language)
        problems = article_edit_problems(article=Article(), edit=edit, user=None, expected_version=None)
        for problem in problems:
            where = f"{path}.{problem.part}[{problem.index}]" if problem.part else path
            self.errors.append((f"{where}.{API_FIELD.get(problem.field, problem.field) or 'text'}", problem.message))
        unverified = article_review_problems(data, path) or self.scheduled_problems(data, path)
        if unverified and not self.edited_as_drafts:
            self.errors += unverified
            return
        if not problems:
            self.write_article(data, edit, as_draft=bool(unverified))
            if unverified:
                self.drafted.append(path)

    def scheduled_problems(self, data: dict, path: str) -> list[tuple[str, str]]:
        """A publication still waiting for its go-live time passes the checks a publish would make now (a paper
        retracted since, a reading target lowered since): going live by itself later, it is checked nowhere else.
        Live ones are restored as they were; the command lists those that cite a retracted paper."""
        overridden = {approval["id"]: approval.get("overridden", []) for approval in data["approvals"]}
        problems = []
        for index, publication in enumerate(data["publications"]):
            if publication["withdrawn_at"] or (
                cast(datetime.datetime, parse_datetime(publication["live_from"])) <= self.now  # always a time
            ):
                continue
            try:
                go_live_check(
                    publication["document"],
                    overridden=overridden.get(publication["approval"], []),
                    site_settings=self.site_settings,
                )
            except ValidationError as refused:
                problems += [(f"{path}.publications[{index}]", message) for message in refused.messages]
        return problems

    def write_article(self, data: dict, edit: ArticleEdit, *, as_draft: bool = False) -> None:
        """`as_draft`: its approvals and publications did not verify; the operator asked for it as an unreviewed
        draft (its working copy and history, none of its reviews, nothing live)."""
        if as_draft:
            data = {**data, "status": ArticleStatus.DRAFT, "published_at": None, "approvals": [], "publications": []}
            data["history"] = [*data["history"], {
                "actor": None, "action": ArticleAction.IMPORT, "from_status": ArticleStatus.DRAFT,
                "to_status": ArticleStatus.DRAFT, "created_at": timezone.now(),
                "comment": "Imported as an unreviewed draft: its approved or published documents did not match "
                "their hashes (the export was edited). It needs a medical review before it can go live.",
            }]  # fmt: skip
        state = {name: data[name] for name in ARTICLE_STATE if name != "medical_reviewer"}
        # An export from before translations: each article its own group (the model's default).
        group = {name: data[name] for name in ("translation_key", "source_version") if data.get(name) is not None}
        article = Article(id=data["id"], **edit.fields, **state, **group)
        if data.get("translation_of"):
            self.translation_links[data["id"]] = data["translation_of"]
        article.medical_reviewer = Contributor.objects.filter(slug=data["medical_reviewer"]).first()
        article.save()
        article.authors.set(edit.authors or [])
        article.topics.set(edit.topics or [])
        for kind, (model, _fields) in PARTS.items():
            for row, part in zip(data[kind], edit.parts[kind], strict=True):
                model._default_manager.create(id=row["id"], article=article, position=row["position"], **part)
        for citation, part in zip(data["citations"], edit.parts["citations"], strict=True):
            Citation.objects.create(
                id=citation["id"], article=article, number=citation["number"], reference=part["reference"]
            )
        for entry in data["history"]:
            ArticleTransition.objects.create(article=article, **{**entry, "actor": self.user(entry["actor"])})
        for comment in data.get("review_comments", []):  # an export from before review comments has none
            self.write_review_comment(article, comment)
        for approval in data["approvals"]:
            created = Approval.objects.create(
                article=article,
                **_approval_fields(approval),
                reviewer_id=approval["reviewer"],
                approved_by=self.user(approval["approved_by"]),
            )
            created.images.set(approval.get(APPROVAL_IMAGES, []))
        for publication in data["publications"]:
            self.write_publication(article, publication)
        Article.objects.filter(pk=article.pk).update(
            created_at=parse_datetime(data["created_at"]), updated_at=parse_datetime(data["updated_at"])
        )

    def write_review_comment(self, article: Article, data: dict) -> None:
        """A review comment and its replies, as the history keeps them (who, when, resolved or not)."""
        comment = ReviewComment.objects.create(
            id=data["id"],
            article=article,
            **{name: data[name] for name in ("version", "anchor", "quote", "body")},
            author=self.user(data["author"]),
            created_at=data["created_at"],  # an ISO date-time, as the export writes it
            resolved_at=data["resolved_at"],
            resolved_by=self.user(data["resolved_by"]),
        )
        ReviewCommentReply.objects.bulk_create(
            ReviewCommentReply(
                id=reply["id"],
                comment=comment,
                author=self.user(reply["author"]),
                body=reply["body"],
                created_at=reply["created_at"],
            )
            for reply in data["replies"]
        )

    def write_publication(self, article: Article, data: dict) -> None:
        related = ("topics", "authors", "reviewer", "approval", "created_by", "source_article")
        plain = [name for name in PUBLICATION_FIELDS if name not in related]
        # An export from before translations: in its article's language and group (the version is the approval's).
        since = {"language": article.language, "translation_key": article.translation_key}
        publication = Publication.objects.create(
            article=article,
            **{name: data[name] if name in data else since.get(name) for name in plain},
            source_article_id=data.get("source_article"),
            reviewer_id=data["reviewer"],
            approval_id=data["approval"],
            created_by=self.user(data["created_by"]),
        )
        self.published.add(article.pk)
        if publication.went_live_at is None and publication.withdrawn_at is None:
            transaction.on_commit(lambda: publication_scheduled.send(sender=Publication, publication=publication))
        publication.topics.set(data["topics"])
        publication.authors.set(data["authors"])
        Publication.objects.filter(pk=publication.pk).update(created_at=parse_datetime(data["created_at"]))
        PublishedFAQ.objects.bulk_create(PublishedFAQ(publication=publication, **faq) for faq in data["faqs"])
        PublishedReference.objects.bulk_create(
            PublishedReference(publication=publication, **reference) for reference in data["references"]
        )
        PublishedRecord.objects.bulk_create(
            PublishedRecord(publication=publication, **record) for record in data["records"]
        )


def _reset_sequences() -> None:
    """After rows were written with their own ids, new rows must be numbered after them (PostgreSQL)."""
    models = [Topic, Contributor, Reference, Image, Rendition, Article, KeyPoint, Section, CauseComparison, FAQ,
              Citation, ArticleTransition, Approval, Publication, PublishedFAQ, PublishedReference,
              PublishedRecord, ReviewComment, ReviewCommentReply]  # fmt: skip
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


def analyze_after_load() -> None:
    """The planner's statistics for the rows just loaded. PostgreSQL's autovacuum analyzes a table only after enough
    of it changed, at its own pace, and SQLite never analyzes by itself: until then the restored database's queries
    are planned on guesses of how many rows each filter keeps (a scan where an index would serve, or the reverse)."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Near or past the statement timeout from about 10,000 articles (15 to 25 s there, most of it computing the
            # full-text index's expression for each sampled publication), and no worker timeout waits on a command.
            cursor.execute("SET LOCAL statement_timeout = 0")
        # A full analysis on SQLite too: an approximate one (`PRAGMA analysis_limit`) gave the publications' indexes
        # row counts from 48,000 to 326,000 for a table of 100,000, and the planner then read the whole table for
        # each list's count (20 ms -> 400 ms). The indexes are narrow: the whole table analyzes in under a second.
        cursor.execute("ANALYZE")


def _live_set_changed_at(document: dict) -> datetime.datetime | None:
    raw = document.get("live_set_changed_at")
    if raw is None:
        return None
    try:
        moment = parse_datetime(raw) if isinstance(raw, str) else None
    except ValueError:
        moment = None
    if moment is None or timezone.is_naive(moment):
        expected = "Expected a date and time with its zone, such as 2026-03-01T08:00:00Z"
        raise ImportRefused([("live_set_changed_at", f"{expected}; found “{raw}”.")])
    return moment


def content_import(document: dict, *, dry_run: bool = False, edited_as_drafts: bool = False) -> dict[str, int]:
    """Import an exported document, all or nothing, then analyze the database; ImportRefused lists every error with
    its path.

    An article whose approvals or publications do not match their hashes is refused, or with `edited_as_drafts`
    imported as an unreviewed draft (counted under "drafted")."""
    if document.get("format") != FORMAT:
        raise ImportRefused([("format", f"Expected “{FORMAT}”, found “{document.get('format')}”.")])
    changed_at = _live_set_changed_at(document)
    loader = Loader(edited_as_drafts=edited_as_drafts)
    with transaction.atomic():
        loader.topics(document["topics"])
        loader.contributors(document["contributors"])
        loader.references(document["references"])
        loader.images(document.get("images", []))  # an export from before images has none
        for index, article in enumerate(document["articles"]):
            loader.article(article, f"articles[{index}]")
        loader.link_translations()
        if loader.errors:
            raise ImportRefused(loader.errors)
        _reset_sequences()
        if loader.published:
            # The restored set last changed when the export says (or, in an export without it, the history), not
            # now: the same Last-Modified as before.
            now = timezone.now()
            changed_at = changed_at or publications_last_change(now)
            live_set_changed(article_ids=loader.published, now=now, changed_at=changed_at)
        if dry_run:
            transaction.set_rollback(True)
    if not dry_run:
        analyze_after_load()
    counts = {
        name: len(document.get(name, [])) for name in ("topics", "contributors", "references", "images", "articles")
    }
    return {**counts, "articles imported as unreviewed drafts": len(loader.drafted)} if edited_as_drafts else counts
