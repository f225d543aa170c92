"""S3-compatible object storage for the media library (django-storages), chosen by IMAGE_STORAGE=s3 for deployments
with several machines (config/settings.py, docs/deploy.md "Images"):

- `PrivateS3Storage`, the originals: objects written `private`, and no URL at all, as `PrivateFileSystemStorage`
  (neither a public nor a signed one: editors see originals through the admin's thumbnail view);
- `RenditionS3Storage`, the renditions: each object written with `Cache-Control: public, max-age=31536000,
  immutable` and its own Content-Type (Python 3.11 does not know WebP's), readable by everyone (`public-read`, or
  none where the bucket's policy or a CDN in front makes them public), and its URL RENDITIONS_URL + name when that
  is set (a CDN), else the bucket's own unsigned URL."""

from storages.backends.s3 import S3Storage

from media.renditions import CONTENT_TYPES, IMMUTABLE


class PrivateS3Storage(S3Storage):
    default_acl = "private"
    querystring_auth = True

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise NotImplementedError("Originals are private: serve a rendition, or the admin's thumbnail view.")


class RenditionS3Storage(S3Storage):
    def __init__(self, base_url: str = "", **settings):
        settings.setdefault("querystring_auth", False)
        settings.setdefault("file_overwrite", True)  # a name is its bytes' hash: the same name, the same bytes
        self.base_url = base_url
        super().__init__(**settings)

    def get_object_parameters(self, name):
        parameters = super().get_object_parameters(name)
        parameters["CacheControl"] = IMMUTABLE
        extension = name.rsplit(".", 1)[-1]
        if extension in CONTENT_TYPES:
            parameters["ContentType"] = CONTENT_TYPES[extension]
        return parameters

    def url(self, name, parameters=None, expire=None, http_method=None):
        if self.base_url:
            return self.base_url + name
        return super().url(name, parameters, expire, http_method)
