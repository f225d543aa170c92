"""The media library's background task: an image's renditions are made by the task worker once its upload commits
(`media.services.image_create_checked`), and again when its focal point moves (`image_update`: the crops)."""

import logging

from django_tasks import task

from media.models import Image
from media.renditions import renditions_ensure

logger = logging.getLogger("media.renditions")


@task()
def renditions_make(image_id: int) -> str:
    """Whatever renditions the image lacks (nothing when it has them all: running twice is harmless). A failure is
    logged and the task recorded failed; the image stays, and `renditions_ensure` makes them on demand later."""
    image = Image.objects.filter(pk=image_id).first()
    if image is None:
        return "deleted"
    try:
        renditions_ensure(image=image)
    except Exception:
        logger.exception("Renditions of image %s could not be made", image_id)
        raise
    return f"{image.renditions.count()} renditions"
