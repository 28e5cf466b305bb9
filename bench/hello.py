"""The ceiling: the smallest Flask app, served by the same gunicorn settings as the service.

It answers a small JSON object, as the acceptance check's hello-world app does.
"""

from __future__ import annotations

from typing import Any

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> dict[str, Any]:
    """`{"hello": "world", "padding": "xxx…"}` (about 200 bytes)."""
    return {"hello": "world", "padding": "x" * 160}
