"""What the public sees: frozen renderings of articles, and their FAQs and references as published.

The tables keep the names they had before this app existed (`articles_publication`, `faq_publishedfaq`,
`references_publishedreference`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Contributor, ReviewDueQuerySet, Topic
from media.models import Image


class PublicationQuerySet(ReviewDueQuerySet):
    def live(self, now=None):
        """The one publication per article that the public sees at `now`.

        That is the newest publication that has not been withdrawn and whose
        go-live time has passed; a scheduled newer one takes over by itself
        when its time comes, with no job needing to run. `superseded_at` (kept
        by `publications_set_superseded`) holds that time, so no row is compared
        with the others of its article on a read.
        """
        now = now or timezone.now()
        return self.filter(withdrawn_at__isnull=True, live_from__lte=now).filter(
            Q(superseded_at__isnull=True) | Q(superseded_at__gt=now)
        )

    def pending(self, now=None):
        """Publications waiting for their go-live time (scheduled, not withdrawn)."""
        return self.filter(withdrawn_at__isnull=True, live_from__gt=now or timezone.now())


class Approval(models.Model):
    """A medical reviewer's sign-off on one version of an article: the public document exactly as they read it.

    Approving renders the working copy (its parts, the cited references' texts, the authors and the
    reviewer) into `document` and keeps it with its hash; publishing puts that document live, never
    the working copy as it is at publish time. A later edit of the article, of a cited reference or
    of a contributor therefore reaches the public only through a new approval.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="approvals", verbose_name=_("article"))
    version = models.PositiveIntegerField(_("version approved"))
    document = models.JSONField(_("document approved"))
    content_hash = models.CharField(_("content hash"), max_length=64)
    search_text = models.TextField(_("search text"))
    topic_ids = models.JSONField(_("topics"), default=list)
    author_ids = models.JSONField(_("authors"), default=list)
    conditions = models.JSONField(_("medical conditions"), default=list, help_text=_("For the JSON-LD `about`."))
    # The library images its document shows (hero and figures): not deleted while an approval shows them, so that
    # their renditions stay served wherever the document is.
    images = models.ManyToManyField(Image, related_name="approvals", blank=True, verbose_name=_("images"))
    records = models.JSONField(
        _("topics and people"),
        default=dict,
        help_text=_('The public records of its topics and people as approved: {"topic": [...], "contributor": [...]}'),
    )
    reviewer = models.ForeignKey(
        Contributor, on_delete=models.PROTECT, related_name="+", verbose_name=_("medical reviewer")
    )
    next_review_due = models.DateField(_("next review due"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), default=timezone.now)
    reading_grade = models.DecimalField(
        _("reading grade"), max_digits=4, decimal_places=1, null=True, blank=True, help_text=_("Flesch-Kincaid.")
    )
    overridden = models.JSONField(
        _("checks overridden"),
        default=list,
        blank=True,
        help_text=_('The checks the reviewer approved past: "retraction" (cites a retracted paper), "reading_level".'),
    )
    override_reason = models.TextField(_("reviewer's reason"), blank=True)

    class Meta:
        ordering = ["-approved_at", "-pk"]
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")

    def __str__(self) -> str:
        return f"{self.document.get('title', '')} (version {self.version}, approved {self.approved_at:%Y-%m-%d %H:%M})"


