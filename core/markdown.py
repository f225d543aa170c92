"""Markdown to safe HTML: everything that reaches the API as HTML passes through here.

markdown-it-py renders CommonMark (plus tables and strikethrough); raw HTML that
editors paste is allowed through the parser so that harmless markup such as
<sup> survives, and nh3 then keeps only the allow-listed tags, attributes and
URL schemes. Scripts, styles, iframes, event-handler attributes and
javascript: links cannot survive the allow-list.

Images come only from the media library: `![alt](image:ID)` is kept as `<img src="image:ID" alt="…">`, which the
public document replaces with the image's renditions (`publishing.figures`); an image at any other address, in
Markdown or pasted HTML, is dropped (saving refuses it first: `articles.figures`). Rendition markup, as frozen
documents hold it, passes only with addresses under `settings.RENDITIONS_URL`.

Rendering is bounded: a text over the limits of `core.markdown_limits` (which saving refuses, but text
stored before them may hold) is shown as escaped plain paragraphs, never given to the parser; and each
rendering (its sanitized HTML and its plain text) is kept by the SHA-256 of its source, so a text read
again (a preview, an approval, the word count beside the HTML) is not parsed again.
"""

import hashlib
import html
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass

import nh3
from django.conf import settings
from markdown_it import MarkdownIt

from core.citation_markers import match_marker
from core.markdown_limits import MAX_CHARACTERS, markdown_over_limit

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
    "picture",
    "pre",
    "s",
    "source",
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
    "img": {"src", "alt", "title", "srcset", "sizes", "width", "height", "loading", "decoding"},
    "source": {"srcset", "sizes", "type"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "image"}
# `![alt](image:12)`: image 12 of the media library.
LIBRARY_IMAGE = re.compile(r"image:([1-9][0-9]{0,17})")
IMAGE_SOURCES = {("img", "src"), ("img", "srcset"), ("source", "srcset")}
# An <img> or <source> whose address the sanitizer dropped: nothing to show, so it goes too.
_IMAGE_WITHOUT_SOURCE = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>|<source(?![^>]*\ssrcset=)[^>]*>")


def _own_address(url: str) -> bool:
    """An image the media library serves: a placeholder `image:ID`, or one of its renditions."""
    if LIBRARY_IMAGE.fullmatch(url):
        return True
    prefix = getattr(settings, "RENDITIONS_URL", "")
    return bool(prefix) and url.startswith(prefix) and ".." not in url


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if (tag, attribute) in IMAGE_SOURCES:
        candidates = (
            [candidate.strip().split(" ")[0] for candidate in value.split(",")] if "srcset" in attribute else [value]
        )
        return value if candidates and all(_own_address(url) for url in candidates) else None
    if attribute in ("href", "cite") and value.startswith("image:"):
        return None  # the image scheme is for images only
    return value


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


def _render_image(self, tokens, idx, options, env) -> str:
    """`![alt](image:ID)` as a placeholder the public document fills; any other image is not shown."""
    token = tokens[idx]
    source = token.attrGet("src") or ""
    if not LIBRARY_IMAGE.fullmatch(source):
        return ""
    alt = self.renderInlineAsText(token.children or [], options, env)
    return f'<img src="{source}" alt="{html.escape(alt)}">'


_markdown.add_render_rule("image", _render_image)


def sanitize_html(html: str) -> str:
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_attribute_filter,
    )
    return _IMAGE_WITHOUT_SOURCE.sub("", cleaned) if "<img" in cleaned or "<source" in cleaned else cleaned


@dataclass(frozen=True)
class Rendering:
    html: str  # sanitized
    plain: str  # the readable words


def _plain_paragraphs(source: str) -> str:
    """A text over the limits, as HTML the parser never saw: each paragraph escaped, its lines kept.

    Safe by construction (every "<", ">" and "&" escaped; the only tags are <p> and <br>), so it is not given
    to the sanitizer either, which would take seconds on megabytes of escaped "<".
    """
    paragraphs = (part.strip() for part in source.replace("\r\n", "\n").split("\n\n"))
    return "\n".join(
        "<p>" + html.escape(part, quote=False).replace("\n", "<br>\n") + "</p>" for part in paragraphs if part
    )


def _render(source: str) -> Rendering:
    if markdown_over_limit(source) is not None:
        # Its words as typed, as many as a text may hold: what reads them (word counts, readability, search)
        # stays bounded too.
        return Rendering(html=_plain_paragraphs(source), plain=source[:MAX_CHARACTERS].strip())
    raw = _markdown.render(source)
    return Rendering(
        html=sanitize_html(raw).strip(),
        plain=html.unescape(nh3.clean(raw, tags=set())).strip(),
    )


class RenderCache:
    """Renderings by the SHA-256 of their source, least recently used dropped first once the sources and
    results kept pass `max_chars` characters. Per process; threads share it under a lock."""

    def __init__(self, max_chars: int):
        self.max_chars = max_chars
        self._entries: OrderedDict[bytes, tuple[Rendering, int]] = OrderedDict()
        self._chars = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, source: str) -> Rendering:
        key = hashlib.sha256(source.encode("utf-8", "surrogatepass")).digest()
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
                self.hits += 1
                return entry[0]
            self.misses += 1
        rendering = _render(source)
        size = len(rendering.html) + len(rendering.plain)
        with self._lock:
            if key not in self._entries and size <= self.max_chars:
                self._entries[key] = (rendering, size)
                self._chars += size
                while self._chars > self.max_chars:
                    _key, (_rendering, dropped) = self._entries.popitem(last=False)
                    self._chars -= dropped
        return rendering

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._chars = 0
            self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)


# About 16 million characters: thousands of articles' texts, a few tens of MB at most.
render_cache = RenderCache(max_chars=16_000_000)


def render_markdown(source: str) -> str:
    """Render editor-written Markdown to sanitized HTML ('' for blank input)."""
    if not source or not source.strip():
        return ""
    return render_cache.get(source).html


def plain_text(source: str) -> str:
    """The readable words of a Markdown source, for search and word counts."""
    if not source:
        return ""
    return render_cache.get(source).plain


_RAW_IMAGE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_RAW_SOURCE = re.compile(r"""\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


def image_addresses(source: str) -> list[str]:
    """The address of every image a Markdown text shows, in order: `![alt](address)` and `<img src=…>` in pasted
    HTML ("" for an <img> without one). Code is not read: an image written in a code span is text."""
    if not source or ("![" not in source and "<img" not in source.lower()) or markdown_over_limit(source) is not None:
        return []
    found: list[str] = []

    def raw(content: str) -> None:
        for tag in _RAW_IMAGE.findall(content):
            address = _RAW_SOURCE.search(tag)
            found.append(next((group for group in address.groups() if group is not None), "") if address else "")

    for token in _markdown.parse(source):
        if token.type == "html_block":
            raw(token.content)
        for child in token.children or []:
            if child.type == "image":
                found.append(str(child.attrGet("src") or ""))
            elif child.type == "html_inline":
                raw(child.content)
    return found


def library_image_id(address: str) -> int | None:
    """The media library's image an address names (`image:12`), or None."""
    match = LIBRARY_IMAGE.fullmatch(address)
    return int(match.group(1)) if match else None


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
