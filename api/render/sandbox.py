"""Drawing charts in a child process: a time budget per drawing, and a crash stays there.

vl-convert draws inside its process's embedded JavaScript runtime, which nothing can
interrupt: a drawing that runs long would hold its gunicorn worker until it ends. So each
worker process draws through one child process of its own (started with the first
drawing, `spawn`ed so that it shares no lock or connection with the worker; it says it is
ready once its renderer has drawn a first chart, so start-up never eats a budget), one
drawing at a time over a pipe. A drawing that runs past its budget is abandoned: the child is
killed, a fresh one starts with the next drawing, and the caller gets `DrawingTimeout`.
A child that dies while drawing (a renderer abort) is `DrawingFailed`; the worker lives on.

The child belongs to the process, not to an app, as the JavaScript runtime would: every
app of a process (the tests make many) shares it.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from multiprocessing.connection import Connection
from typing import Any

_SPAWN = multiprocessing.get_context("spawn")
STARTUP_SECONDS = 120.0  # a new child imports the renderer and draws once before its first job
WARM_UP: dict[str, Any] = {"mark": "point", "data": {"values": [{"a": 1}]}}


class DrawingTimeout(Exception):
    """The drawing ran past its budget and was abandoned."""


class DrawingFailed(Exception):
    """The renderer failed or died."""


class Drawer:
    """This process's drawing child, fed one spec at a time."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.process: Any = None
        self.pipe: Connection | None = None
        self.owner = os.getpid()

    def draw(self, spec: dict[str, Any], output: str, budget: float) -> bytes:
        """The spec drawn as `svg` or `png` bytes, within `budget` seconds."""
        with self.lock:
            pipe = self._pipe()
            pipe.send((output, spec))
            if not pipe.poll(budget):
                self.stop()
                raise DrawingTimeout(f"the drawing took longer than {budget:g} s")
            try:
                done, result = pipe.recv()
            except (EOFError, OSError):
                self.stop()
                raise DrawingFailed("the renderer stopped while drawing") from None
        if not done:
            raise DrawingFailed(str(result))
        drawn: bytes = result
        return drawn

    def stop(self) -> None:
        """Kill the child (the next drawing starts another)."""
        process, self.process = self.process, None
        pipe, self.pipe = self.pipe, None
        if pipe is not None:
            pipe.close()
        if process is not None and process.is_alive():
            process.kill()
            process.join(5)

    def _pipe(self) -> Connection:
        if self.owner != os.getpid():  # a forked copy: the child belongs to the parent
            self.process, self.pipe, self.owner = None, None, os.getpid()
        if self.pipe is None or self.process is None or not self.process.is_alive():
            self.stop()
            ours, theirs = _SPAWN.Pipe()
            self.process = _SPAWN.Process(target=serve, args=(theirs,), daemon=True)
            self.process.start()
            theirs.close()
            self.pipe = ours
            if not ours.poll(STARTUP_SECONDS) or ours.recv() != "ready":
                self.stop()
                raise DrawingFailed("the renderer did not start")
        return self.pipe


def serve(pipe: Connection) -> None:
    """The child's loop: draw each spec sent, until the worker closes the pipe."""
    from api.render import images

    images.draw(WARM_UP, "svg")  # the runtime's start-up, before any budget runs
    pipe.send("ready")
    while True:
        try:
            output, spec = pipe.recv()
        except (EOFError, OSError):
            return
        try:
            pipe.send((True, images.draw(spec, output)))
        except Exception as error:  # noqa: BLE001 - the worker reports it
            pipe.send((False, f"{type(error).__name__}: {error}"))


_DRAWER: Drawer | None = None
_DRAWER_LOCK = threading.Lock()


def drawer() -> Drawer:
    """This process's drawer."""
    global _DRAWER
    with _DRAWER_LOCK:
        if _DRAWER is None or _DRAWER.owner != os.getpid():
            _DRAWER = Drawer()
        return _DRAWER