class ShownDocument(models.Model):
    """A candidate document as a reviewer's page showed it (the admin page, the preview, the management API's
    read), kept under its fingerprint so that a refused approval can say what changed since."""

    fingerprint = models.CharField(_("fingerprint"), max_length=64, unique=True)
    candidate = models.JSONField(_("candidate document and its records"))
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+", verbose_name=_("article"))
    shown_at = models.DateTimeField(_("first shown"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("document shown for review")
        verbose_name_plural = _("documents shown for review")

    def __str__(self) -> str:
        return f"{self.candidate['document'].get('title', '')} ({self.fingerprint[:12]})"


class Publication(models.Model):
    """A frozen, public rendering of an article, as the API serves it.

    The working copy can change freely; the public sees only these documents.
    Earlier publications are kept so that a bad publish can be rolled back.
    """

    article = models.ForeignKey(
        Article, on_delete=models.PROTECT, related_name="publications", verbose_name=_("article")
    )
    slug = models.SlugField(_("slug"), max_length=200, allow_unicode=True)
    language = models.CharField(_("language"), max_length=20, default="en")
    # Which publications are translations of each other, and of which version of its source this one was made
    # (copied from the article when it is published): what `translations` and `source_updated_since_translation`
    # are read from.
    translation_key = models.UUIDField(_("translation group"), null=True, blank=True, db_index=True)
    source_article = models.ForeignKey(
        Article,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("translated from"),
    )
    source_version = models.PositiveIntegerField(_("source version"), null=True, blank=True)
    version = models.PositiveIntegerField(
        _("article version"), null=True, blank=True, help_text=_("The version of the article this publication shows.")
    )
    title = models.CharField(_("title"), max_length=200)
    search_text = models.TextField(_("search text"), help_text=_("Lower-cased words that ?search= matches."))
    topics = models.ManyToManyField(Topic, related_name="publications", blank=True, verbose_name=_("topics"))
    authors = models.ManyToManyField(
        Contributor, related_name="authored_publications", blank=True, verbose_name=_("authors")
    )
    reviewer = models.ForeignKey(
        Contributor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewed_publications",
        verbose_name=_("medical reviewer"),
    )
    approval = models.ForeignKey(
        Approval,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="publications",
        verbose_name=_("approval"),
        help_text=_("The approved document this publication put live (empty for publications made before approvals)."),
    )
    first_published_at = models.DateTimeField(_("first published"))
    live_from = models.DateTimeField(_("live from"), help_text=_("When this version replaces the previous one."))
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    superseded_at = models.DateTimeField(
        _("superseded"),
        null=True,
        blank=True,
        help_text=_("When a newer publication of the article takes this one's place; empty while none does."),
    )
    went_live_at = models.DateTimeField(
        _("went live"), null=True, blank=True, help_text=_("Set when the publication was first seen live.")
    )
    next_review_due = models.DateField(_("next review due"), null=True, blank=True)
    document = models.JSONField(_("detail document"))
    list_item = models.JSONField(_("list entry"))
    jsonld = models.JSONField(_("JSON-LD"), default=dict)
    etag = models.CharField(_("ETag"), max_length=64)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    objects = PublicationQuerySet.as_manager()

    class Meta:
        db_table = "articles_publication"
        ordering = ["-live_from", "-pk"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        indexes = [
            models.Index(fields=["slug", "language", "live_from"], name="publication_slug_language_live"),
            models.Index(fields=["article", "live_from"], name="publication_article_live"),
            models.Index(fields=["first_published_at"], name="publication_first_published"),
            # The live set in the lists' default order, found without reading the large document columns. Each
            # ordering's index begins with the language: the column came after the documents (locales), so SQLite
            # read it from the end of the row, walking the row's overflow pages (0.6 s to count a search at 100,000);
            # and a list's language, an equality, makes SQLite's planner take the ordering's index for a count and
            # for a page sorted by relevance too, index-only, rather than the pending index's range.
            models.Index(
                fields=["language", "-first_published_at", "-id", "live_from", "superseded_at"],
                condition=Q(withdrawn_at__isnull=True),
                name="publication_live_order",
            ),
            # Scheduled ones. Not the language: holding all a list filters on, this range would be SQLite's
            # choice for a list's page too, which it then sorts reading every row (1.2 s at 100,000 articles).
            models.Index(
                fields=["live_from", "superseded_at"],
                condition=Q(withdrawn_at__isnull=True),
                name="publication_pending",
            ),
            # ?ordering=title and ?review_overdue= of the public list (the title's with what tells the live set).
            models.Index(
                fields=["language", "title", "-id", "live_from", "superseded_at"],  # equal titles: the newest first
                condition=Q(withdrawn_at__isnull=True),
                name="publication_title_live",
            ),
            models.Index(
                fields=["next_review_due"], condition=Q(withdrawn_at__isnull=True), name="publication_review_due"
            ),
            # The other directions of the list's orderings (ties go to the newest id either way, so one index cannot
            # serve both), each with what tells the live set. Not for ?ordering=updated_at: an index led by
            # `live_from` is what SQLite's planner takes for the live set's range, and then sorts every row; the
            # pending index serves it (sorting only among equal times).
            models.Index(
                fields=["language", "first_published_at", "-id", "live_from", "superseded_at"],
                condition=Q(withdrawn_at__isnull=True),
                name="publication_oldest_first",
            ),
            models.Index(
                fields=["language", "-title", "-id", "live_from", "superseded_at"],
                condition=Q(withdrawn_at__isnull=True),
                name="publication_title_desc",
            ),
        ]

    def __str__(self) -> str:
        return _("%(title)s (live from %(when)s)") % {"title": self.title, "when": f"{self.live_from:%Y-%m-%d %H:%M}"}

    @property
    def last_modified(self):
        return max(self.created_at, self.live_from)


class LivePartQuerySet(models.QuerySet):
    def live(self, article_slug: str | None = None, now=None, language: str | None = None):
        """The parts (FAQs, references, records) of the publications the public sees now, of those in `language`
        when given; with `article_slug`, of the one live publication under that slug, found by its index (rather
        than among every live publication, a list that grows with the site)."""
        publications = Publication.objects.live(now)
        if language is not None:
            publications = publications.filter(language=language)
        if article_slug is not None:
            return self.filter(publication__in=publications.filter(slug=article_slug).values("pk")[:1])
        return self.filter(publication__in=publications)


class PublishedFAQ(models.Model):
    """An FAQ exactly as it was published, so /faqs/ never shows the working copy."""

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="faqs", verbose_name=_("publication")
    )
    faq_id = models.PositiveBigIntegerField(_("FAQ id"))
    position = models.PositiveIntegerField(_("position"))
    question = models.CharField(_("question"), max_length=300)
    answer_markdown = models.TextField(_("answer (Markdown)"))
    answer_html = models.TextField(_("answer (HTML)"))
    search_text = models.TextField(_("search text"))

    objects = LivePartQuerySet.as_manager()

    class Meta:
        db_table = "faq_publishedfaq"
        ordering = ["publication", "position"]
        verbose_name = _("published FAQ")
        verbose_name_plural = _("published FAQs")

    def __str__(self) -> str:
        return self.question


class PublishedReference(models.Model):
    """A reference exactly as one publication cited it."""

    publication = models.ForeignKey(
        Publication,
        on_delete=models.CASCADE,
        related_name="references",
        verbose_name=_("publication"),
    )
    reference_id = models.PositiveBigIntegerField(_("reference id"), db_index=True)
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=500)
    doi = models.CharField(_("DOI"), max_length=200, blank=True, db_index=True)
    pmid = models.CharField(_("PubMed ID"), max_length=12, blank=True, db_index=True)
    data = models.JSONField(_("published record"))
    is_current = models.BooleanField(
        _("current"),
        default=False,
        help_text=_("The newest live citation of its reference: what /references/ shows (kept by the live set)."),
    )

    objects = LivePartQuerySet.as_manager()

    class Meta:
        db_table = "references_publishedreference"
        ordering = ["publication", "number"]
        verbose_name = _("published reference")
        verbose_name_plural = _("published references")
        indexes = [
            models.Index(fields=["title", "id"], condition=Q(is_current=True), name="published_reference_current")
        ]

    def __str__(self) -> str:
        return self.title


class PublishedRecord(models.Model):
    """A topic or a person exactly as a publication named them, so /topics/ and /contributors/ show
    what was approved, never an edit of the working records."""

    KINDS = (("topic", _("topic")), ("contributor", _("contributor")))

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="records", verbose_name=_("publication")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=KINDS)
    record_id = models.PositiveBigIntegerField(_("record id"))
    slug = models.SlugField(_("slug"), max_length=160, allow_unicode=True)
    name = models.CharField(_("name"), max_length=150)
    data = models.JSONField(_("published record"))
    is_current = models.BooleanField(
        _("current"),
        default=False,
        help_text=_(
            "The newest live publication's record of this topic or person: what /topics/ and /contributors/ show "
            "(kept by the live set)."
        ),
    )

    objects = LivePartQuerySet.as_manager()

    class Meta:
        ordering = ["publication", "kind", "name"]
        verbose_name = _("published topic or person")
        verbose_name_plural = _("published topics and people")
        indexes = [
            models.Index(fields=["kind", "record_id"], name="published_record_kind_id"),
            models.Index(fields=["kind", "name", "id"], condition=Q(is_current=True), name="published_record_current"),
        ]

    def __str__(self) -> str:
        return self.name


