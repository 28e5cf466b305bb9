"""JSON output: ISO 8601 for every date and time, never Flask's HTTP-date default."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask.json.provider import DefaultJSONProvider


class IsoJSONProvider(DefaultJSONProvider):
    """Flask's JSON provider, writing dates as `2025-11-22` and times with their offset."""

    sort_keys = False

    @staticmethod
    def default(o: Any) -> Any:
        """Dates and times as ISO 8601; everything else as Flask does it."""
        if isinstance(o, dt.date | dt.datetime):
            return o.isoformat()
        return DefaultJSONProvider.default(o)
