"""One JSON object per log line, for log collectors in production.

A dozen lines of our own rather than a dependency: the fields we want are few,
and Django already hands the request and status to its loggers as ``extra``.
"""

import json
import logging
from datetime import UTC, datetime


class JSONFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "timestamp": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        # django.request and our own middleware pass the request and status;
        # django.server passes a socket as "request", which has no path.
        if path := getattr(getattr(record, "request", None), "path", None):
            entry["path"] = path
        if (status := getattr(record, "status_code", None)) is not None:
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
