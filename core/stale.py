"""What an editor reads when someone else saved first: who, when, and a link to what changed.

Articles and references say it the same way; each passes its own noun and its own comparison page.
"""

from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from core.exceptions import StaleVersion


def stale_message(error: StaleVersion, *, subject: str, changes_url: str, step: str | None = None) -> SafeString:
    """`subject` names what was saved ("this article"); `step` names a refused lifecycle step. Without a
    step, the refused action is a save whose typed input is still in the form."""
    who = error.saved_by or _("someone else")
    if error.saved_at:
        when = timezone.localtime(error.saved_at).strftime("%Y-%m-%d %H:%M %Z")
        saved = _("%(who)s saved %(subject)s at %(when)s, after you opened it.") % {
            "who": who, "subject": subject, "when": when,
        }  # fmt: skip
    else:
        saved = _("%(who)s saved %(subject)s after you opened it.") % {"who": who, "subject": subject}
    if step:
        outcome = _("Not done (%(step)s): %(saved)s") % {"step": step, "saved": saved}
        advice = _("Reload the page and check the changes before you try again.")
    else:
        outcome = _("Not saved: %(saved)s") % {"saved": saved}
        advice = _("Your changes are still below.")
    return format_html(
        '{} {} <a href="{}" target="_blank" rel="noopener">{}</a>', outcome, advice, changes_url, _("See what changed")
    )
