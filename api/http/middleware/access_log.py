"""The access log: one JSON line per request, with no secret in it.

A token sent where it does not belong (`?access_token=pct_…`) must not end up in a log
file: the values of token-like query arguments (`access_token`, `token`, `api_key`, …)
and anything shaped like a token (this service's `pct_…`, a JWT, a long opaque run of
letters and digits), in the query or the path, are written as `[redacted]`.

Records are made bare (no caller lookup, no thread or process names: `AccessRecord`), since
the hit layer writes one for every cached answer.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
import time
from typing import Any

import orjson
from flask import Flask

ACCESS_LOGGER = "prisoner_counts.access"
REDACTED = "[redacted]"
SECRET_NAMES = (
    "access_token|token|api_key|apikey|api-key|key|secret|client_secret|password|passwd"
    "|auth|authorization|bearer|jwt|id_token|refresh_token|session|sessionid|signature|sig"
)
_SECRET_ARGUMENT = re.compile(rf"(^|&)((?:{SECRET_NAMES})=)[^&]*", re.IGNORECASE)
_TOKEN_SHAPED = re.compile(
    r"pct_[A-Za-z0-9_\-]+"  # this service's tokens
    r"|eyJ[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+(?:\.[A-Za-z0-9_\-]*)?"  # JWTs
    r"|[A-Za-z0-9_\-]{32,}"  # a long opaque run: a key when it mixes letters and digits
)
_DIGIT, _LETTER = re.compile(r"[0-9]"), re.compile(r"[A-Za-z]")
_LOGGER = logging.getLogger(ACCESS_LOGGER)


@functools.lru_cache(maxsize=4096)  # the same paths and queries come again and again
def redact(text: str) -> str:
    """The query string or path with secret-looking values replaced by `[redacted]`."""
    if not text:
        return text
    text = _SECRET_ARGUMENT.sub(rf"\1\2{REDACTED}", text)
    return _TOKEN_SHAPED.sub(_redacted, text)


def _redacted(found: re.Match[str]) -> str:
    text = found.group()
    if text.startswith(("pct_", "eyJ")) or (_DIGIT.search(text) and _LETTER.search(text)):
        return REDACTED
    return text


_STATIC: dict[str, Any] = {
    "name": ACCESS_LOGGER,
    "msg": "request",
    "args": (),
    "levelno": logging.INFO,
    "levelname": "INFO",
    "pathname": __file__,
    "filename": "access_log.py",
    "module": "access_log",
    "lineno": 0,
    "funcName": "write",
    "exc_info": None,
    "exc_text": None,
    "stack_info": None,
    "thread": None,
    "threadName": None,
    "processName": None,
    "process": None,
    "taskName": None,
}


class AccessRecord(logging.LogRecord):
    """A log record made without the caller lookups `logging.LogRecord` does."""

    def __init__(self, fields: dict[str, Any]) -> None:
        """The record of one request's `fields` (formatters read the static attributes too)."""
        self.__dict__.update(_STATIC)
        self.created = time.time()
        self.msecs = (self.created - int(self.created)) * 1000
        self.relativeCreated = (self.created - logging._startTime) * 1000  # type: ignore[attr-defined]
        self.access = fields


def write(fields: dict[str, Any]) -> None:
    """Write one access log line (when the access logger is on)."""
    if _LOGGER.isEnabledFor(logging.INFO):
        _LOGGER.handle(AccessRecord(fields))


def enabled() -> bool:
    """Whether lines are written at all (the fields need not be made otherwise)."""
    return _LOGGER.isEnabledFor(logging.INFO)


class AccessFormatter(logging.Formatter):
    """One JSON object per line: time, message and the request's fields, by orjson."""

    def format(self, record: logging.LogRecord) -> str:
        """`{"timestamp": …, "message": "request", "request_id": …, …}`."""
        moment = dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat()
        fields = getattr(record, "access", {})
        return orjson.dumps(
            {"timestamp": moment, "message": record.getMessage(), **fields}
        ).decode()


def configure(app: Flask) -> None:
    """One JSON line per request on standard error, unless ACCESS_LOG is off."""
    if app.config.get("ACCESS_LOG", True) and not _LOGGER.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(AccessFormatter())
        _LOGGER.addHandler(handler)
        _LOGGER.setLevel(logging.INFO)
        _LOGGER.propagate = False
