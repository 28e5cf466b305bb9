"""Which version of a row is alive at a revision."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, or_


def alive_at(table: Any, revision: int | Any) -> ColumnElement[bool]:
    """Rows added at or before `revision` (a number or a column) and not yet removed by it."""
    return and_(
        table.added_in <= revision,
        or_(table.removed_in.is_(None), table.removed_in > revision),
    )
