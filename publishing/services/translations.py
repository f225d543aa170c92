"""Translations: an article started in another language from its source's live version, and brought up to date
with a newer one.

A translation is an article like any other (its own slug, lifecycle, medical review and publications); what makes it
one is its `translation_key` (shared with its source), `translation_of` and `source_version`: the version of the
source, as it was live, that its text follows. The source going live with a newer version leaves the translation
*behind its source* (`publishing.selectors.translations_behind`) until a translator updates it and says so
(`article_translation_catch_up`), which the next review then approves with the rest of the document.
"""

from dataclasses import replace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from articles import prose
from articles.content_model import ARTICLE, PARTS, edited_fields
from articles.edit_plan import ArticleEdit
from articles.models import Article, ArticleAction
from articles.services.editing import article_create, article_locked, article_writers, save_edit
from articles.services.revisions import version_edit
from articles.versions import stored_version
from core.exceptions import StateConflict
from core.models import SiteSettings
from publishing.models import Publication

# What a translation started empty still needs to be saved: the required text, copied for the translator to replace.
REQUIRED_TEXT = ("title", "summary")


def _live_publication(article: Article) -> Publication:
    publication = Publication.objects.live().filter(article=article).first()
    if publication is None or publication.version is None:
        raise StateConflict(
            _("“%(article)s” has no live version to translate: translations start from what readers see.")
            % {"article": article}
        )
    return publication


def _language_check(*, source: Article, language: str, site_settings: SiteSettings) -> None:
    served = site_settings.served_languages()
    if language not in served:
        raise ValidationError(
            {
                "language": _("The site does not serve %(language)s: choose one of %(served)s (site settings).")
                % {"language": language, "served": ", ".join(served)}
            }
        )
    taken = Article.objects.filter(translation_key=source.translation_key, language=language).first()
    if taken is not None:
        raise ValidationError(
            {
                "language": _("“%(article)s” is already the %(language)s version of this article.")
                % {"article": taken, "language": language}
            }
        )


def _working_copy_edit(article: Article) -> ArticleEdit:
    """The working copy as an edit of a new article: its fields, people, topics and every part, each row new."""
    article = Article.objects.with_content().get(pk=article.pk)

    def value(row, spec):
        return getattr(row, f"{spec.name}_id" if spec.relation else spec.name)

    return ArticleEdit(
        fields={name: getattr(article, name) for name in edited_fields()},
        authors=list(article.authors.all()),
        topics=list(article.topics.all()),
        parts={
            kind: [{spec.name: value(row, spec) for spec in part.fields} for row in prose.parts(article, kind)]
            for kind, part in PARTS.items()
        },
        markers_use_old_numbers=False,
    )


def _starting_text(source: Article, publication: Publication, *, copy_text: bool) -> ArticleEdit:
    """The source's live version as an edit of a new article: every row new; without `copy_text`, the translatable
    text left empty but for what a save requires, and the rows that are all text left out (citations stay: the
    papers are the same in every language)."""
    version = stored_version(source, publication.version or 0)  # `_live_publication` gives one with a version
    if version is not None:
        edit = version_edit(version, article=None)
    elif source.version == publication.version:  # the working copy is the live version (imported, never edited)
        edit = _working_copy_edit(source)
    else:
        raise StateConflict(
            _("The live version of “%(article)s” is not among its stored versions, so it cannot be copied.")
            % {"article": source}
        )
    fields = {**edit.fields, "slug": ""}  # its own address, made from its title when saved
    parts = edit.parts
    if not copy_text:
        translatable = {spec.name for spec in ARTICLE if spec.translatable} - set(REQUIRED_TEXT)
        fields = {name: "" if name in translatable else value for name, value in fields.items()}
        parts = {
            kind: rows if not all(spec.translatable for spec in PARTS[kind].fields) else []
            for kind, rows in parts.items()
        }
    return replace(edit, fields=fields, parts=parts)


def article_translate(*, source: Article, language: str, copy_text: bool, user) -> Article:
    """A new draft in `language`, made from the live version of `source` (its text copied, or left to write), that
    records which version it follows."""
    with transaction.atomic():
        source = article_locked(source)
        edit = _starting_text(source, _live_publication(source), copy_text=copy_text)
        # The translator writes this one: among its authors, so that the draft opens for them to edit.
        edit = replace(edit, authors=article_writers(authors=list(edit.authors or []), user=user))
        return article_create_translation(source=source, language=language, edit=edit, user=user)


def article_create_translation(*, source: Article, language: str, edit: ArticleEdit, user) -> Article:
    """A new draft in `language` from `edit` (the translated text, as the management API sends it), recorded as a
    translation of `source` that follows the version of it that is live."""
    with transaction.atomic():
        source = article_locked(source)
        if source.translation_of_id is not None:
            # Every translation follows the one source text: a translation of a translation would be behind its own
            # source without its source's changes ever reaching it.
            raise StateConflict(
                _("“%(article)s” is itself a translation: translate its source, “%(source)s”, instead.")
                % {"article": source, "source": source.translation_of}
            )
        _language_check(source=source, language=language, site_settings=SiteSettings.load())
        publication = _live_publication(source)
        translation = Article(
            translation_key=source.translation_key, translation_of=source, source_version=publication.version
        )
        return article_create(
            edit=replace(edit, fields={**edit.fields, "language": language}), user=user, article=translation
        )


def article_translation_catch_up(*, article: Article, user, expected_version: int | None) -> Article:
    """Say the translation now follows its source's live version (its translator has brought the text up to date):
    a change of the document like any edit, so a published translation goes back to draft for a new review."""
    with transaction.atomic():
        locked = article_locked(article)
        if locked.translation_of is None:
            raise StateConflict(_("“%(article)s” is not a translation.") % {"article": locked})
        publication = _live_publication(locked.translation_of)
        return save_edit(
            article=locked,
            edit=ArticleEdit(source_version=publication.version),
            user=user,
            expected_version=expected_version,
            action=ArticleAction.EDIT,
            comment=_("Brought up to date with version %(version)s of the source.") % {"version": publication.version},
        )
