"""What services hand to the HTTP layer: data plus the revision it answers for."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Item(Generic[T]):
    """One object at a revision."""

    revision: int
    data: T


@dataclass(frozen=True)
class Page(Generic[T]):
    """A slice of a list at a revision; `has_more` says whether a next page exists."""

    revision: int
    data: list[T]
    offset: int = 0
    limit: int | None = None
    has_more: bool = False
    meta: dict[str, Any] = field(default_factory=dict)


def page_of(revision: int, rows: list[T], offset: int, limit: int | None) -> Page[T]:
    """Cut rows fetched with one extra (limit + 1) into a page that knows if more remain."""
    has_more = limit is not None and len(rows) > limit
    return Page(revision, rows[:limit] if has_more else rows, offset, limit, has_more)
