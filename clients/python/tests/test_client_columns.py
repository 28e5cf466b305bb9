"""Columns are typed by name: new columns at the end, or in another order, break nothing."""

from __future__ import annotations

import pandas as pd

from prisoner_counts._frames import from_csv, from_records

HEADER = "series_id,date,date_precision,value,qualifier,status,primary,preferred,conflict"
ROW = "BY.x.y,2025-11-22,day,1257,exact,reported,false,true,true"


def dtypes(frame: pd.DataFrame) -> dict[str, str]:
    return {str(name): str(dtype) for name, dtype in frame.dtypes.items()}


def test_columns_appended_later_get_types_by_name_or_a_safe_guess():
    grown = (
        f"{HEADER},part,counted,curator_mark,mirror,preferred_by,conflict_with,retrieved_at,women,"
        "share,new_flag,new_text\r\n"
        f"{ROW},women,sum,disputed,true,own_publication,81 83,2026-11-27,167,0.25,false,ab\r\n"
        f"{ROW},,,,,,,,,,,\r\n"
    )
    frame = from_csv(grown)
    assert dtypes(frame) == {
        "series_id": "string",
        "date": "datetime64[ns]",
        "date_precision": "category",
        "value": "Int64",
        "qualifier": "category",
        "status": "category",
        "primary": "boolean",
        "preferred": "boolean",
        "conflict": "boolean",
        "part": "string",
        "counted": "category",
        "curator_mark": "category",
        "mirror": "boolean",
        "preferred_by": "category",
        "conflict_with": "string",
        "retrieved_at": "datetime64[ns]",
        "women": "Int64",
        "share": "Float64",
        "new_flag": "boolean",
        "new_text": "string",
    }
    assert list(frame["counted"].cat.categories) == ["sum", "names", "misprint"]
    assert frame["part"].tolist() == ["women", pd.NA]


def test_the_order_of_columns_does_not_matter():
    names, cells = HEADER.split(","), ROW.split(",")
    turned = ",".join(reversed(names)) + "\r\n" + ",".join(reversed(cells)) + "\r\n"
    straight = from_csv(f"{HEADER}\r\n{ROW}\r\n")
    assert dtypes(from_csv(turned)) == dtypes(straight)
    pd.testing.assert_frame_equal(from_csv(turned)[names], straight)


def test_a_new_vocabulary_value_is_kept_after_the_documented_ones():
    frame = from_csv(f"{HEADER}\r\n{ROW.replace(',exact,', ',roughly,')}\r\n")
    assert frame["qualifier"].tolist() == ["roughly"]
    assert list(frame["qualifier"].cat.categories)[-1] == "roughly"


def test_text_that_does_not_read_as_its_type_stays_text():
    frame = from_csv("date,value,primary\r\nsoon,many,maybe\r\n")
    assert dtypes(frame) == {"date": "string", "value": "string", "primary": "string"}


def test_json_values_keep_their_own_types():
    frame = from_records(
        [
            {"name": "2026.11", "revision_id": 2, "titles": {"be": "x"}, "tags": ["a"], "ok": True},
            {"name": "2025.12", "revision_id": None, "titles": None, "tags": [], "ok": None},
        ]
    )
    assert dtypes(frame) == {
        "name": "string",
        "revision_id": "Int64",
        "titles": "object",
        "tags": "object",
        "ok": "boolean",
    }
    assert frame["name"].tolist() == ["2026.11", "2025.12"]


def test_formula_apostrophes_are_removed_once():
    frame = from_csv("quote,note\r\n'=at least 125,''=twice\r\n'plain,-5\r\n")
    assert frame["quote"].tolist() == ["=at least 125", "'plain"]
    assert frame["note"].tolist() == ["'=twice", "-5"]
