"""Real `cxloop worker` processes on their own migrated database."""

from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tests import processes


@pytest.fixture
def cli_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A migrated installation of its own: data directory and database."""
    with processes.cxloop_env(tmp_path / "data", migrated=True) as env:
        yield env


@pytest.fixture(scope="module")
def database_worker(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[processes.Process]:
    """One `cxloop worker` on the database backend, shared by a module.

    Its environment is in `worker.extra["env"]`.
    """
    tmp = tmp_path_factory.mktemp("worker")
    argv = [*processes.CLI, "worker"]
    with (
        processes.cxloop_env(tmp / "data", migrated=True) as env,
        processes.running("worker", argv, env, tmp) as worker,
    ):
        worker.extra["env"] = env
        yield worker


REDIS_SERVER = Path("/usr/bin/redis-server")


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    """A throw-away Redis on a free loopback port, stopped afterwards."""
    if not REDIS_SERVER.exists():
        pytest.skip(f"{REDIS_SERVER} is not installed (apt-get install redis-server)")
    port = processes.free_port()
    argv = [
        str(REDIS_SERVER),
        "--port",
        str(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        str(tmp_path),
    ]
    with processes.running("redis", argv, {}, tmp_path) as server:
        client = redis.Redis(host="127.0.0.1", port=port, socket_timeout=2)
        processes.wait_for(
            lambda: _pings(client), timeout=20, what="Redis to answer", alive=server
        )
        client.close()
        yield f"redis://127.0.0.1:{port}/0"


def _pings(client: redis.Redis) -> bool:
    try:
        return bool(client.ping())
    except redis.ConnectionError:
        return False
