"""A small in-process cache with expiry, for hot reads that may lag briefly.

Each web process keeps its own entries: a change made elsewhere is seen once
an entry expires (seconds), a change made in this process as soon as the
writer calls `discard` or `clear`.
"""

import threading
import time
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class TtlCache(Generic[K, V]):
    def __init__(self, *, seconds: float, max_entries: int = 10_000) -> None:
        self.seconds = seconds
        self.max_entries = max_entries
        self._entries: dict[K, tuple[float, V]] = {}
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        entry = self._entries.get(key)
        if entry is None or entry[0] < time.monotonic():
            return None
        return entry[1]

    def put(self, key: K, value: V) -> None:
        with self._lock:
            if len(self._entries) >= self.max_entries:
                self._entries.clear()  # rare: many keys at once; start again
            self._entries[key] = (time.monotonic() + self.seconds, value)

    def discard(self, key: K) -> None:
        with self._lock:
            self._entries.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_all: list[TtlCache[object, object]] = []


def ttl_cache(*, seconds: float) -> TtlCache[K, V]:
    cache: TtlCache[K, V] = TtlCache(seconds=seconds)
    _all.append(cache)  # type: ignore[arg-type]
    return cache


def clear_all() -> None:
    """Forget everything (tests start each case from the database)."""
    for cache in _all:
        cache.clear()