class PublicState(models.Model):
    """One row: which state of the live set the public API serves, so caches can tell a stored response is current.

    Every change of what the public sees (publish, rollback, unpublish, archive, import) moves `version` on and
    gives `key` a new value in the same transaction, with the surrogate keys of what it changed
    (`SurrogateKeyVersion`); the earliest scheduled go-live time is kept in `next_change_at`, and the first read
    after it does the same. A cached response is current while none of its surrogate keys moved past the version
    it was made at; a replica is current when it has the primary's `key`.
    """

    key = models.CharField(_("key"), max_length=32)
    changed_at = models.DateTimeField(_("live set last changed"))
    next_change_at = models.DateTimeField(_("next scheduled go-live"), null=True, blank=True)
    # Counts the transactions that changed publications. They take this row's lock to move the key and hold
    # it to their commit, so the numbers follow commit order: a change numbered N is visible to whoever
    # reads N (the sync feed's tokens rely on it).
    version = models.PositiveBigIntegerField(_("version"), default=0)
    # Not a column: set on the state read for a response (publishing.services.live_set), the latest version at
    # which any of the response's surrogate keys changed.
    keys_version: int

    class Meta:
        verbose_name = _("public state")
        verbose_name_plural = _("public state")

    def __str__(self) -> str:
        return f"{self.key} (changed {self.changed_at:%Y-%m-%d %H:%M:%S})"


