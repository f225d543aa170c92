from adminsortable2.admin import SortableStackedInline, SortableTabularInline
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, RelatedFieldWidgetWrapper
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from articles.content_model import PARTS
from articles.lifecycle import EDITABLE
from articles.models import FAQ, ArticleStatus, ArticleTransition, CauseComparison, Citation, KeyPoint, Section
from articles.services.editing import article_may_edit
from core.admin_tables import LabelledCells
from core.moments import moment_text
from newsroom.admin.submission import PartsFormSet
from publishing.models import Publication
from publishing.selectors import publications_with_live_flag
from references.models import NoticeNature, Reference
from references.serializers import notices_attach


def locked_page(request, article) -> bool:
    """The page shows an article whose text may not be edited in its state (in review, approved, archived), or by
    this user (an author of other articles: see `article_may_edit`).

    Only pages are locked: a save posted from a page opened earlier still reaches the editing
    service, which refuses it with a message and keeps what was typed. The recover page is not
    locked either: recovering makes the article a draft.
    """
    if request.method == "POST" or article is None or getattr(request, "recovering_article", False):
        return False
    return article.status not in EDITABLE or not may_edit_here(request, article)


def may_edit_here(request, article) -> bool:
    """`article_may_edit` once per request: the page and each inline's permissions ask it, and each asking would
    read the article's authors and the user's profile again."""
    known = request.__dict__.setdefault("_articles_may_edit", {})
    if article.pk not in known:
        known[article.pk] = article_may_edit(article, request.user)
    return known[article.pk]


