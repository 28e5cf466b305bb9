"""Rate-limit counts every worker of a host shares, in a memory-mapped file (`file://PATH`).

`limits` (the library behind Flask-Limiter) keeps counts in one process's memory, or in
Redis, Memcached or MongoDB. gunicorn's workers on one host need a store they all see
without a server; SQLite would do, but its busy handler sleeps a millisecond whenever two
workers collide, which several times a second is a loss the hit path cannot afford. So
this store, registered with `limits` under the `file` scheme, is a fixed table of slots
(key hash, expiry, count) in a file every worker maps. Each read-modify-write holds an
exclusive `flock` for a few microseconds; a waiting worker is woken the moment it is free.

A key's slot is found by open addressing from its 64-bit BLAKE2 hash; slots never return to
empty, so a probe stops at the first never-used slot. An expired slot is reused; when a
probe range is full of live keys (tens of thousands of clients in one window) the one that
expires soonest is taken.
"""

from __future__ import annotations

import fcntl
import mmap
import os
import struct
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from hashlib import blake2b
from urllib.parse import unquote, urlsplit

from limits.storage import Storage

SLOT = struct.Struct("<QdQ")  # key hash (0: never used), expiry (epoch seconds), count
SLOTS = 1 << 16
PROBE = 32
SIZE = SLOT.size * SLOTS  # 1.5 MiB


def _hash(key: str) -> int:
    digest = blake2b(key.encode("utf-8", "surrogateescape"), digest_size=8).digest()
    return int.from_bytes(digest, "little") or 1


class SharedFileStorage(Storage):
    """A `limits` storage in a memory-mapped file: `file:///var/lib/prisoner-counts/limits`."""

    STORAGE_SCHEME = ["file"]

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options: float | str | bool):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.path = unquote(urlsplit(uri).path)
        self.thread_lock = threading.Lock()
        self.pid = -1
        self.file: int = -1
        self.map: mmap.mmap | None = None

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        """Errors of the file system."""
        return OSError

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        """Add `amount` to the key's count (a new or expired key starts a window of `expiry`)."""
        wanted, now = _hash(key), time.time()
        table = self._lock()
        try:
            offset, found = _find(table, wanted, now)
            if found:
                _, ends, count = SLOT.unpack_from(table, offset)
                SLOT.pack_into(table, offset, wanted, ends, count + amount)
                return int(count + amount)
            SLOT.pack_into(table, offset, wanted, now + expiry, amount)
            return amount
        finally:
            self._unlock()

    def get(self, key: str) -> int:
        """The key's count in its live window, 0 when it has none."""
        wanted, now = _hash(key), time.time()
        with self._locked() as table:
            offset, found = _find(table, wanted, now)
            return int(SLOT.unpack_from(table, offset)[2]) if found else 0

    def get_expiry(self, key: str) -> float:
        """When the key's window ends (now, when it has none)."""
        wanted, now = _hash(key), time.time()
        with self._locked() as table:
            offset, found = _find(table, wanted, now)
            return float(SLOT.unpack_from(table, offset)[1]) if found else now

    def check(self) -> bool:
        """The file can be mapped."""
        with self._locked():
            return True

    def reset(self) -> int | None:
        """Forget every count."""
        with self._locked() as table:
            table[:] = bytes(SIZE)
        return None

    def clear(self, key: str) -> None:
        """Forget one key's count."""
        wanted, now = _hash(key), time.time()
        with self._locked() as table:
            offset, found = _find(table, wanted, now)
            if found:
                SLOT.pack_into(table, offset, wanted, 0.0, 0)

    @contextmanager
    def _locked(self) -> Iterator[mmap.mmap]:
        table = self._lock()
        try:
            yield table
        finally:
            self._unlock()

    def _lock(self) -> mmap.mmap:
        """Hold this process's and then the host's lock on the table (the hot path's way)."""
        self.thread_lock.acquire()
        try:
            table = self._table()
            fcntl.flock(self.file, fcntl.LOCK_EX)
        except BaseException:
            self.thread_lock.release()
            raise
        return table

    def _unlock(self) -> None:
        fcntl.flock(self.file, fcntl.LOCK_UN)
        self.thread_lock.release()

    def _table(self) -> mmap.mmap:
        """The mapped table, opened anew in each process (a forked lock would be shared)."""
        if self.map is not None and self.pid == os.getpid():
            return self.map
        os.makedirs(os.path.dirname(self.path) or ".", exist_ok=True)
        self.file = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self.file, fcntl.LOCK_EX)
        try:
            if os.fstat(self.file).st_size != SIZE:
                os.ftruncate(self.file, 0)  # a table of another layout: start afresh
                os.ftruncate(self.file, SIZE)
        finally:
            fcntl.flock(self.file, fcntl.LOCK_UN)
        self.map, self.pid = mmap.mmap(self.file, SIZE), os.getpid()
        return self.map


def _find(table: mmap.mmap, wanted: int, now: float) -> tuple[int, bool]:
    """(offset, True) of the key's live slot, else (offset of the slot to take, False)."""
    start = wanted % SLOTS
    free, soonest, soonest_ends = -1, -1, float("inf")
    for step in range(PROBE):
        offset = ((start + step) % SLOTS) * SLOT.size
        held, ends, _ = SLOT.unpack_from(table, offset)
        if held == 0:
            return (offset if free < 0 else free), False
        if ends <= now:
            if held == wanted:
                return offset, False
            free = offset if free < 0 else free
        elif held == wanted:
            return offset, True
        elif ends < soonest_ends:
            soonest, soonest_ends = offset, ends
    return (free if free >= 0 else soonest), False
