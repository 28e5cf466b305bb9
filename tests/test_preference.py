"""The preferred-claim rule and the conflict ranges, on hand-made claims (api.domain)."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

from api.domain import conflicts, preference
from api.domain.batches import judge_batch
from api.domain.records import Batch
from tests.claims import make_claim

D = dt.date
API = Path(__file__).resolve().parents[1] / "api"


def judged(*claims, rule=2):
    return preference.judge(list(claims), rule)


def test_an_exact_value_beats_a_bound_by_the_qualifier_step():
    # 22 Nov 2025: AP's exact 1,257 and Kyiv Independent's "at least 1,184", both reports by
    # others, published the same day, recorded in one revision: the qualifier decides.
    bound = make_claim(value=1184, qualifier="at_least", published_at=D(2025, 11, 22))
    exact = make_claim(value=1257, published_at=D(2025, 11, 22))
    first, second = judged(bound, exact)
    assert (first.value, first.preferred, first.preferred_by) == (1257, True, "qualifier")
    assert (second.preferred, second.preferred_by) == (False, None)
    assert not first.conflict and not second.conflict  # 1,257 is at least 1,184
    assert first.conflict_with == second.conflict_with == ()


def test_rule_1_knew_no_qualifier_step_and_no_ranges():
    bound = make_claim(value=1184, qualifier="at_least", published_at=D(2025, 11, 22))
    exact = make_claim(value=1257, published_at=D(2025, 11, 22))
    first, _ = judged(bound, exact, rule=1)
    assert (first.value, first.preferred_by) == (1257, "latest_recorded")  # the higher id
    assert first.conflict  # rule 1: values that differ


@pytest.mark.parametrize(
    ("a", "b", "step"),
    [
        ({"curator_mark": "preferred", "curator_reason": "why"}, {"primary": True}, "curator"),
        ({"primary": True}, {"published_at": D(2025, 1, 2)}, "own_publication"),
        ({}, {"qualifier": "about"}, "qualifier"),
        ({}, {"status": "estimate"}, "qualifier"),
        ({"qualifier": "more_than"}, {"qualifier": "about"}, "qualifier"),
        ({"published_at": D(2025, 1, 2)}, {"published_at": D(2025, 1, 1)}, "latest_published"),
        ({"published_at": D(2025, 1, 1)}, {}, "latest_published"),
        ({"revision": 3}, {"revision": 2}, "latest_recorded"),
    ],
)
def test_each_step_decides_when_the_steps_before_tie(a, b, step):
    winner, loser = make_claim(value=10, **a), make_claim(value=10, **b)
    first, _ = judged(loser, winner)
    assert (first.observation_id, first.preferred_by) == (winner.observation_id, step)


def test_a_disputed_claim_is_never_preferred_while_an_undisputed_one_exists():
    disputed = make_claim(value=10, primary=True, curator_mark="disputed", curator_reason="x")
    other = make_claim(value=12, qualifier="about")
    first, _ = judged(disputed, other)
    assert (first.observation_id, first.preferred_by) == (other.observation_id, "curator")
    only_disputed = judged(make_claim(curator_mark="disputed", curator_reason="x"))
    assert only_disputed[0].preferred and only_disputed[0].preferred_by == "only_claim"


@pytest.mark.parametrize(
    ("a", "b", "clash"),
    [
        ((1257, "exact"), (1184, "at_least"), False),
        ((1100, "exact"), (1150, "more_than"), True),
        ((1151, "exact"), (1150, "more_than"), False),
        ((1150, "exact"), (1150, "more_than"), True),
        ((1446, "exact"), (1448, "exact"), True),
        ((1000, "about"), (1131, "exact"), True),
        ((1100, "about"), (1131, "exact"), False),
        ((1500, "almost"), (1500, "exact"), False),
        ((1500, "almost"), (1501, "exact"), True),
        ((100, "at_most"), (90, "at_least"), False),
        ((80, "at_most"), (90, "at_least"), True),
        ((10, "at_least"), (20, "more_than"), False),
    ],
)
def test_conflict_is_ranges_that_do_not_meet(a, b, clash):
    first, second = make_claim(value=a[0], qualifier=a[1]), make_claim(value=b[0], qualifier=b[1])
    assert conflicts.cannot_all_hold([first, second], 2) is clash
    for claim in judged(first, second):
        assert claim.conflict is clash


def test_conflict_with_names_only_the_claims_a_claim_cannot_stand_with():
    low, high = make_claim(value=1446), make_claim(value=1448)
    bound = make_claim(value=1000, qualifier="at_least")
    by_id = {c.observation_id: c for c in judged(low, high, bound)}
    assert by_id[low.observation_id].conflict_with == (high.observation_id,)
    assert by_id[high.observation_id].conflict_with == (low.observation_id,)
    assert by_id[bound.observation_id].conflict_with == ()
    assert all(c.conflict for c in by_id.values())  # the group's claims cannot all be true


def test_parts_are_groups_of_their_own_and_never_conflict_with_the_total():
    total = make_claim(value=123, series_id="BY.released.viasna")
    ukraine = make_claim(value=114, part="taken to Ukraine", series_id="BY.released.viasna")
    lithuania = make_claim(value=9, part="taken to Lithuania", series_id="BY.released.viasna")
    claims = sorted([total, ukraine, lithuania], key=lambda c: c.part or "")  # as storage sorts
    out = list(preference.judged(claims, 2))
    assert [(c.value, c.preferred, c.preferred_by, c.conflict) for c in out] == [
        (123, True, "only_claim", False),
        (9, True, "only_claim", False),
        (114, True, "only_claim", False),
    ]


def test_a_batch_carries_its_claimed_values_conflict_and_headline_per_measure():
    # 11 Sept 2025: 52 (Reuters, US government), 51 (AP), 50 (RBC-Ukraine); a part apart.
    def released(source, value, **more):
        return make_claim(series_id=f"BY.released.{source}", source_id=source, value=value, **more)

    claims = [
        released("reuters", 52, published_at=D(2025, 9, 11)),
        released("us-government", 52, primary=True),
        released("ap", 51),
        released("rbc-ukraine", 50),
        released("viasna", 14, part="foreign nationals"),
    ]
    batch = Batch("BY-2025-09-11", D(2025, 9, 11), "day", "BY", "mixed", "pardon", None, None, None)
    judge_batch(batch, claims, 2)
    assert [(v.value, v.source_ids, v.claim_count) for v in batch.claimed_values] == [
        (52, ("reuters", "us-government"), 2),
        (51, ("ap",), 1),
        (50, ("rbc-ukraine",), 1),
    ]
    assert batch.conflict is True
    [headline] = batch.preferred
    assert (headline.measure, headline.value, headline.preferred_by) == (
        "released",
        52,
        "own_publication",
    )


def test_different_measures_never_conflict():
    junta = make_claim(series_id="MM.released.myanmar-junta", source_id="myanmar-junta", value=5636)
    aapp = make_claim(
        series_id="MM.released_political_prisoners.aapp", source_id="aapp", value=4065
    )
    batch = Batch(
        "MM-2021-10-18", D(2021, 10, 18), "day", "MM", "mixed", "amnesty", None, None, None
    )
    judge_batch(batch, [junta, aapp], 2)
    assert batch.conflict is False
    assert [h.measure for h in batch.preferred] == ["released", "released_political_prisoners"]


def _ranking_calls(path: Path) -> list[str]:
    """Places in a module that rank claims: window functions, or sorting by rule fields."""
    tree = ast.parse(path.read_text())
    found = []
    rule_fields = {"primary", "is_primary", "published_at", "qualifier", "curator_mark", "added_in"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name in ("row_number", "rank", "dense_rank", "over"):
                found.append(f"{path.name}:{node.lineno} {name}()")
            if name in ("sorted", "sort", "max", "min") and any(
                isinstance(n, ast.Attribute | ast.Constant)
                and getattr(n, "attr", getattr(n, "value", None)) in rule_fields
                for keyword in node.keywords
                if keyword.arg == "key"
                for n in ast.walk(keyword.value)
            ):
                found.append(f"{path.name}:{node.lineno} {name}(key=…)")
    return found


def test_no_module_but_the_rules_own_ranks_claims():
    offenders = [
        place
        for path in sorted(API.rglob("*.py"))
        if path.name != "preference.py" and "migrations" not in path.parts
        for place in _ranking_calls(path)
    ]
    assert offenders == []


def test_the_ranking_check_finds_a_second_implementation(tmp_path):
    rogue = tmp_path / "rogue.py"
    rogue.write_text(
        "def pick(claims):\n"
        "    return max(claims, key=lambda c: (c['primary'], c['published_at']))\n"
        "from sqlalchemy import func\n"
        "rank = func.row_number().over()\n"
    )
    assert len(_ranking_calls(rogue)) == 3
