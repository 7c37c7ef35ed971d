"""What the content tells the rest of the site, beyond the models' own save signals."""

from django.dispatch import Signal

# Sent after stories or other content changed without a model's save signals: an
# update() that publishes or unpublishes many stories at once, or a restored backup.
# ``stories``: the ids of the only stories whose shown fields changed (none of them
# moved in or out of a list); ``moved``: stories published or unpublished in bulk.
# With neither, anything may have changed.
content_changed = Signal()
