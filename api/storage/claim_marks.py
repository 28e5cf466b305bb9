"""A curator's judgement of a claim, written as a new version of it: preferred, or disputed.

A mark is part of the claim's versioned fields (`curator_mark`, `curator_reason`), so it is
a change like any other: one revision, in the history, reproducible with `as_of`. A group
has at most one claim marked preferred: marking another one clears the earlier mark.
"""

from __future__ import annotations

from typing import Any, Final

from sqlalchemy import select

from api.domain.vocabulary import CURATOR_MARKS
from api.errors import InvalidArgument
from api.storage.models import Observation
from api.storage.visibility import alive_at
from api.storage.writer import RevisionWriter

CLEAR: Final = "none"
GROUP: Final = ("series_id", "date", "date_precision", "period_start", "part")


def mark_claim(writer: RevisionWriter, observation_id: int, mark: str, reason: str) -> None:
    """Mark a claim preferred or disputed (or `none`: clear its mark), with the reason."""
    if mark not in (*CURATOR_MARKS, CLEAR):
        raise InvalidArgument(f"mark {mark!r} is not preferred, disputed or none")
    if not reason.strip():
        raise InvalidArgument("a mark needs a reason", {"reason": ["required"]})
    chosen = None if mark == CLEAR else mark
    correct_claim(writer, observation_id, {"curator_mark": chosen, "curator_reason": reason})


def correct_claim(writer: RevisionWriter, observation_id: int, fields: dict[str, Any]) -> None:
    """A correction of a claim; one that marks it preferred clears its group's other mark.

    A reason belongs to a mark: a cleared or superseded mark keeps none (why it was cleared is
    the revision's message), and a reason for a claim without a mark is refused.
    """
    if "curator_mark" in fields and fields["curator_mark"] is None:
        fields = {**fields, "curator_reason": None}
    elif "curator_reason" in fields and "curator_mark" not in fields:
        if writer.current_observation(observation_id).curator_mark is None:
            message = "curator_reason is the reason of a curator_mark; the claim has none"
            raise InvalidArgument(message, {"curator_reason": ["needs curator_mark"]})
    if fields.get("curator_mark") == "preferred":
        current = writer.current_observation(observation_id)
        group = {name: fields.get(name, getattr(current, name)) for name in GROUP}
        for other in _marked_preferred(writer, observation_id, group):
            writer.correct_observation(other, curator_mark=None, curator_reason=None)
    writer.correct_observation(observation_id, **fields)


def _marked_preferred(
    writer: RevisionWriter, observation_id: int, group: dict[str, Any]
) -> list[int]:
    """Other claims of the group that carry a preferred mark."""
    o = Observation
    query = select(o.id).where(
        alive_at(o, writer.revision),
        o.id != observation_id,
        o.series_id == group["series_id"],
        o.date == group["date"],
        o.date_precision == group["date_precision"],
        o.period_start.is_not_distinct_from(group["period_start"]),
        o.part.is_not_distinct_from(group["part"]),
        o.curator_mark == "preferred",
    )
    return [int(i) for i in writer.session.scalars(query)]
