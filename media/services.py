"""Images are added from an upload that passed `media.uploads`, changed and deleted like every shared record
(`core.versioning`: a version checked under a lock, a revision per save)."""

import os

from django.core.files.base import ContentFile
from django.db import transaction

from core.versioning import record_check_version, record_create, record_update
from media.content_model import edited_fields
from media.models import Image, original_name
from media.signals import image_deleting
from media.storage import image_storage
from media.uploads import CheckedImage, check_upload

ORIGINAL_FILENAME_MAX = 255


def image_create(*, upload, fields: dict, user=None) -> Image:
    """A new image from `upload` (checked here: UploadRefused when it does not pass) and the editor's `fields`;
    ValidationError naming a field when they break a rule (alt text, consent). Nothing is stored then."""
    checked = check_upload(upload)
    return image_create_checked(checked=checked, fields=fields, user=user, filename=getattr(upload, "name", "") or "")


def image_create_checked(*, checked: CheckedImage, fields: dict, user=None, filename: str = "") -> Image:
    unknown = set(fields) - set(edited_fields())
    if unknown:
        raise ValueError(f"Not editable image fields: {sorted(unknown)}")
    image = Image(
        **fields,
        width=checked.width,
        height=checked.height,
        format=checked.format,
        byte_size=len(checked.content),
        content_hash=checked.content_hash,
        original_filename=os.path.basename(filename)[:ORIGINAL_FILENAME_MAX],
        uploaded_by=user if user is not None and user.is_authenticated else None,
    )
    image.full_clean(exclude=["file"])  # the editor's rules first: nothing is written when one fails
    storage = image_storage()
    name = storage.save(original_name(image, f"original.{checked.extension}"), ContentFile(checked.content))
    try:
        return record_create(model=Image, fields={**_own_fields(image), "file": name}, user=image.uploaded_by)
    except BaseException:
        storage.delete(name)  # the row was not saved: neither is its file
        raise


def _own_fields(image: Image) -> dict:
    return {field.name: getattr(image, field.name) for field in Image._meta.concrete_fields if field.name != "id"}


def image_update(*, image: Image, fields: dict, expected_version: int | None, user=None) -> Image:
    """Change what editors write (never the file: a new file is a new image)."""
    unknown = set(fields) - set(edited_fields())
    if unknown:
        raise ValueError(f"Not editable image fields: {sorted(unknown)}")
    return record_update(record=image, fields=fields, expected_version=expected_version, user=user)


def image_delete(*, image: Image, expected_version: int | None) -> None:
    """Delete the image and its original, unless a receiver of `image_deleting` refuses (StateConflict: an article
    or an approval shows it). The file goes after the row's deletion commits, so a rollback leaves both."""
    with transaction.atomic():
        stored = record_check_version(record=image, expected_version=expected_version)
        image_deleting.send(sender=Image, image=stored)
        name, storage = stored.file.name, stored.file.storage
        stored.delete()
        if name:
            transaction.on_commit(lambda: storage.delete(name))
