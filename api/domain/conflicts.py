"""Conflict: the claims of a group cannot all be true at once.

Each claim says the true figure lies in a range (`value_range`):

    exact N                  N … N
    at_least N               N … no limit
    more_than N              N + 1 … no limit
    at_most N                no limit … N
    almost N                 N − tolerance … N
    about N                  N − tolerance … N + tolerance
    status `estimate`        as `about`, whatever its qualifier says

with a tolerance of 10 % of N (at least 1, rounded to the nearest whole number). Two claims
conflict when their ranges do not meet; a group conflicts when some pair does (for ranges on
a line, every pair meeting means all of them meet). So "1,257" and "at least 1,184" do not
conflict; "1,100" and "more than 1,150" do; "about 1,000" and "1,131" do (1,131 is beyond
1,000 + 100); two exact values that differ always do.

Rule 1 (the revisions before rule 2 took effect) knew no ranges: there, claims conflict when
their values differ, whatever their qualifiers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from api.domain.records import Claim

TOLERANCE: Final = 0.10
Range = tuple[int | None, int | None]  # None: no limit on that side


def tolerance(value: int) -> int:
    """How far `about N` / `almost N` may lie from N: 10 % of N, at least 1."""
    return max(1, round(value * TOLERANCE))


def value_range(value: int, qualifier: str, status: str = "reported") -> Range:
    """The range of true figures that a claim of `value` with `qualifier` allows."""
    if status == "estimate" or qualifier == "about":
        return value - tolerance(value), value + tolerance(value)
    if qualifier == "at_least":
        return value, None
    if qualifier == "more_than":
        return value + 1, None
    if qualifier == "at_most":
        return None, value
    if qualifier == "almost":
        return value - tolerance(value), value
    return value, value


def ranges_meet(a: Range, b: Range) -> bool:
    """Whether two ranges share at least one figure."""
    (a_low, a_high), (b_low, b_high) = a, b
    return (a_high is None or b_low is None or b_low <= a_high) and (
        b_high is None or a_low is None or a_low <= b_high
    )


def conflicting_pairs(claims: Sequence[Claim], rule: int) -> dict[int, tuple[int, ...]]:
    """For each claim (by observation id), the ids of the claims it cannot stand with."""
    if rule == 1:
        return {
            c.observation_id: tuple(o.observation_id for o in claims if o.value != c.value)
            for c in claims
        }
    ranges = [value_range(c.value, c.qualifier, c.status) for c in claims]
    return {
        c.observation_id: tuple(
            o.observation_id
            for o, other in zip(claims, ranges, strict=True)
            if not ranges_meet(mine, other)
        )
        for c, mine in zip(claims, ranges, strict=True)
    }


def cannot_all_hold(claims: Sequence[Claim], rule: int) -> bool:
    """Whether the claims cannot all be true at once."""
    return any(conflicting_pairs(claims, rule).values())
