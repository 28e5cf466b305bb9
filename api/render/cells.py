"""The one CSV cell function: every CSV the service writes has its cells made by `cell`.

    None                 empty cell
    True / False         `true` / `false`
    date, datetime       ISO 8601 (`2025-11-22`, `2026-11-27T09:14:00+00:00`)
    {lang: text}         a JSON object (`{"be": "…"}`), empty when there is none
    a list or tuple      its items joined by spaces (ids of conflicting claims, tags)
    a number             as it is: a negative number stays a number
    any text             as it is, unless a spreadsheet would run it as a formula

A text that begins with `=`, `+`, `-`, `@`, a tab or a carriage return (after any leading
apostrophes) gets one apostrophe in front, so Excel, LibreOffice and Google Sheets show it
as text. That holds for every text of every column (quotes, names, revision messages,
authors, reasons, ids), whatever the writer: `api.render.csv`, the streamed export, the
data package. `restore_text` removes exactly that apostrophe again, so the project's own
CSV import reads back what was written.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

_FORMULA = re.compile(r"^'*[=+\-@\t\r]")
_NEUTRALISED = re.compile(r"^'+[=+\-@\t\r]")
_RISKY_FIRST = frozenset("=+-@\t\r'")


def cell(value: Any) -> Any:
    """`value` as a CSV cell (what `csv.writer` writes as it is)."""
    kind = type(value)
    if kind is str:
        return neutralise_text(value) if value and value[0] in _RISKY_FIRST else value
    if kind is int or kind is float:
        return value
    if value is None:
        return ""
    if kind is bool:
        return "true" if value else "false"
    if isinstance(value, dt.date):  # datetime too
        return value.isoformat()
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""
    if isinstance(value, list | tuple):
        return neutralise_text(" ".join(str(item) for item in value))
    if isinstance(value, str):
        return neutralise_text(value)
    return value


def neutralise_text(text: str) -> str:
    """Prefix an apostrophe to a text that a spreadsheet would run as a formula."""
    return "'" + text if _FORMULA.match(text) else text


def restore_text(text: str) -> str:
    """Undo `neutralise_text`."""
    return text[1:] if _NEUTRALISED.match(text) else text
