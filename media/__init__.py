"""The media library (issue 25): images kept once, with their alt text and provenance, uploaded safely.

- `models`: `Image`, its original kept in private storage (`storage`), never under a public address
- `content_model`: the fields editors write, declared once (translatable ones marked)
- `uploads`: what an upload must be (sniffed by content with Pillow, within the byte and pixel limits)
- `services`: creating, changing and deleting images (versioned like every shared record)

Renditions (public, content-addressed, metadata-free files made by the worker) come later (issue 25 part 3).
"""
