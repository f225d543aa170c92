"""Where originals are kept: the `images` storage of settings.STORAGES (Django's storage API), by default a directory
outside the static files with no address at all (`PrivateFileSystemStorage`): nothing in it has a public URL.
Editors see an image through the admin's own thumbnail view (signed in); the public will see renditions only
(issue 25 part 3, which adds their own, public storage)."""

from django.core.files.storage import FileSystemStorage, Storage, storages


class PrivateFileSystemStorage(FileSystemStorage):
    """Files on disk that no URL leads to: `url()` refuses, so no template or serializer can publish one."""

    def url(self, name):
        raise NotImplementedError("Originals are private: serve a rendition, or the admin's thumbnail view.")


STORAGE_ALIAS = "images"


def image_storage() -> Storage:
    """The storage of originals (settings.STORAGES["images"])."""
    return storages[STORAGE_ALIAS]
