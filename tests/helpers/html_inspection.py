"""An oracle for "can this HTML run script?", written apart from the sanitizer it checks (core.markdown)."""

import re
from html.parser import HTMLParser

DANGEROUS_TAGS = {
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input", "button",
    "textarea", "select", "keygen", "isindex", "svg", "math", "meta", "link", "base", "noscript", "template",
    "video", "audio", "source", "marquee", "details", "body",
}  # fmt: skip
# Attributes that run script or load a page whatever their value.
DANGEROUS_ATTRIBUTES = {"style", "srcdoc", "formaction", "action", "xlink:href", "background", "http-equiv"}
URL_ATTRIBUTES = {"href", "src", "data", "poster", "content"}
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:", "mocha:")
_IGNORED_IN_SCHEMES = re.compile(r"[\x00-\x20]")  # browsers skip controls and spaces inside a scheme


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def _runs_script(url: str) -> bool:
    squeezed = _IGNORED_IN_SCHEMES.sub("", url).lower()
    return squeezed.startswith(SCRIPT_SCHEMES) or "url=javascript:" in squeezed


def tags_and_attributes(html: str) -> list[tuple[str, dict[str, str | None]]]:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.tags


def dangerous_markup(html: str) -> list[str]:
    """Every script-capable tag, event or script-loading attribute, or script URL in `html`."""
    found = []
    for tag, attrs in tags_and_attributes(html):
        if tag in DANGEROUS_TAGS:
            found.append(f"<{tag}>")
        for name, value in attrs.items():
            if name.startswith("on") or name in DANGEROUS_ATTRIBUTES:
                found.append(f"{tag}[{name}]")
            if name in URL_ATTRIBUTES and value and _runs_script(value):
                found.append(f"{tag}[{name}={value}]")
    return found
