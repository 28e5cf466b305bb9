"""How many charts the host draws at once, across every worker: CHART_RENDERS slots.

Drawing is the one request that takes a core for a second or more. If every worker could
draw, a few clients asking for uncacheable charts (a random title each) would hold them
all, and JSON and CSV reads would wait behind the drawings. So each drawing holds a slot:
an exclusive, non-blocking `flock` on one of CHART_RENDERS files in a folder every worker
shares (by default one slot less than the workers, and at least one). A chart asked for
while every slot is held is answered at once with 503 and `Retry-After` — never queued,
since a request that waits holds its worker all the same. A worker that dies releases its
slot with its file descriptors.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from api.errors import Unavailable

RETRY_AFTER = 2  # seconds: about as long as a drawing takes


class RenderSlots:
    """`count` slot files under `folder`, taken without waiting."""

    def __init__(self, folder: str, count: int) -> None:
        self.folder = folder
        self.count = max(1, count)
        self.lock = threading.Lock()
        self.owner = -1
        self.files: list[int] = []
        self.busy: set[int] = set()  # the slots this process holds

    @contextmanager
    def held(self) -> Iterator[int]:
        """Hold a free slot for the block; Unavailable (503) when every slot is held."""
        slot = self._take()
        if slot is None:
            raise Unavailable(
                f"every one of the {self.count} chart drawing slots is busy; try again soon",
                retry_after=RETRY_AFTER,
            )
        try:
            yield slot
        finally:
            self._give_back(slot)

    def _take(self) -> int | None:
        with self.lock:
            files = self._files()
            for slot, handle in enumerate(files):
                if slot in self.busy:
                    continue
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue
                self.busy.add(slot)
                return slot
            return None

    def _give_back(self, slot: int) -> None:
        with self.lock:
            fcntl.flock(self.files[slot], fcntl.LOCK_UN)
            self.busy.discard(slot)

    def _files(self) -> list[int]:
        """The slot files, opened anew in each process (a forked descriptor shares locks)."""
        if self.owner != os.getpid():
            os.makedirs(self.folder, exist_ok=True)
            self.files = [
                os.open(os.path.join(self.folder, f"slot-{n}"), os.O_RDWR | os.O_CREAT, 0o600)
                for n in range(self.count)
            ]
            self.owner, self.busy = os.getpid(), set()
        return self.files
