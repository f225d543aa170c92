"""What the media library tells the apps above it, which it does not know."""

from django.dispatch import Signal

# Sent with `image` inside the deletion's transaction, before anything is deleted: a receiver that knows a reason the
# image must stay (an article shows it) raises core.exceptions.StateConflict saying so, and nothing is deleted.
image_deleting = Signal()