class SurrogateKeyVersion(models.Model):
    """The version of the live set (`PublicState.version`) at which what a surrogate key names last changed.

    A public response names what it shows by surrogate keys (`publishing.surrogate_keys`: one article, the lists
    of a topic, every other list); the response cache keeps it with the version it was made at, and serves it
    while none of its keys moved past that version. So a publish evicts what shows that article, not the site.
    """

    name = models.CharField(_("surrogate key"), max_length=64, primary_key=True)
    version = models.PositiveBigIntegerField(_("changed at version"))

    class Meta:
        verbose_name = _("surrogate key version")
        verbose_name_plural = _("surrogate key versions")

    def __str__(self) -> str:
        return f"{self.name}: {self.version}"


class LiveSetChange(models.Model):
    """One article whose publications a transaction changed (created or withdrew), numbered by
    `PublicState.version`: what the sync feed reads to tell an offline app what changed since its token."""

    version = models.PositiveBigIntegerField(_("version"), db_index=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+", verbose_name=_("article"))

    class Meta:
        ordering = ["version", "article"]
        verbose_name = _("live set change")
        verbose_name_plural = _("live set changes")

    def __str__(self) -> str:
        return f"{self.version}: article {self.article_id}"


class PreviewLinks(models.Model):
    """The preview links of one article: every link names the `generation` it was made in, so revoking them
    all moves the generation on (an article without a row is in generation 0)."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="preview_links", verbose_name=_("article")
    )
    generation = models.PositiveIntegerField(_("generation"), default=0)
    revoked_at = models.DateTimeField(_("last revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last revoked by"),
    )

    class Meta:
        verbose_name = _("preview links of an article")
        verbose_name_plural = _("preview links of articles")

    def __str__(self) -> str:
        return f"{self.article_id}: generation {self.generation}"


class ReviewComment(models.Model):
    """A medical reviewer's comment on one field of an article, or on a passage of it (`quote`), made on one version.

    `anchor` is a path the content model declares (`summary`, `sections[12].body`: see
    `publishing.services.comments`). Comments are the review's, never the document's: the frozen and the public
    document never read them. Written only by `publishing.services.comments`.
    """

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="review_comments", verbose_name=_("article")
    )
    version = models.PositiveIntegerField(_("version"), help_text=_("The version of the article it was made on."))
    anchor = models.CharField(_("field"), max_length=100)
    quote = models.TextField(_("quoted text"), blank=True, help_text=_("Empty: the comment is on the whole field."))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")

    def __str__(self) -> str:
        return f"{self.anchor} (v{self.version}): {self.body[:60]}"

    @property
    def resolved(self) -> bool:
        return self.resolved_at is not None


class ReviewCommentReply(models.Model):
    """An answer to a review comment, by the article's author or a reviewer."""

    comment = models.ForeignKey(
        ReviewComment, on_delete=models.CASCADE, related_name="replies", verbose_name=_("review comment")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    body = models.TextField(_("reply"))
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("reply to a review comment")
        verbose_name_plural = _("replies to review comments")

    def __str__(self) -> str:
        return self.body[:60]
