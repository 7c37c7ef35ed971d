"""The test suite's settings: the project's own, with what tests change, in one place.

What must differ per test (a folder of its own for uploads, an empty cache, no
network) is set by the one autouse fixture in ``tests/conftest.py``.
"""

import os
import tempfile
from pathlib import Path

from newsroom.settings import *  # noqa: F403
from newsroom.settings import DATABASES, STORAGES

# admin_client signs in a new superuser per test; PBKDF2 would cost ~0.4 s each time.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Tests run with DEBUG off, where the settings pick whitenoise's manifest storage;
# without a collectstatic manifest ``{% static %}`` would fail, so the plain storage
# is used here (tests/test_static.py checks the shipped storage).
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Tasks run inside the request that enqueued them, so a test sees their work at once.
# tests/test_queue.py switches to the database queue and runs a real worker.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

# No trailer stills fetched from YouTube or Vimeo (tests/test_stills.py mocks them).
NEWSROOM_TRAILER_STILLS = False

# On SQLite, test in a file rather than in memory. Django hands an in-memory
# database's one connection to the live server's threads too, so the browser tests'
# overlapping requests (an autocomplete still answering while the form posts) could
# use it at once and fail at random. A file gives each thread its own connection.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("TEST", {})["NAME"] = str(
        Path(tempfile.gettempdir()) / f"newsroom-test-{os.getpid()}.sqlite3"
    )

# Most tests run inside a transaction that never commits, so the after-commit
# invalidation never runs there. The next request applies what this process left in
# the outbox instead (the path taken after the cache was unreachable at save time);
# no periodic look besides, so query counts do not depend on the clock.
# tests/test_invalidation.py checks the after-commit path with real commits.
NEWSROOM_INVALIDATION_CHECK_SECONDS = 3600
