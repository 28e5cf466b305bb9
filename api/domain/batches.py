"""Disagreement at the level people ask about: the release batch.

Every source's number for a batch is a claim pointing at it. Per measure (`released`, and
e.g. Myanmar's `released_political_prisoners`), the batch's totals are its claims that are
not parts (a part counts a subset: "taken to Ukraine"; a `released_part` series holds only
parts). For each measure the batch gets:

- `claimed_values`: each distinct total (value and qualifier) with the sources that claim it;
- `conflict`: whether the totals of one measure cannot all be true (`api.domain.conflicts`),
  across all sources; different measures never conflict (an announced total of prisoners
  released and a count of the political prisoners among them measure different things);
- `preferred`: the headline total, chosen by the preferred-claim rule over all sources.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from api.domain import conflicts, preference
from api.domain.records import Batch, Claim, ClaimedValue, Headline

PART_SUFFIX: Final = "_part"


def is_total(claim: Claim) -> bool:
    """Whether a claim counts a batch's total (not a part of it)."""
    return claim.part is None and not claim.measure.endswith(PART_SUFFIX)


def judge_batch(batch: Batch, claims: Iterable[Claim], version: int) -> None:
    """Fill in the batch's claimed values, conflict and headline per measure, from `claims`."""
    by_measure: dict[str, list[Claim]] = {}
    for claim in claims:
        if is_total(claim):
            by_measure.setdefault(claim.measure, []).append(claim)
    batch.claimed_values, batch.preferred, batch.conflict = [], [], False
    for measure in sorted(by_measure):
        totals = by_measure[measure]
        batch.claimed_values += claimed_values(measure, totals)
        batch.conflict = batch.conflict or conflicts.cannot_all_hold(totals, version)
        picked = preference.preferred_of(totals, version)
        if picked is not None:
            batch.preferred.append(Headline(measure, picked[1], picked[0]))


def claimed_values(measure: str, totals: list[Claim]) -> list[ClaimedValue]:
    """One entry per distinct total, most-claimed first, with the sources that claim it."""
    found: dict[tuple[int, str], list[Claim]] = {}
    for claim in totals:
        found.setdefault((claim.value, claim.qualifier), []).append(claim)
    entries = [
        ClaimedValue(
            measure,
            value,
            qualifier,
            tuple(dict.fromkeys(c.source_id for c in members)),
            len(members),
        )
        for (value, qualifier), members in found.items()
    ]
    return sorted(entries, key=lambda e: (-len(e.source_ids), -e.claim_count, -e.value))
