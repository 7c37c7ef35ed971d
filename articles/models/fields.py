"""Fields more than one content model declares the same way."""

from django.conf import settings
from django.db import models


def desk_user():
    """Who on the desk did something to a row; left empty if their account goes."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
