"""Is a document published by a source? By the source's name or its web site."""

from __future__ import annotations

import re

from datasets.checks.mirrors import host


def published_by(source: dict[str, str], document: dict[str, str]) -> bool:
    """The document's publisher names the source, or its address is on the source's site."""
    publisher = (document.get("publisher") or "").lower()
    names = {source.get("id", ""), *_words(source.get("name", ""))}
    if any(name and name in publisher for name in names if len(name) > 2):
        return True
    home = host(source.get("homepage") or "")
    return bool(home) and host(document["url"]).endswith(home)


def _words(name: str) -> set[str]:
    cleaned = re.sub(r"[^\w\s-]", " ", name.lower())
    return {cleaned.strip(), *(w for w in cleaned.split() if len(w) > 3)}
