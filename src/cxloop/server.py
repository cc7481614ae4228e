"""The production web server: gunicorn serving cxloop's WSGI application."""

from typing import Any

from gunicorn.app.base import BaseApplication


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
