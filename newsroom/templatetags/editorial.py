import re
from datetime import datetime

from django import template
from django.utils.html import conditional_escape, format_html, json_script
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from articles.models import Article, ArticleStatus
from core.markdown import sanitize_html
from newsroom.workspace import workspace_queues
from publishing.selectors import (
    StatusLine,
    article_status_line,
    live_articles_citing_retracted,
    moment_text,
    translations_behind,
)

register = template.Library()

# Blank lines and indentation between two tags: the templates' layout, not the page's (a browser reads a run of
# white space between tags as one, and ignores a newline just inside <textarea>, so one newline keeps the meaning).
_LAYOUT_BETWEEN_TAGS = re.compile(r">[ \t]*\n\s*<")


class CollapsedLayoutNode(template.Node):
    def __init__(self, nodelist: template.NodeList):
        self.nodelist = nodelist

    def render(self, context) -> str:
        return _LAYOUT_BETWEEN_TAGS.sub(">\n<", self.nodelist.render(context))


@register.tag
def collapse_layout(parser, token):
    """{% collapse_layout %}…{% endcollapse_layout %}: the content without the templates' blank lines and indentation
    between tags (on the article page, a third of its bytes)."""
    nodelist = parser.parse(("endcollapse_layout",))
    parser.delete_first_token()
    return CollapsedLayoutNode(nodelist)


@register.inclusion_tag("admin/articles/review_dashboard.html")
def review_dashboard():
    """The admin home's count of articles whose medical review is overdue, the live articles that cite a
    retracted paper (they need a new review), and the translations whose source went live again since."""
    overdue = Article.objects.review_overdue().exclude(status=ArticleStatus.ARCHIVED).count()
    return {
        "overdue_count": overdue,
        "citing_retracted": live_articles_citing_retracted(),
        "translations_behind": list(translations_behind()),
    }


@register.inclusion_tag("admin/articles/workspace.html", takes_context=True)
def workspace(context):
    """The admin home's queues for the logged-in user's roles."""
    return {"queues": workspace_queues(context["request"].user), "request": context["request"]}


@register.filter
def sanitized(html: str | None) -> str:
    """HTML stored in a frozen document, cleaned again before the admin shows it: it was sanitized when it was
    frozen, but an imported document brings whatever its file held."""
    return mark_safe(sanitize_html(html or ""))  # nh3 keeps only the allow-listed tags and attributes


@register.simple_tag
def status_line_html(line: StatusLine) -> SafeString:
    """The status line's sentence with each moment marked up as the site's time, which the article page's script
    follows with the editor's own (the words are those of `StatusLine.text`)."""
    values = {
        name: format_html(
            '<span><time datetime="{}" class="site-time">{}</time><span class="your-time"></span></span>',
            value.isoformat(),
            moment_text(value),
        )
        if isinstance(value, datetime)
        else conditional_escape(value or "")
        for name, value in line.values.items()
    }
    return mark_safe(conditional_escape(line.sentence) % values)  # the sentence escaped, each value escaped or built


@register.filter
def status_line(article: Article) -> str:
    """The article's one status line in words (`article` annotated by `articles_with_live_state`)."""
    return str(article_status_line(article))


@register.simple_tag
def article_page_words() -> SafeString:
    """The words the article page's scripts write (newsroom/static/newsroom/*.js), in the editor's language, as JSON
    the scripts read (#article-page-words): the same catalogue as the rest of the page, no second one for scripts.
    `%(…)s` marks where a script puts a value."""
    return json_script(
        {
            "nothing_to_measure": _("Nothing to measure yet: shown as you type."),
            "long_sentences": _("Sentences over 25 words:"),
            "no_long_sentence": _("No sentence is over 25 words."),
            "sentence_words": _("%(words)s words: “%(sentence)s”"),
            "all_cited": _("Every marker points at a citation."),
            "never_cited": _("Never cited in the text: %(numbers)s."),
            "your_time": _(" (%(time)s your time)"),
            "in_your_time": _("That is %(time)s in your time (%(zone)s)."),
            "insert_image": _("Insert image"),
            "insert_image_named": _("Insert image into %(name)s, from the media library"),
            "one_error": _("1 error"),
            "errors": _("%(count)s errors"),
            "preview_failed": _("The live preview could not be made."),
        },
        "article-page-words",
    )


