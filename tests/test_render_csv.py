"""CSV rendering: formula neutralisation and its exact inverse."""

from __future__ import annotations

import datetime as dt

import pytest

from api.render.csv import neutralise_text, render_csv, restore_text


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+1", "'+1"),
        ("-5 people", "'-5 people"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tindented", "'\tindented"),
        ("'=already quoted", "''=already quoted"),
        ("plain text", "plain text"),
        ("'apostrophe", "'apostrophe"),
        ("", ""),
        ("Палітвязні =1", "Палітвязні =1"),
    ],
)
def test_neutralise_and_restore_round_trip(text, written):
    assert neutralise_text(text) == written
    assert restore_text(written) == text


def test_numbers_and_dates_are_never_neutralised():
    rows = [{"value": -3, "date": dt.date(2024, 1, 2), "quote": "-3", "primary": True}]
    assert render_csv(rows, ["value", "date", "quote", "primary"]) == (
        "value,date,quote,primary\r\n-3,2024-01-02,'-3,true\r\n"
    )


def test_quotes_commas_and_newlines_follow_rfc_4180():
    rows = [{"quote": 'He said "52", then\nleft', "note": None}]
    assert render_csv(rows, ["quote", "note"]) == 'quote,note\r\n"He said ""52"", then\nleft",\r\n'
