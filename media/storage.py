"""Where images are kept, through Django's storage API (settings.STORAGES):

- `images`: the originals, private. By default a directory outside the static files with no address at all
  (`PrivateFileSystemStorage`): nothing in it has a public URL. Editors see an image through the admin's own
  thumbnail view (signed in).
- `renditions`: the public copies (`media.renditions`), named by the SHA-256 of their bytes and never changed, so
  they are served with `Cache-Control: public, max-age=31536000, immutable`. By default a directory whose files
  `media.views.rendition_file` serves at RENDITIONS_URL (or a web server or a CDN in front of it: docs/deploy.md).

`IMAGE_STORAGE=s3` puts both in S3-compatible object storage (django-storages; config/settings.py)."""

from django.core.files.storage import FileSystemStorage, Storage, storages


class PrivateFileSystemStorage(FileSystemStorage):
    """Files on disk that no URL leads to: `url()` refuses, so no template or serializer can publish one."""

    def url(self, name):
        raise NotImplementedError("Originals are private: serve a rendition, or the admin's thumbnail view.")


STORAGE_ALIAS = "images"
RENDITIONS_ALIAS = "renditions"


def image_storage() -> Storage:
    """The storage of originals (settings.STORAGES["images"])."""
    return storages[STORAGE_ALIAS]


def rendition_storage() -> Storage:
    """The public storage of renditions (settings.STORAGES["renditions"])."""
    return storages[RENDITIONS_ALIAS]
