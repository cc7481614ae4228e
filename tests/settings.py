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
