"""The preferred-claim rule: which claim of a group is the headline, and which step decided.

This module is the only place that ranks claims (a test checks it). Everything that shows
one claim per date or batch — the claim reads, the first-release view, resampling, charts,
pages, the data package, release batches and their summaries — asks it.

A group is the claims of one series that share `date`, `date_precision`, `period_start` and
(from rule 2) `part`. Its preferred claim is the first by these steps; `preferred_by` on the
preferred claim names the step at which it first differed from the runner-up (`only_claim`
when it stood alone):

    rule 2 (from the revision that introduced it on)     rule 1 (the revisions before)
    1. curator           marked preferred by a curator;   —
                         a claim marked disputed is never
                         preferred while an undisputed one
                         exists
    2. own_publication   published by the counting        1. own_publication
                         source itself
    3. qualifier         exact, then a bound (at least,   —
                         more than, at most, almost),
                         then an estimate (about, or
                         status estimate)
    4. latest_published  the latest published_at;        2. latest_published
                         unknown dates last
    5. latest_recorded   the highest revision, then the   3. latest_recorded
                         highest observation id

Every revision records the rule in force (`revisions.rule`), and a read at a revision judges
with that revision's rule, so an answer pinned to an earlier revision never changes.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Final

from api.domain import conflicts
from api.domain.records import Claim

ONLY_CLAIM: Final = "only_claim"
CURATOR: Final = "curator"
OWN_PUBLICATION: Final = "own_publication"
QUALIFIER: Final = "qualifier"
LATEST_PUBLISHED: Final = "latest_published"
LATEST_RECORDED: Final = "latest_recorded"
STEPS: Final = (ONLY_CLAIM, CURATOR, OWN_PUBLICATION, QUALIFIER, LATEST_PUBLISHED, LATEST_RECORDED)
LATEST_RULE: Final = 2
BOUNDS: Final = frozenset({"at_least", "more_than", "at_most", "almost"})

Key = Callable[[Claim], Any]  # smaller is better


def _curator(claim: Claim) -> tuple[int, int]:
    return (claim.curator_mark == "disputed", claim.curator_mark != "preferred")


def _own_publication(claim: Claim) -> bool:
    return not claim.primary


def _qualifier(claim: Claim) -> int:
    if claim.status == "estimate" or claim.qualifier == "about":
        return 2
    return 1 if claim.qualifier in BOUNDS else 0


def _latest_published(claim: Claim) -> tuple[bool, int]:
    published = claim.published_at
    return (published is None, -published.toordinal() if published else 0)


def _latest_recorded(claim: Claim) -> tuple[int, int]:
    return (-claim.revision, -claim.observation_id)


@dataclass(frozen=True)
class Rule:
    """One version of the rule: its steps in order, and what makes a group."""

    version: int
    steps: tuple[tuple[str, Key], ...]
    parts_apart: bool  # whether `part` is part of the group key

    def group_key(self, claim: Claim) -> tuple[Any, ...]:
        """The group a claim belongs to within its series."""
        key = (claim.series_id, claim.date, claim.date_precision, claim.period_start)
        return (*key, claim.part) if self.parts_apart else key

    def sort_key(self, claim: Claim) -> tuple[Any, ...]:
        """The claim's standing in its group, step by step (smaller first)."""
        return tuple(key(claim) for _, key in self.steps)


RULES: Final = {
    1: Rule(
        1,
        (
            (OWN_PUBLICATION, _own_publication),
            (LATEST_PUBLISHED, _latest_published),
            (LATEST_RECORDED, _latest_recorded),
        ),
        parts_apart=False,
    ),
    2: Rule(
        2,
        (
            (CURATOR, _curator),
            (OWN_PUBLICATION, _own_publication),
            (QUALIFIER, _qualifier),
            (LATEST_PUBLISHED, _latest_published),
            (LATEST_RECORDED, _latest_recorded),
        ),
        parts_apart=True,
    ),
}


def rule(version: int) -> Rule:
    """The rule of that version."""
    return RULES[version]


def ranked(claims: Sequence[Claim], version: int) -> tuple[list[Claim], str]:
    """The claims best first, and the step that put the first ahead of the second."""
    chosen = RULES[version]
    keyed = sorted(((chosen.sort_key(c), c) for c in claims), key=lambda pair: pair[0])
    order = [claim for _, claim in keyed]
    if len(keyed) < 2:
        return order, ONLY_CLAIM
    first, second = keyed[0][0], keyed[1][0]
    step = next(i for i, (a, b) in enumerate(zip(first, second, strict=True)) if a != b)
    return order, chosen.steps[step][0]


def judge(group: Sequence[Claim], version: int) -> list[Claim]:
    """Judge one group in place (preferred, preferred_by, conflict, conflict_with); best first."""
    order, step = ranked(group, version)
    pairs = conflicts.conflicting_pairs(order, version)
    conflict = any(pairs.values())
    for index, claim in enumerate(order):
        claim.preferred = index == 0
        claim.preferred_by = step if index == 0 else None
        claim.conflict = conflict
        claim.conflict_with = pairs[claim.observation_id]
    return order


def judged(claims: Iterable[Claim], version: int) -> Iterator[Claim]:
    """Claims in group order, judged group by group; each group's preferred claim first.

    `claims` must come sorted so that each group's claims are together (storage sorts by
    series, date, precision, period start and part).
    """
    key = RULES[version].group_key
    for _, group in itertools.groupby(claims, key=key):
        yield from judge(list(group), version)


def preferred_of(claims: Sequence[Claim], version: int) -> tuple[Claim, str] | None:
    """The claim the rule prefers among `claims` (any grouping), and the deciding step."""
    if not claims:
        return None
    order, step = ranked(claims, version)
    return order[0], step
