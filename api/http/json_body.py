"""Reading JSON request bodies: what the standard parser lets through and storage cannot hold.

Three things parse as JSON and then fail deep inside a write, or write what was not meant:

- a lone surrogate (`"x\\ud800y"`): a string no UTF-8 database can store;
- nesting thousands of levels deep: Python's recursion limit, in the parser or in any
  code that walks the value afterwards;
- a name twice in one object (`{"value": 1, "value": 2}`): the standard parser keeps the
  last silently, while other readers (a proxy, a validator, the curator's own tool) may
  keep the first, so what was checked and what is stored could differ (RFC 8259 §4).

`loads` refuses them before any schema sees the body: 400 problem+json naming where
(`observations.0.quote`), nothing written. No body of this API nests deeper than a few
levels, so MAX_DEPTH leaves room and stays far below the recursion limit.
"""

from __future__ import annotations

import json
import re
from typing import Any

from api.errors import InvalidArgument

MAX_DEPTH = 32
# Only an escape can put a surrogate into a parsed string: raw ones are invalid UTF-8.
_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_ESCAPE_BYTES = re.compile(rb"\\u[dD][89a-fA-F]")


def loads(data: str | bytes) -> Any:
    """The parsed body; InvalidArgument for deep nesting or a lone surrogate."""
    try:
        value = json.loads(data, object_pairs_hook=_unique_names)
    except RecursionError:
        raise _too_deep() from None
    except _NamedTwice as twice:
        message = f"the name {twice.name!r} appears twice in one object"
        raise InvalidArgument(message, {"_schema": [message]}) from None
    escaped = _ESCAPE_BYTES.search(data) if isinstance(data, bytes) else _ESCAPE.search(data)
    check(value, surrogates=escaped is not None)
    return value


class _NamedTwice(Exception):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _unique_names(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):
        seen: set[str] = set()
        for name, _ in pairs:
            if name in seen:
                raise _NamedTwice(name[:100])
            seen.add(name)
    return found


def check(value: Any, surrogates: bool = True) -> None:
    """Refuse nesting past MAX_DEPTH and (when asked) strings with lone surrogates."""
    stack: list[tuple[Any, str, int]] = [(value, "", 0)]
    while stack:
        node, path, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _too_deep()
        if isinstance(node, dict):
            for key, item in node.items():
                where = f"{path}.{key}" if path else str(key)
                if surrogates and _lone_surrogate(key):
                    raise _surrogate(path or "_schema")
                if surrogates or isinstance(item, dict | list):
                    stack.append((item, where, depth + 1))
        elif isinstance(node, list):
            for index, item in enumerate(node):
                if surrogates or isinstance(item, dict | list):
                    stack.append((item, f"{path}.{index}" if path else str(index), depth + 1))
        elif surrogates and isinstance(node, str) and _lone_surrogate(node):
            raise _surrogate(path or "_schema")


def _lone_surrogate(text: str) -> bool:
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _too_deep() -> InvalidArgument:
    message = f"the JSON body nests deeper than {MAX_DEPTH} levels"
    return InvalidArgument(message, {"_schema": [message]})


def _surrogate(path: str) -> InvalidArgument:
    message = "holds a lone surrogate (an unpaired \\ud800-\\udfff escape), which is not text"
    return InvalidArgument(f"{path}: {message}", {path: [message]})
