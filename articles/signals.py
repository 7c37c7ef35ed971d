"""What the content tells the rest of the site, beyond the models' own save signals."""

from django.dispatch import Signal

# Sent after stories or other content changed without a model's save signals: an
# update() that publishes or unpublishes many stories at once, or a restored backup.
content_changed = Signal()
