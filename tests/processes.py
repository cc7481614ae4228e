"""Helpers for tests that run cxloop as real processes.

The subprocesses use the production settings (`cxloop.settings`) against a
data directory of their own. On PostgreSQL (DATABASE_URL set for the test
run) each environment gets a throw-away database on the same server; on
SQLite the embedded database in the data directory is used.
"""

import atexit
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

PYTHON = sys.executable
CLI = [PYTHON, "-m", "cxloop"]
# Variables of the test run that must not leak into a cxloop subprocess.
_LEAKY = ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")
EPHEMERAL_PORTS = Path("/proc/sys/net/ipv4/ip_local_port_range")


def free_port() -> int:
    """A loopback port that nothing listens on, for a server to bind next.

    It is picked below the kernel's ephemeral range: a port from that range
    may be handed to an outgoing connection (to PostgreSQL, say) before the
    server gets to bind it.
    """
    low, high = map(int, EPHEMERAL_PORTS.read_text().split())
    outside = range(10_000, low) if low > 11_000 else range(high + 1, 65_536)
    for _ in range(100):
        port = secrets.choice(outside) if outside else 0
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            bound: int = sock.getsockname()[1]
            return bound
    raise AssertionError("no free port outside the ephemeral range")


def _postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def on_postgres() -> bool:
    return _postgres_url() is not None


def _admin_execute(statement: Any) -> None:
    """Run one statement on the test server's `postgres` database."""
    import psycopg

    url = _postgres_url()
    assert url is not None
    with psycopg.connect(f"{url.rpartition('/')[0]}/postgres", autocommit=True) as db:
        db.execute(statement)


def _create_database(template: str | None = None) -> str:
    from psycopg import sql

    name = f"cxloop_cli_{secrets.token_hex(6)}"
    statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if template:
        statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
    _admin_execute(statement)
    return name


def _drop_database(name: str) -> None:
    from psycopg import sql

    _admin_execute(
        sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    )


def _database_url(name: str) -> str:
    url = _postgres_url()
    assert url is not None
    return f"{url.rpartition('/')[0]}/{name}"


def base_env(data_dir: Path) -> dict[str, str]:
    """The test run's environment minus its database, settings and cxloop vars."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in _LEAKY and not key.startswith("CXLOOP_")
    }
    env["CXLOOP_DATA_DIR"] = str(data_dir)
    env["DJANGO_SETTINGS_MODULE"] = "cxloop.settings"
    env["PYTHONUNBUFFERED"] = "1"
    return env


# A database migrated once per test run with `cxloop migrate`; environments
# that start migrated are copies of it (a file copy on SQLite, CREATE
# DATABASE ... TEMPLATE on PostgreSQL), which is much faster than migrating.
_template: dict[str, Any] = {}
SQLITE_FILE = "cxloop.sqlite3"


def _migrated_template() -> dict[str, Any]:
    if not _template:
        directory = Path(tempfile.mkdtemp(prefix="cxloop-template-"))
        atexit.register(shutil.rmtree, directory, ignore_errors=True)
        env = base_env(directory)
        name = None
        if on_postgres():
            name = _create_database()
            atexit.register(_drop_database, name)
            env["DATABASE_URL"] = _database_url(name)
        cli_ok(env, "migrate", "--quiet")
        _template.update(directory=directory, database=name)
    return _template


@contextmanager
def cxloop_env(data_dir: Path, *, migrated: bool = False) -> Iterator[dict[str, str]]:
    """The environment for cxloop subprocesses on a database of their own.

    The database is empty, or already migrated if `migrated`.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    template = _migrated_template() if migrated else None
    env = base_env(data_dir)
    if not on_postgres():
        if template is not None:
            for suffix in ("", "-wal"):
                source = template["directory"] / f"{SQLITE_FILE}{suffix}"
                if source.exists():
                    shutil.copyfile(source, data_dir / source.name)
        yield env
        return
    name = _create_database(template["database"] if template else None)
    try:
        env["DATABASE_URL"] = _database_url(name)
        yield env
    finally:
        _drop_database(name)


