from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer

# In JSON these characters occur only inside strings, where \u escapes mean the same; escaped, the body
# can go straight into a <script type="application/ld+json"> element: no "</script>" and no markup in it.
EMBED_SAFE = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


class JSONLDRenderer(JSONRenderer):
    """JSON-LD, safe to embed as it is in a script element of an HTML page."""

    media_type = "application/ld+json"
    format = "jsonld"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        rendered = super().render(data, accepted_media_type, renderer_context)
        return rendered.decode("utf-8").translate(EMBED_SAFE).encode("utf-8")


class FirstRendererNegotiation(BaseContentNegotiation):
    """Serve the endpoint's one representation whatever the Accept header says (no 406)."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type
