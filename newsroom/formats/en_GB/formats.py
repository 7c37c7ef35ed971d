"""One way of writing dates and times on the desk: "7 Dec 2026, 07:46", 24-hour clock.

British English's own formats mix "7:56 a.m." (Django's DATETIME_FORMAT) with the
desk's "07:46"; these replace them (FORMAT_MODULE_PATH in settings).
"""

DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
