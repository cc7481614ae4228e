"""The production web server: gunicorn serving cxloop's WSGI application."""

import re
from datetime import timedelta
from typing import Any

from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger

# An API key anywhere in a logged value: `sk_…`/`pk_…`, the underscore
# perhaps percent-encoded (`sk%5F…`), as a client may put it in a URL.
KEY_IN_TEXT = re.compile(r"\b([sp]k)(?:_|%5[fF])[A-Za-z0-9]+")
REDACTED = r"\1_[redacted]"


def redact_keys(text: str) -> str:
    return KEY_IN_TEXT.sub(REDACTED, text)


class RedactingLogger(Logger):  # type: ignore[misc]
    """gunicorn's logger, minus the secrets a client may put in a request.

    The user field (`%(u)s`) is the Basic-auth user name, which is where
    `curl -u sk_…:` puts a key, so it is never logged; every other value
    (the request line, query string, referrer, headers a custom format
    names) has key-looking text replaced. The API refuses keys in URLs, but
    the request is logged all the same.
    """

    def atoms(
        self, resp: Any, req: Any, environ: dict[str, Any], request_time: timedelta
    ) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        atoms["u"] = "-"
        return {
            name: redact_keys(value) if isinstance(value, str) else value
            for name, value in atoms.items()
        }


class CxloopServer(BaseApplication):  # type: ignore[misc]
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from cxloop.wsgi import application

        return application


def run(*, host: str, port: int, workers: int, threads: int) -> None:
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "timeout": 60,
        "graceful_timeout": 10,
        "accesslog": "-",
        "logger_class": RedactingLogger,
        "errorlog": "-",
        "loglevel": "info",
        "forwarded_allow_ips": "127.0.0.1,::1",
    }
    if _supports("control_socket_disable"):
        # Several serve processes on one machine must not fight over one
        # control socket in the home directory.
        options["control_socket_disable"] = True
    CxloopServer(options).run()


def _supports(setting: str) -> bool:
    from gunicorn.config import KNOWN_SETTINGS

    return any(known.name == setting for known in KNOWN_SETTINGS)
