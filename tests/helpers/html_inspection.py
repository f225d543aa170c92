from html.parser import HTMLParser

DANGEROUS_TAGS = {"script", "style", "iframe", "object", "embed", "form", "svg", "math"}


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def dangerous_markup(html: str) -> list[str]:
    """Every script-capable tag, event attribute or javascript: URL in `html`."""
    collector = _Collector()
    collector.feed(html)
    found = []
    for tag, attrs in collector.tags:
        if tag in DANGEROUS_TAGS:
            found.append(f"<{tag}>")
        for name, value in attrs.items():
            if name.startswith("on"):
                found.append(f"{tag}[{name}]")
            if name in {"href", "src"} and value and value.strip().lower().startswith(("javascript:", "data:")):
                found.append(f"{tag}[{name}={value}]")
    return found
