"""Moments as the desk writes them: "7 Dec 2026, 07:46" (newsroom/formats), local time."""

from django.utils import timezone
from django.utils.formats import date_format

# Revisions and edit conflicts: two saves can fall in the same minute.
WITH_SECONDS = "j M Y, H:i:s"


def when(moment, seconds=False):
    if moment is None:
        return "—"
    return date_format(timezone.localtime(moment), WITH_SECONDS if seconds else "DATETIME_FORMAT")
