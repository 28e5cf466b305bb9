"""What a qualifier says about the true figure, and what it says about a computed value.

QUALIFIERS run from the strongest statement to the weakest, so the weakest of several is
the one with the highest index. A qualifier's bound is a set of bits:

    exact                 0            the figure is the value
    at_least, more_than   LOWER        the true figure is at least the value
    at_most, almost       UPPER        the true figure is at most the value
    about                 APPROXIMATE

A claim with status `estimate` is APPROXIMATE whatever its qualifier. Adding values keeps
every bit; subtracting a value swaps its LOWER and UPPER. A value with both LOWER and UPPER
has no known direction: "indeterminate".

A computed value says what its bound says, and nothing else (`qualifier_of`): at least for
a lower bound, at most for an upper one, about for an approximate one, exact when every
claim it comes from is exact. An indeterminate value is not given at all.
"""

from __future__ import annotations

from collections.abc import Iterable

from api.domain.vocabulary import QUALIFIERS

LOWER, UPPER, APPROXIMATE = 1, 2, 4
BOUND_BITS = (LOWER, UPPER, APPROXIMATE)
BOUND_NAMES = ("lower", "upper", "approximate", "indeterminate")
QUALIFIER_BOUND = {
    "exact": 0,
    "at_least": LOWER,
    "more_than": LOWER,
    "at_most": UPPER,
    "almost": UPPER,
    "about": APPROXIMATE,
}


QUALIFIER_OF_BOUND = {0: "exact", LOWER: "at_least", UPPER: "at_most", APPROXIMATE: "about"}
INDETERMINATE_REASON = (
    "the claims it comes from bound it in opposite directions, so it has no known value"
)


def claim_bound(qualifier: str, status: str = "reported") -> int:
    """The bound bits of one claim."""
    return QUALIFIER_BOUND[qualifier] | (APPROXIMATE if status == "estimate" else 0)


def qualifier_of(bits: int) -> str | None:
    """The qualifier a computed value with these bound bits carries (None: indeterminate)."""
    if bits & LOWER and bits & UPPER:
        return None
    if bits & APPROXIMATE:
        return "about"
    return QUALIFIER_OF_BOUND[bits & (LOWER | UPPER)]


def weakest(qualifiers: Iterable[str]) -> str:
    """The weakest of the qualifiers (`exact` when there are none)."""
    return QUALIFIERS[max((QUALIFIERS.index(q) for q in qualifiers), default=0)]


def flipped(bits: int) -> int:
    """The bound of a value that is subtracted: a lower bound becomes an upper one."""
    swapped = (UPPER if bits & LOWER else 0) | (LOWER if bits & UPPER else 0)
    return swapped | (bits & APPROXIMATE)


def bound_name(bits: int) -> str | None:
    """`lower`, `upper`, `approximate`, `indeterminate`, or None for an exact value."""
    if bits & LOWER and bits & UPPER:
        return "indeterminate"
    if bits & APPROXIMATE:
        return "approximate"
    if bits & LOWER:
        return "lower"
    return "upper" if bits & UPPER else None