@register.simple_tag
def admin_words() -> SafeString:
    """The words the scripts of every admin page write (newsroom/static/newsroom/accessible_names.js), in the
    editor's language, as JSON they read (#admin-words)."""
    return json_script(
        {
            "search": _("Search"),
            "search_named": _("Search: %(name)s"),
            "row": _("Row"),
            "delete_column": _("Delete?"),
        },
        "admin-words",
    )


@register.simple_tag
def translation_state(article) -> str:
    """A translation's state on its source's page (`article_translations`): whether readers see it now, then where
    its working copy stands ("live; draft" for a live translation being edited)."""
    live = _("live") if article.is_live else _("not live")
    return f"{live}; {article.get_status_display().lower()}"


@register.simple_tag
def article_fieldset(fieldset, *, heading_level: int = 2, prefix: str, id_prefix: int, id_suffix: int) -> SafeString:
    """The admin's fieldset (admin/includes/fieldset.html) for the article page, written in Python and with fewer
    wrappers: the page shows some 150 fields, and the template's loops over them were most of its time. A row is its
    label, its input and its help; a hidden field is its input alone. The classes the admin's styles and the page's
    scripts read stay: form-row, field-<name>, flex-container, readonly, help, errors."""
    heading_id = f"{prefix}-{id_prefix}-{id_suffix}-heading"
    parts = [format_html('<fieldset class="module aligned {}"', fieldset.classes)]
    if fieldset.name:
        parts.append(format_html(' aria-labelledby="{}">', heading_id))
        heading = format_html(
            '<h{} id="{}" class="fieldset-heading">{}</h{}>', heading_level, heading_id, fieldset.name, heading_level
        )
        parts.append(format_html("<details><summary>{}</summary>", heading) if fieldset.is_collapsible else heading)
    else:
        parts.append(">")
    if fieldset.description:
        parts.append(format_html('<div class="description">{}</div>', mark_safe(fieldset.description)))
    for line in fieldset:
        fields = list(line)
        if not line.has_visible_field:
            parts.extend(conditional_escape(field.field) for field in fields)
            continue
        errors = line.errors()
        names = "".join(f" field-{_field_name(field)}" for field in fields if _field_name(field))
        parts.append(format_html('\n<div class="form-row{}{}">{}', " errors" if errors else "", names, errors))
        parts.extend(_field_html(field) for field in fields)
        parts.append("</div>")
    if fieldset.name and fieldset.is_collapsible:
        parts.append("</details>")
    parts.append("</fieldset>")
    return mark_safe("".join(str(part) for part in parts))


def _field_name(field) -> str:
    return field.field["name"] if field.is_readonly else field.field.name


def _field_html(field) -> SafeString:
    if field.is_checkbox:
        row = format_html('<div class="flex-container checkbox-row">{}{}</div>', field.field, field.label_tag())
    elif field.is_readonly:
        row = format_html('<div class="flex-container">{}<div class="readonly">{}</div></div>', field.label_tag(),
                          field.contents())
    else:
        row = format_html('<div class="flex-container">{}{}</div>', field.label_tag(), field.field)
    help_text = field.field["help_text"] if field.is_readonly else field.field.help_text
    if not help_text:
        return row
    id_for_label = None if field.is_readonly else field.field.id_for_label
    id_attribute = format_html(' id="{}_helptext"', id_for_label) if id_for_label else ""
    return format_html('{}<div class="help"{}>{}</div>', row, id_attribute, mark_safe(help_text))
