"""A moment in words, as every status line and history entry gives it."""

from datetime import datetime

from django.utils import formats, timezone


def moment_text(value: datetime | str | None) -> str:
    """The site's localized date and time format, in the site's zone, named (the article page adds the editor's
    own time beside it)."""
    if not isinstance(value, datetime):
        return value or ""
    zone = timezone.get_current_timezone_name()
    return f"{formats.date_format(timezone.localtime(value), 'DATETIME_FORMAT')} ({zone})"