class PartInline:
    """An inline of an article's parts: its rows go to the editing service with the rest of the page."""

    formset = PartsFormSet
    extra = 0

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not locked_page(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not locked_page(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not locked_page(request, obj)


class LabelledCellsFormSet(LabelledCells, PartsFormSet):
    """A table of an article's parts, each input named (`core.admin_tables.LabelledCells`)."""


class StackedPartInline(PartInline, SortableStackedInline):
    """Rows one under another, each field in the article page's lighter fieldset (its page shows some 150)."""

    template = "newsroom/edit_inline/stacked.html"


class KeyPointInline(StackedPartInline):
    model = KeyPoint
    fields = list(PARTS["key_points"].names)


class SectionInline(StackedPartInline):
    model = Section
    fields = list(PARTS["sections"].names)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "anchor":
            # A blank anchor is "not given" (None), so that the formset's uniqueness check skips it;
            # the editing service fills it from the heading.
            kwargs["empty_value"] = None
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class CauseComparisonInline(PartInline, SortableTabularInline):
    model = CauseComparison
    formset = LabelledCellsFormSet
    fields = list(PARTS["cause_comparisons"].names)


class FAQInline(StackedPartInline):
    model = FAQ
    fields = list(PARTS["faqs"].names)
    verbose_name = _("frequently asked question")
    verbose_name_plural = _("frequently asked questions")


class KnownReferenceAutocomplete(AutocompleteSelect):
    """Django's autocomplete, told the reference each row already cites (the inline fetched it with the row),
    so that it does not look each one up again: the page's queries stay flat however many citations."""

    known: dict = {}

    def optgroups(self, name, value, attr=None):
        selected = [str(item) for item in value if item not in (None, "")]
        if selected and all(item in self.known for item in selected):
            options = [
                self.create_option(name, item, str(self.known[item]), True, index)
                for index, item in enumerate(selected)
            ]
            return [(None, options, 0)]
        return super().optgroups(name, value, attr)


class CitationFormSet(LabelledCellsFormSet):
    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        widget = form.fields["reference"].widget
        widget = getattr(widget, "widget", widget)  # inside the admin's related-object wrapper
        if form.instance.pk and form.instance.reference_id:
            widget.known = {str(form.instance.reference_id): form.instance.reference}
        return form


class CitationInline(PartInline, SortableTabularInline):
    model = Citation
    fields = ["cited_as", "reference", "retraction_watch"]
    readonly_fields = ["cited_as", "retraction_watch"]
    autocomplete_fields = ["reference"]
    formset = CitationFormSet
    verbose_name = _("reference cited")
    verbose_name_plural = _("references cited (numbered in this order: [1], [2], …)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("reference")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "reference":
            kwargs["widget"] = KnownReferenceAutocomplete(db_field, self.admin_site)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "reference" and isinstance(formfield.widget, RelatedFieldWidgetWrapper):
            # The "+" beside the search says in words that a reference can be added from its identifier.
            formfield.widget.template_name = "newsroom/cited_reference_widget.html"
            # A reference is shared by every article citing it: an article's row may open it to correct it, but not
            # delete it for all of them (nor repeat the open link as a "view" one).
            formfield.widget.can_delete_related = False
            formfield.widget.can_view_related = False
        return formfield

    @admin.display(description=_("cited as"))
    def cited_as(self, citation: Citation) -> str:
        return f"[{citation.number}]" if citation.pk else _("new")

    @admin.display(description=_("Retraction Watch"))
    def retraction_watch(self, citation: Citation) -> str:
        """The notices about the cited paper, a retraction in red (read once for all the article's citations:
        the inline is made anew for each request)."""
        if not citation.pk:
            return ""
        if getattr(self, "_notices", None) is None:
            references = list(Reference.objects.filter(citations__article_id=citation.article_id).distinct())
            notices_attach(references)
            self._notices = {reference.pk: reference.notices for reference in references}
        notices = self._notices.get(citation.reference_id, [])
        return (
            format_html_join(
                " ",
                '<span class="{}">{} ({})</span>',
                (
                    (
                        "errornote retracted" if notice.nature == NoticeNature.RETRACTION else "notice",
                        notice.get_nature_display(),
                        notice.notice_date or "?",
                    )
                    for notice in notices
                ),
            )
            or "–"
        )


def person_name(user) -> str:
    """A user as text, not a link: most editors may not open user records, and a link would end on a 403."""
    if user is None:
        return "–"
    return user.get_full_name() or user.get_username()


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReviewHistoryInline(ReadOnlyInline):
    model = ArticleTransition
    classes = ["collapse"]  # long, and read rarely: the banner shows the latest request
    fields = ["created_at", "by", "step", "from_status", "to_status", "comment"]
    readonly_fields = fields
    verbose_name_plural = _("review comments and history")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    @admin.display(description=_("by"))
    def by(self, transition: ArticleTransition) -> str:
        return person_name(transition.actor)

    @admin.display(description=_("step"))
    def step(self, entry: ArticleTransition) -> str:
        return entry.done


def publication_state(publication: Publication) -> str:
    """Where a publication stands, in words (fetched `publications_with_live_flag`)."""
    if publication.is_live:
        return _("Live now")
    if publication.withdrawn_at is not None:
        if publication.went_live_at is None:
            return _("Withdrawn before going live")
        return _("Withdrawn on %(time)s") % {"time": moment_text(publication.withdrawn_at)}
    if publication.went_live_at is None:
        return _("Scheduled for %(time)s") % {"time": moment_text(publication.live_from)}
    return _("Replaced by a later publication")


class PublicationInline(ReadOnlyInline):
    model = Publication
    fk_name = "article"
    classes = ["collapse"]
    fields = [
        "state",
        "live_from",
        "went_live_at",
        "withdrawn_at",
        "published_by",
        "created_at",
        "title",
        "open",
        "rollback",
    ]
    readonly_fields = fields
    verbose_name_plural = _("publications (what the public saw, newest first)")
    ordering = ["-live_from", "-pk"]

    def get_queryset(self, request):
        # The inline is made anew for each request: what this user may do is kept on it for `rollback`.
        self.can_roll_back = request.user.has_perm("articles.publish_article")
        publications = (
            super().get_queryset(request).select_related("created_by").defer("document", "list_item", "jsonld")
        )
        return publications_with_live_flag(publications)

    @admin.display(description=_("published by"))
    def published_by(self, publication: Publication) -> str:
        return person_name(publication.created_by) if publication.created_by_id else _("an import")

    @admin.display(description=_("state"))
    def state(self, publication: Publication) -> str:
        return publication_state(publication)

    @admin.display(description=_("document"))
    def open(self, publication: Publication) -> str:
        args = [publication.article_id, publication.pk]
        return format_html(
            '<a href="{}">{}</a><br><a href="{}">{}</a>',
            reverse("admin:articles_article_publication", args=args),
            _("Open"),
            reverse("admin:articles_article_publication_compare", args=args),
            _("Compare with the working copy"),
        )

    @admin.display(description=_("roll back"))
    def rollback(self, publication: Publication) -> str:
        if publication.is_live:
            return "–"
        if publication.went_live_at is None:
            return _("Never live")  # scheduled, or withdrawn before its time: there is nothing to go back to
        if publication.article.status == ArticleStatus.ARCHIVED:
            return _("Archived: return the article to draft first")
        if not getattr(self, "can_roll_back", False):
            return _("Was live")  # only publishers roll back: no button that ends on a 403
        return format_html(
            '<a class="button rollback-button" href="{}">{}</a>',
            reverse("admin:articles_article_rollback", args=[publication.article_id, publication.pk]),
            _("Make this version live again…"),
        )
