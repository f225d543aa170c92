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