def cli(
    env: dict[str, str], *args: str, extra_env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `cxloop ARGS` to completion."""
    return subprocess.run(
        [*CLI, *args],
        env={**env, **(extra_env or {})},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def cli_ok(
    env: dict[str, str], *args: str, extra_env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    done = cli(env, *args, extra_env=extra_env)
    assert done.returncode == 0, f"cxloop {' '.join(args)} failed:\n{done.stderr}"
    return done


def django_json(env: dict[str, str], code: str) -> Any:
    """Run `code` in a fresh Python with cxloop's Django set up.

    The code must assign what it wants to return to `result`; it comes back
    through JSON on stdout.
    """
    script = f"import json, django\ndjango.setup()\n{code}\nprint(json.dumps(result))\n"
    done = subprocess.run(
        [PYTHON, "-c", script],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"python -c failed:\n{done.stderr}"
    return json.loads(done.stdout.strip().splitlines()[-1])


def wait_for(
    probe: Callable[[], T | None],
    *,
    timeout: float = 30.0,
    what: str = "condition",
    alive: "Process | None" = None,
) -> T:
    """Call `probe` until it returns something other than None (or False)."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value is not None and value is not False:
            return value
        if alive is not None and alive.popen.poll() is not None:
            raise AssertionError(
                f"{alive.name} exited with {alive.popen.returncode} while waiting "
                f"for {what}:\n{alive.log_tail()}"
            )
        if time.monotonic() > deadline:
            detail = f":\n{alive.log_tail()}" if alive else ""
            raise AssertionError(f"timed out waiting for {what}{detail}")
        time.sleep(0.2)


@dataclass
class Process:
    """A long-running cxloop process in its own process group."""

    name: str
    popen: subprocess.Popen[bytes]
    log: Path
    extra: dict[str, Any] = field(default_factory=dict)

    def log_tail(self, lines: int = 40) -> str:
        if not self.log.exists():
            return ""
        text = self.log.read_text(errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        if self.popen.poll() is None:
            with suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait(timeout=15)
        else:
            # The leader is gone; make sure no child (an embedded worker)
            # outlives it.
            with suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGKILL)


@contextmanager
def running(
    name: str, argv: list[str], env: dict[str, str], log_dir: Path
) -> Iterator[Process]:
    """Start `argv` in a new session; kill its whole process group afterwards."""
    log = log_dir / f"{name}-{secrets.token_hex(3)}.log"
    with log.open("wb") as sink:
        popen = subprocess.Popen(
            argv,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    process = Process(name=name, popen=popen, log=log)
    try:
        yield process
    finally:
        process.stop()


def get_json(url: str) -> tuple[int, Any] | None:
    """GET a JSON document: (status, body), or None if nothing answers yet."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        try:
            return error.code, json.loads(error.read())
        except ValueError:
            return error.code, None
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


@contextmanager
def serving(
    command: str, env: dict[str, str], log_dir: Path, *options: str
) -> Iterator[Process]:
    """`cxloop serve|demo` on a free port, once /healthz answers 200.

    The server must also have logged that it listens on the port, so that
    an answer can't come from some other process that grabbed it first.
    """
    port = free_port()
    argv = [*CLI, command, "--port", str(port), "--workers", "1", *options]
    listening = f"Listening at: http://127.0.0.1:{port}"
    with running(command, argv, env, log_dir) as process:
        process.extra["url"] = f"http://127.0.0.1:{port}"
        wait_for(
            lambda: listening in process.log_tail(lines=400) and healthz(process),
            timeout=60,
            what=f"{command} to answer /healthz",
            alive=process,
        )
        yield process


def healthz(process: Process) -> dict[str, Any] | None:
    answer = get_json(f"{process.extra['url']}/healthz")
    if answer is None or answer[0] != 200:
        return None
    body: dict[str, Any] = answer[1]
    return body


def group_commands(process: Process) -> list[str]:
    """The command lines of every live process in `process`'s process group."""
    commands = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            stat = (proc / "stat").read_text()
            cmdline = (proc / "cmdline").read_bytes()
        except OSError:
            continue  # it ended while we looked
        # The fields after the command name (which may hold spaces): state,
        # ppid, pgrp, ...
        fields = stat.rpartition(")")[2].split()
        if int(fields[2]) == process.popen.pid and fields[0] != "Z":
            commands.append(cmdline.replace(b"\0", b" ").decode().strip())
    return commands
