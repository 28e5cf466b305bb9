"""Drawn charts kept in memory, keyed by (what was asked, the revision it answers for).

A key always holds the revision id, so a new revision can never be answered from an old
entry; old entries simply age out of the LRU. One cache per app, per process.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable
from dataclasses import dataclass

from cachetools import LRUCache


@dataclass(frozen=True)
class Rendered:
    """A drawn chart: its bytes, media type, the revision it shows and a file name."""

    revision: int
    body: bytes
    media_type: str
    filename: str


class RenderCache:
    """A bounded, thread-safe LRU of drawn charts; size 0 turns caching off."""

    def __init__(self, max_entries: int) -> None:
        self._entries: LRUCache[Hashable, Rendered] | None = (
            LRUCache(maxsize=max_entries) if max_entries > 0 else None
        )
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Rendered | None:
        """The entry for `key`, or None."""
        if self._entries is None:
            return None
        with self._lock:
            return self._entries.get(key)

    def put(self, key: Hashable, value: Rendered) -> None:
        """Keep `value` under `key`, evicting the least recently used entry if full."""
        if self._entries is None:
            return
        with self._lock:
            self._entries[key] = value

    def __len__(self) -> int:
        return 0 if self._entries is None else len(self._entries)
