"""Which format an answer takes: `format=`, a `.csv` suffix on the path, or `Accept`.

An explicit `format` wins; then the suffix; then the `Accept` header's preference between
JSON and CSV (JSON when there is none, as for a browser's `*/*`). The answer says
`Vary: Accept`, so caches keep the two apart.
"""

from __future__ import annotations

from flask import g, request

from api.errors import InvalidArgument

CSV_SUFFIX = ".csv"
OFFERED = ("application/json", "text/csv")


def wants_csv(format_arg: str | None) -> bool:
    """Whether this request asks for CSV."""
    g.vary_accept = True
    if request.path.endswith(CSV_SUFFIX):
        if format_arg == "json":
            detail = "format=json contradicts the .csv at the end of the path"
            raise InvalidArgument(detail, errors={"format": [detail]})
        return True
    if format_arg:
        return format_arg == "csv"
    return request.accept_mimetypes.best_match(OFFERED, default=OFFERED[0]) == "text/csv"
