"""`Accept-Encoding` without the codings a client refuses, before anything reads it.

Flask-Compress ranks codings by their weight but never drops a weight of zero, so
`gzip;q=0` got gzip, and `br;q=0, gzip;q=0` got br: a client that cannot decode a coding
received it (RFC 9110 §12.5.3: `q=0` means "not acceptable"). The hit layer rewrites the
header once, so compression, the stored answers' keys and their ETags all see one header.
"""

from __future__ import annotations

from typing import Any

HEADER = "HTTP_ACCEPT_ENCODING"


def drop_refused(environ: dict[str, Any]) -> None:
    """Remove `q=0` codings from the request's `Accept-Encoding`, in place."""
    header = environ.get(HEADER)
    if header and "q=" in header.replace(" ", "").lower():
        environ[HEADER] = acceptable(header)


def acceptable(header: str) -> str:
    """The header's codings, in order, without those weighted zero."""
    kept = [part.strip() for part in header.split(",") if _weight(part) != 0.0]
    return ", ".join(part for part in kept if part)


def _weight(part: str) -> float | None:
    """The coding's `q`, or None when it gives none (or one that is not a number)."""
    for param in part.split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                return float(value.strip())
            except ValueError:
                return None
    return None
