"""Stored versions of the working copy (django-reversion): restoring one, recovering a deleted article."""

from django.db import transaction
from django.utils.translation import gettext as _
from reversion.models import Version

from articles.content_model import PARTS, edited_fields, model_field, stored_value
from articles.edit_plan import ArticleEdit
from articles.lifecycle import transition_check
from articles.models import Article, ArticleAction
from articles.services.audit import article_status_record
from articles.services.editing import save_edit
from articles.versions import version_parts
from core.exceptions import StateConflict
from core.models import SiteSettings


def version_edit(version: Version, *, article: Article | None) -> ArticleEdit:
    """The stored version as an edit: the article's fields and every part, as they were then.

    Restoring into `article`: a part that still exists keeps its row (and its id, which the public API shows); one
    deleted since comes back as a new row. With no article (a new one made from the version), every row is new.
    """
    stored = version.field_dict
    parts = version_parts(version)
    # A version stored before articles had languages was in the site's (then only) language.
    defaults = {} if "language" in stored else {"language": SiteSettings.load().language}

    def rows(kind, spec) -> list[dict]:
        existing = set(getattr(article, kind).values_list("pk", flat=True)) if article is not None else set()
        return [
            {
                **({"id": row["id"]} if row["id"] in existing else {}),
                **{name: row[f"{name}_id" if name == "reference" else name] for name in spec.names},
            }
            for row in sorted(parts[spec.model], key=lambda row: row[spec.order_field])
        ]

    return ArticleEdit(
        # A version stored before a field existed restores it as the field's default.
        fields={
            name: stored_value(stored, name, defaults.get(name, model_field(Article, name).get_default()))
            for name in edited_fields()
        },
        authors=list(stored.get("authors", [])),
        topics=list(stored.get("topics", [])),
        parts={kind: rows(kind, spec) for kind, spec in PARTS.items()},
        markers_use_old_numbers=False,
    )


def article_restore_version(*, article: Article, version: Version, user, expected_version: int | None) -> Article:
    """Bring back a stored version of the working copy, every part included, as a draft.

    It is saved like any edit (a new version, a new revision); the review record and what is
    live are untouched, so the restored text needs a review before it can be published.
    """
    with transaction.atomic():
        if version.object_id != str(article.pk) or version.content_type.model_class() is not Article:
            raise StateConflict(_("That version belongs to another article."))
        return save_edit(
            article=article,
            edit=version_edit(version, article=article),
            user=user,
            expected_version=expected_version,
            action=ArticleAction.RESTORE,
            comment=_("Restored the version saved on %(date)s.")
            % {"date": f"{version.revision.date_created:%Y-%m-%d %H:%M}"},
        )


def article_recover(*, article: Article, user) -> Article:
    """A deleted article that reversion has re-created from its last version comes back as a draft."""
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        transition = transition_check(ArticleAction.RECOVER, article, user)
        return article_status_record(
            article=article,
            transition=transition,
            user=user,
            comment=_("Recovered after deletion, as a draft."),
        )
