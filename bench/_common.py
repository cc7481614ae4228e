"""Helpers for the bench scripts: temp installations and servers on loopback."""

import csv
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path

CXLOOP = [sys.executable, "-m", "cxloop"]


def machine() -> str:
    cores = os.cpu_count()
    memory_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{platform.machine()}, {cores} cores, {memory_gib:.0f} GiB, "
        f"Python {platform.python_version()}, {platform.platform()}"
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fresh_env() -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}
    }
    env["CXLOOP_DATA_DIR"] = tempfile.mkdtemp(prefix="cxloop-bench-")
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def bench_env() -> dict[str, str]:
    """A fresh data dir; the database of `DATABASE_URL` when one is given."""
    env = fresh_env()
    if os.environ.get("DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    return env


def django_setup(env: dict[str, str]) -> None:
    """Run Django in this process against the installation `env` describes."""
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "cxloop.settings"
    import django

    django.setup()


def run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(
        [*CXLOOP, *args], env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


def wait_for(url: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.05)
    raise TimeoutError(url)


def start(args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*CXLOOP, *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def stop(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, 15)
        process.wait(timeout=15)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, 9)


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def data_dir(env: dict[str, str]) -> Path:
    return Path(env["CXLOOP_DATA_DIR"])


def bench_installation(env: dict[str, str]) -> str:
    """Migrate `env`'s database, add the `bench` workspace; its secret key."""
    run(["migrate", "--quiet"], env)
    run(["workspace", "create", "bench"], env)
    return run(
        ["apikey", "create", "--workspace", "bench", "--kind", "secret"], env
    ).strip()


def csv_export(
    *, table: str, columns: Sequence[str], workspace_id: int, path: Path
) -> None:
    """A workspace's rows of `table` as CSV with a header, streamed (COPY on
    PostgreSQL), for DuckDB to turn into Parquet."""
    from django.db import connection

    query = (
        f"SELECT {', '.join(columns)} FROM {table}"  # noqa: S608 - fixed names
        " WHERE workspace_id = %s"
    )
    with path.open("w", newline="", encoding="utf-8") as out:
        out.write(",".join(columns) + "\n")
        if connection.vendor == "postgresql":
            raw = connection.connection
            with (
                raw.cursor() as cursor,
                cursor.copy(
                    f"COPY ({query.replace('%s', str(int(workspace_id)))}) "
                    "TO STDOUT WITH (FORMAT csv)"
                ) as copy,
            ):
                for data in copy:
                    out.write(bytes(data).decode())
            return
        writer = csv.writer(out, lineterminator="\n")
        with connection.cursor() as cursor:
            cursor.execute(query, [workspace_id])
            while rows := cursor.fetchmany(50_000):
                writer.writerows(rows)
