"""The media library (issue 25): images kept once, with their alt text and provenance, uploaded safely.

- `models`: `Image`, its original kept in private storage (`storage`), never under a public address
- `content_model`: the fields editors write, declared once (translatable ones marked)
- `uploads`: what an upload must be (sniffed by content with Pillow, within the byte and pixel limits)
- `services`: creating, changing and deleting images (versioned like every shared record)
- `renditions`: the public copies (widths × AVIF, WebP, JPEG; focal-point crops), content-addressed and without
  metadata, made by the worker after an upload and on demand (`renditions_ensure`); `rendition_list` for documents
- `tasks`: the worker's task that makes them; `views`: their public address on this server (no parameters, immutable)
- `storage_s3`: originals and renditions in S3-compatible object storage (IMAGE_STORAGE=s3)
"""
