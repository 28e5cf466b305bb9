"""The ceiling: the smallest Flask app, served by the same gunicorn settings as the service.

`/` answers a small JSON object, as the acceptance check's hello-world app does.
`/padded/<size>` answers the same object padded to `size` bytes, made once and then sent
as it is, so that a large cached answer can also be set against the cost of merely sending
that many bytes.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from flask import Flask, Response

app = Flask(__name__)


@app.get("/")
def hello() -> dict[str, Any]:
    """`{"hello": "world", "padding": "xxx…"}` (about 200 bytes)."""
    return {"hello": "world", "padding": "x" * 160}


@app.get("/padded/<int:size>")
def padded(size: int) -> Response:
    """The same object, `size` bytes long (at most 10 MB), written once and then resent."""
    return Response(_padded_body(min(size, 10_000_000)), mimetype="application/json")


@lru_cache(maxsize=4)
def _padded_body(size: int) -> bytes:
    return json.dumps({"hello": "world", "padding": "x" * max(0, size - 33)}).encode()
