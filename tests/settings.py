"""Test settings: production settings with fast hashing and inline tasks."""

import os
import tempfile

os.environ.setdefault("CXLOOP_DATA_DIR", tempfile.mkdtemp(prefix="cxloop-test-"))
os.environ.pop("REDIS_URL", None)

from cxloop.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WHITENOISE_AUTOREFRESH = True
LOGGING = {"version": 1, "disable_existing_loggers": False}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, like production, not the shared-cache in-memory database: shared
    # cache takes table locks that ignore the busy timeout, so concurrent
    # tests would see "table is locked" errors production never sees.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(os.environ["CXLOOP_DATA_DIR"], "test.sqlite3")
    }
