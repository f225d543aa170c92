"""The public address of renditions on this server (RENDITIONS_URL's default, /media/renditions/): a file is served
only under the content-addressed name `media.renditions` gave it, `<2 hex>/<sha256>.<avif|webp|jpg>`, when the
renditions storage holds it; anything else is a 404. The address takes no parameter (no width, format, crop or
quality): nothing is ever made to order, so no request can make the server resize (docs/deploy.md, "Images").

A name is a SHA-256 of the bytes, so they never change: `Cache-Control: public, max-age=31536000, immutable`, and
the hash is the ETag. No database query: a web server or a CDN serving the same directory answers alike."""

import re

from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

from media.renditions import CONTENT_TYPES, IMMUTABLE
from media.storage import rendition_storage

NAME = re.compile(r"(?P<shard>[0-9a-f]{2})/(?P<hash>[0-9a-f]{64})\.(?P<extension>avif|webp|jpg)")


@require_safe
def rendition_file(request, name: str):
    match = NAME.fullmatch(name)
    if match is None or not match["hash"].startswith(match["shard"]) or request.GET:
        raise Http404("No such rendition.")
    try:
        opened = rendition_storage().open(name, "rb")
    except (FileNotFoundError, OSError) as missing:
        raise Http404("No such rendition.") from missing
    response = FileResponse(opened, content_type=CONTENT_TYPES[match["extension"]])
    response["Cache-Control"] = IMMUTABLE
    response["ETag"] = f'"{match["hash"]}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Access-Control-Allow-Origin"] = "*"  # images for canvases and other origins' scripts: public anyway
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    response["Content-Disposition"] = "inline"
    return response
