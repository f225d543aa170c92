"""Signals of the working copy, sent after the transaction commits (never for a rolled-back change).

`article_status_changed(sender=Article, article, action, from_status, to_status, user)`:
an article moved from one state to another (see `articles.lifecycle`).
"""

from django.dispatch import Signal

article_status_changed = Signal()
