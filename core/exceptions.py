"""Domain errors that services raise and every caller understands.

The admin shows them as messages; the API's exception handler (`core.api.errors`)
turns them into HTTP statuses: ValidationError 400, PermissionDenied 403,
StateConflict 409, StaleVersion 412.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError


class StateConflict(ValidationError):
    """The action does not apply to the object in its current state (HTTP 409)."""


class RoleError(PermissionDenied):
    """The acting user's role does not allow the action (HTTP 403)."""


class DutyConflict(RoleError):
    """The user holds the role, but the rule that two people check medical content refuses them this article:
    its author approving it, its approver publishing it, an author editing a colleague's article (HTTP 403). Pages
    say it as a message rather than a bare 403: the button was honest, the rule is about this article."""


@dataclass
class StaleVersion(Exception):
    """The caller's copy is out of date: someone saved since it was loaded (HTTP 412).

    `current` is the version now stored; `saved_by` and `saved_at` say who saved it and when.
    """

    message: str
    current: int | None  # None when what changed has no version number (a hash ETag)
    saved_by: str = ""
    saved_at: datetime | None = None

    def __str__(self) -> str:
        return self.message


@dataclass
class StaleDocument(StaleVersion):
    """An approval refused because the document rendered now is not the one the reviewer's page showed: a shared
    record it includes (a reference, a contributor, a topic, a site text) changed meanwhile (HTTP 412).

    `changes` name each in words; `shown` is the fingerprint the page carried, `current_fingerprint` today's."""

    changes: list[str] = field(default_factory=list)
    shown: str = ""
    current_fingerprint: str = ""
