"""The time-series engine on hand-made claims: periods, aggregations, bounds, transforms."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from api.domain.bounds import bound_name, flipped
from api.domain.records import Claim
from api.errors import InvalidArgument
from api.services.research.alignment import aligned
from api.services.research.timeseries import Resampling, check_allowed, periods
from tests.claims import make_claim

D = dt.date


def claim(
    day: str, value: int, qualifier: str = "exact", base: str | None = None, **more: Any
) -> Claim:
    """A claim dated `YYYY-MM-DD`, `YYYY-MM` or `YYYY`."""
    parts = [int(p) for p in day.split("-")]
    precision = {1: "year", 2: "month", 3: "day"}[len(parts)]
    parts += [1] * (3 - len(parts))
    return make_claim(
        date=D(*parts),
        date_precision=precision,
        period_start=D.fromisoformat(base) if base else None,
        value=value,
        qualifier=qualifier,
        observation_id=abs(hash((day, value))) % 10_000,
        **more,
    )


STOCK = [
    claim("2024-10-31", 1299),
    claim("2024-11-07", 1300, "almost"),
    claim("2024-11-30", 1296),
    claim("2024-12-31", 1265),
    claim("2024", 1300, "more_than"),
    claim("2025-02", 1250, "at_least"),
]


def rows(claims, **spec) -> list[tuple]:
    result = periods(claims, Resampling(**spec))
    return [
        (r["period"], r["value"], r["qualifier"], r["bound"], r["derived"], r["claim_count"])
        for r in result.rows
    ]


def test_monthly_last_fills_empty_months_and_leaves_out_year_claims():
    result = periods(STOCK, Resampling("stock", "M"))
    assert [(r["period"], r["period_end"], r["value"]) for r in result.rows] == [
        ("2024-10", D(2024, 10, 31), 1299),
        ("2024-11", D(2024, 11, 30), 1296),
        ("2024-12", D(2024, 12, 31), 1265),
        ("2025-01", D(2025, 1, 31), None),
        ("2025-02", D(2025, 2, 28), 1250),
    ]
    assert result.claims_left_out == 1
    assert [r["claim_count"] for r in result.rows] == [1, 2, 1, 0, 1]


def test_yearly_periods_hold_claims_of_every_precision():
    assert rows(STOCK, kind="stock", frequency="Y") == [
        ("2024", 1265, "exact", None, False, 5),
        ("2025", 1250, "at_least", "lower", False, 1),
    ]


@pytest.mark.parametrize(
    ("how", "expected"),
    [
        ("first", (1300, "almost", "upper", False)),
        ("last", (1296, "exact", None, False)),
        ("min", (1296, "exact", None, False)),
        ("max", (1300, "almost", "upper", False)),
        ("mean", (1298.0, "at_most", "upper", True)),
    ],
)
def test_aggregations_of_one_month(how, expected):
    [november] = [r for r in rows(STOCK, kind="stock", frequency="M", aggregation=how)][1:2]
    assert november[1:5] == expected


def test_monthly_diff_uses_the_month_before_the_range():
    assert rows(STOCK, kind="stock", frequency="M", transform="diff", start=D(2024, 11, 1)) == [
        ("2024-11", -3, "exact", None, False, 2),
        ("2024-12", -31, "exact", None, False, 1),
        ("2025-01", None, None, None, False, 0),
        ("2025-02", None, None, None, False, 1),
    ]


def test_a_difference_from_a_bound_flips_its_direction():
    claims = [claim("2024-01-31", 100, "at_least"), claim("2024-02-29", 90)]
    # 90 − (at least 100) is at most −10: the qualifier says what the bound says.
    assert rows(claims, kind="stock", transform="diff")[1] == (
        "2024-02-29",
        -10,
        "at_most",
        "upper",
        True,
        1,
    )


def test_pct_change_is_a_fraction():
    claims = [claim("2024-01-31", 200), claim("2024-02-29", 250)]
    assert rows(claims, kind="stock", frequency="M", transform="pct_change")[1][1] == 0.25


def test_cumsum_of_flows_carries_every_bound_so_far():
    claims = [claim("2024-01-05", 10), claim("2024-01-20", 5, "about"), claim("2024-03-02", 7)]
    assert rows(claims, kind="flow", frequency="M", transform="cumsum") == [
        ("2024-01", 15, "about", "approximate", True, 2),
        ("2024-02", None, None, None, False, 0),
        ("2024-03", 22, "about", "approximate", True, 1),
    ]


def test_a_sum_of_lower_and_upper_bounds_has_no_direction():
    claims = [claim("2024-01-05", 10, "at_least"), claim("2024-01-20", 5, "almost")]
    [row] = periods(claims, Resampling("flow", "M")).rows
    assert (row["value"], row["qualifier"], row["bound"]) == (None, None, "indeterminate")
    assert "opposite directions" in row["empty_reason"]


LOWER_WORDS, UPPER_WORDS = {"at_least", "more_than"}, {"at_most", "almost"}
QUALIFIERS_OF = {"lower": {"at_least"}, "upper": {"at_most"}, "approximate": {"about"}}


TRANSFORMS = ["none", "diff", "pct_change", "cumsum"]
FIRSTS = ["exact", "at_least", "more_than", "at_most", "almost", "about"]
SECONDS = ["exact", "at_least", "almost", "about"]
HOWS = ["last", "sum", "mean"]
# Every first qualifier with every transform, the second qualifier and the aggregation
# turning round with them (24 cases); the whole product (288) is the slow test below.
SAMPLED = [
    (transform, first, SECONDS[(i + j) % len(SECONDS)], HOWS[(i + 2 * j) % len(HOWS)])
    for i, transform in enumerate(TRANSFORMS)
    for j, first in enumerate(FIRSTS)
]


@pytest.mark.parametrize(("transform", "first", "second", "how"), SAMPLED)
def test_no_derived_row_carries_a_qualifier_its_bound_contradicts(transform, first, second, how):
    check_bounds_agree(transform, first, second, how)


@pytest.mark.slow
@pytest.mark.parametrize("transform", TRANSFORMS)
@pytest.mark.parametrize("first", FIRSTS)
@pytest.mark.parametrize("second", SECONDS)
@pytest.mark.parametrize("how", HOWS)
def test_no_derived_row_of_any_combination_contradicts_its_bound(transform, first, second, how):
    check_bounds_agree(transform, first, second, how)


def check_bounds_agree(transform: str, first: str, second: str, how: str) -> None:
    claims = [
        claim("2024-01-10", 100, first),
        claim("2024-01-20", 110, second),
        claim("2024-02-10", 120, second),
        claim("2024-03-10", 90, "exact", status="estimate"),
    ]
    for row in periods(claims, Resampling("flow", "M", how, transform)).rows:
        qualifier, bound = row["qualifier"], row["bound"]
        if row["value"] is None:
            assert qualifier is None and row["empty_reason"], row
            continue
        assert row["empty_reason"] is None, row
        if bound is None:
            assert qualifier == "exact", row
        elif row["derived"]:
            assert qualifier in QUALIFIERS_OF[bound], row
        else:  # a claim's own figure: its own words, which its bound follows
            assert not (qualifier in LOWER_WORDS and bound != "lower"), row
            assert not (qualifier in UPPER_WORDS and bound != "upper"), row


def test_an_estimate_is_about_whatever_its_qualifier():
    claims = [claim("2024-01-10", 100, status="estimate")]
    [row] = periods(claims, Resampling("stock", "M")).rows
    assert (row["value"], row["qualifier"], row["bound"]) == (100, "about", "approximate")


def test_an_empty_period_and_a_first_difference_say_why():
    claims = [claim("2024-01-10", 100), claim("2024-03-10", 90)]
    result = periods(claims, Resampling("stock", "M", transform="diff")).rows
    assert [(r["period"], r["value"], r["empty_reason"]) for r in result] == [
        ("2024-01", None, "no value in the period before to compare with"),
        ("2024-02", None, "no claim fell in the period"),
        ("2024-03", None, "no value in the period before to compare with"),
    ]


def test_a_tally_diff_across_different_starts_is_left_empty():
    claims = [
        claim("2024-12-05", 178, base="2024-07-01"),
        claim("2025-04", 258, base="2024-07-01"),
        claim("2025-09-17", 170, base="2025-01-18"),
    ]
    assert [r[1] for r in rows(claims, kind="tally", transform="diff")] == [None, 80, None]


def test_week_and_quarter_labels():
    claims = [claim("2024-12-31", 5), claim("2025-01-06", 6)]
    week = periods(claims, Resampling("flow", "W")).rows
    assert [(r["period"], r["period_end"]) for r in week] == [
        ("2025-W01", D(2025, 1, 5)),
        ("2025-W02", D(2025, 1, 12)),
    ]
    quarter = periods(claims, Resampling("flow", "Q")).rows
    assert [r["period"] for r in quarter] == ["2024-Q4", "2025-Q1"]


def test_without_a_frequency_each_date_is_its_own_period():
    claims = [claim("2025-01", 1258), claim("2025-01-31", 1244)]
    assert [(r[0], r[1]) for r in rows(claims, kind="stock", transform="diff")] == [
        ("2025-01", None),
        ("2025-01-31", -14),
    ]


def test_no_claims_no_periods():
    assert periods([], Resampling("stock", "M")).rows == []


@pytest.mark.parametrize(
    ("kind", "aggregation", "transform", "argument"),
    [
        ("stock", "sum", "none", "aggregation"),
        ("tally", "sum", "none", "aggregation"),
        ("tally", "mean", "none", "aggregation"),
        ("stock", None, "cumsum", "transform"),
        ("tally", None, "cumsum", "transform"),
    ],
)
def test_what_a_kind_refuses(kind, aggregation, transform, argument):
    spec = Resampling(kind, "M", aggregation, transform)
    with pytest.raises(InvalidArgument) as refused:
        check_allowed(spec, "XX.example.series")
    assert list(refused.value.errors or {}) == [argument]


def test_flows_allow_everything():
    for how in ("last", "first", "mean", "min", "max", "sum"):
        check_allowed(Resampling("flow", "M", how, "cumsum"), "XX.released.x")


def test_bounds():
    assert [bound_name(bits) for bits in (0, 1, 2, 3, 4, 5)] == [
        None,
        "lower",
        "upper",
        "indeterminate",
        "approximate",
        "approximate",
    ]
    assert (flipped(1), flipped(2), flipped(4), flipped(3)) == (2, 1, 4, 3)


def test_aligned_is_an_outer_join_on_periods():
    a = periods([claim("2024-01-31", 1), claim("2024-03-31", 3)], Resampling("stock", "M")).rows
    b = periods([claim("2024-05-31", 5, "about")], Resampling("stock", "M")).rows
    table = aligned({"a": a, "b": b}, "M")
    assert [(r["period"], r["a"], r["b"], r["b.qualifier"]) for r in table] == [
        ("2024-01", 1, None, None),
        ("2024-02", None, None, None),
        ("2024-03", 3, None, None),
        ("2024-04", None, None, None),
        ("2024-05", None, 5, "about"),
    ]
