"""Markdown to safe HTML: everything that reaches the API as HTML passes through here.

markdown-it-py renders CommonMark (plus tables and strikethrough); raw HTML that
editors paste is allowed through the parser so that harmless markup such as
<sup> survives, and nh3 then keeps only the allow-listed tags, attributes and
URL schemes. Scripts, styles, iframes, event-handler attributes and
javascript: links cannot survive the allow-list.
"""

import html

import nh3
from markdown_it import MarkdownIt

from core.citation_markers import match_marker

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def _citation_rule(state, silent: bool) -> bool:
    if state.src[state.pos] != "[":
        return False
    marker = match_marker(state.src, state.pos)
    if marker is None:
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.meta = {"parts": marker.parts}
        token.content = marker.text
    state.pos = marker.end
    return True


def _render_citation(self, tokens, idx, options, env) -> str:
    """[2, 4-6] -> [<a href="#ref-2">2</a>, <a href="#ref-4">4</a>–<a href="#ref-6">6</a>]"""

    def link(number: int) -> str:
        return f'<a href="#ref-{number}">{number}</a>'

    parts = [
        link(first) if first == last else f"{link(first)}–{link(last)}" for first, last in tokens[idx].meta["parts"]
    ]
    return f"[{', '.join(parts)}]"


_markdown = MarkdownIt("commonmark", {"html": True, "linkify": False}).enable(["table", "strikethrough"])
_markdown.inline.ruler.before("link", "citation", _citation_rule)
_markdown.add_render_rule("citation", _render_citation)


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def render_markdown(source: str) -> str:
    """Render editor-written Markdown to sanitized HTML ('' for blank input)."""
    if not source or not source.strip():
        return ""
    return sanitize_html(_markdown.render(source)).strip()


def plain_text(source: str) -> str:
    """The readable words of a Markdown source, for search and word counts."""
    if not source:
        return ""
    return html.unescape(nh3.clean(_markdown.render(source), tags=set())).strip()


def strip_markup(text: str) -> str:
    """Text with no tag left in it, even one that was written as text ("&lt;img …&gt;" unescaped).

    For places that expect plain text (schema.org's text properties): what stays is words, and applying it
    again changes nothing. Unescaping can turn "&lt;script&gt;" into a tag, so it repeats until nothing
    changes (each round only removes).
    """
    while True:
        stripped = html.unescape(nh3.clean(text, tags=set())).strip()
        if stripped == text:
            return stripped
        text = stripped
