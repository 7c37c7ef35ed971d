"""What the library tells the rest of the site, beyond the models' own save signals."""

from django.dispatch import Signal

# Sent when images' renditions were recorded with ``update()`` (which sends no
# post_save), with ``images``, their ids: pages showing them may still point at
# the original file.
renditions_made = Signal()
