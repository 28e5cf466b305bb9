"""Where stored answers live: this process's memory, and Redis when CACHE_REDIS_URL is set.

An answer is stored under a key that names its revision, so an entry never changes once
written. That makes a two-level store safe: a per-process LRU (cachetools, bounded in
bytes by RESPONSE_CACHE_MB, no pickling on the hot path) in front of the shared Redis
(Flask-Caching's RedisCache), which every host fills and reads. When Redis does not
answer (refused, or silent past its socket timeout), a lookup is a miss and a store is
skipped, and Redis is left alone for RETRY_AFTER seconds: the cache never fails a request.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any, NamedTuple

from cachelib import BaseCache
from cachetools import LRUCache

LOG = logging.getLogger(__name__)
RETRY_AFTER = 5.0  # seconds without Redis after it failed
ENTRY_OVERHEAD = 512  # bytes an entry costs besides its body, roughly


class Entry(NamedTuple):
    """A stored answer: what Flask sent, less the per-request headers.

    Stored in Redis as a plain tuple, so an entry outlives a deploy of other code.
    """

    status: str
    headers: list[tuple[str, str]]
    body: bytes
    endpoint: str


def _size(entry: Entry) -> int:
    return len(entry.body) + ENTRY_OVERHEAD


class AnswerStore:
    """Get and set entries by key; thread-safe."""

    def __init__(self, megabytes: float, shared: BaseCache | None = None) -> None:
        self.local: LRUCache[str, Entry] = LRUCache(int(megabytes * 2**20), getsizeof=_size)
        self.shared = shared
        self.lock = threading.Lock()
        self.shared_down_until = 0.0

    def get(self, key: str) -> Entry | None:
        """The entry, from memory or else from the shared store; None on a miss."""
        with self.lock:
            entry = self.local.get(key)
        if entry is not None or not self._shared_up():
            return entry
        try:
            entry = _entry_of(self.shared.get(key))  # type: ignore[union-attr]
        except Exception as error:  # noqa: BLE001 - the shared store is down: a miss
            self._shared_failed(error)
            return None
        if entry is not None:
            self._keep(key, entry)
        return entry

    def set(self, key: str, entry: Entry) -> None:
        """Keep the entry here and, when there is one, in the shared store."""
        self._keep(key, entry)
        if self._shared_up():
            try:
                self.shared.set(key, tuple(entry))  # type: ignore[union-attr]
            except Exception as error:  # noqa: BLE001 - the answer still goes out
                self._shared_failed(error)

    def _shared_up(self) -> bool:
        return self.shared is not None and time.monotonic() >= self.shared_down_until

    def _shared_failed(self, error: Exception) -> None:
        self.shared_down_until = time.monotonic() + RETRY_AFTER
        LOG.warning("response cache: Redis unavailable (%s); retrying in %ss", error, RETRY_AFTER)

    def _keep(self, key: str, entry: Entry) -> None:
        if _size(entry) > self.local.maxsize:
            return
        with self.lock:
            self.local[key] = entry


def _entry_of(stored: Any) -> Entry | None:
    """The entry a shared lookup found; None for a miss or a value of another shape."""
    if isinstance(stored, tuple | list) and len(stored) == 4 and isinstance(stored[2], bytes):
        return Entry(*stored)
    return None
