"""`import_claims`: a frame sent as the import CSV; dry run by default; the report back."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from conftest import FIXTURES, database

from prisoner_counts import ApiError, Client

ALPHA = "XX.political_prisoners.alpha"
# Ids differ between databases; conflict_with holds ids too.
IDS = ["observation_id", "revision", "document_id", "conflict_with"]


def test_a_dry_run_checks_and_writes_nothing(writable):
    client = Client(writable.base, token=writable.token)
    before = client.revision()
    frame = client.observations(ALPHA, claims="all").head(1).copy()
    frame["date"] = pd.to_datetime(["2024-07-31"])
    frame["date_precision"] = ["day"]
    frame["quote"] = ["165 political prisoners at the end of July."]
    report = client.import_claims(frame, message="July")
    assert report["dry_run"] is True and report["claim_count"] == 1
    assert report["revision"] == before + 1
    assert client.revision() == before
    written = client.import_claims(frame, message="July", dry_run=False)
    assert (written["dry_run"], written["revision"]) == (False, before + 1)
    assert client.revision() == before + 1
    assert client.revisions()["message"].iloc[0] == "July"


def test_export_then_import_gives_the_same_claims(writable, start_server, tmp_path):
    exported = Client(writable.base).observations(ALPHA, claims="all")
    catalog = tmp_path / "changesets" / "0001-catalog"
    catalog.mkdir(parents=True)
    for name in ("changeset.json", "sources.csv", "series.csv"):
        shutil.copy(FIXTURES / "0001-base" / name, catalog / name)
    empty = start_server(database(tmp_path / "catalog.sqlite", catalog.parent))
    token = empty.cli("token", "create", "curator").strip().splitlines()[-1]
    other = Client(empty.base, token=token)
    report = other.import_claims(exported, message="copied", dry_run=False)
    assert report["claim_count"] == len(exported) == 6
    copied = other.observations(ALPHA, claims="all")
    pd.testing.assert_frame_equal(copied.drop(columns=IDS), exported.drop(columns=IDS))
    assert "=at least 125, says Alpha" in copied["quote"].tolist()  # a formula, kept as text


def test_bad_rows_raise_the_problem_with_each_place(writable):
    client = Client(writable.base, token=writable.token)
    frame = client.observations(ALPHA, claims="all").head(2).copy()
    frame["qualifier"] = frame["qualifier"].cat.add_categories("roughly")
    frame.loc[1, "qualifier"] = "roughly"
    with pytest.raises(ApiError) as error:
        client.import_claims(frame, message="bad")
    assert error.value.status == 400
    assert list(error.value.errors) == ["line 3, column qualifier"]
    assert error.value.errors["line 3, column qualifier"][0].startswith("Must be one of")


def test_without_a_token_the_service_says_401(writable):
    frame = Client(writable.base).observations(ALPHA).head(1)
    with pytest.raises(ApiError) as error:
        Client(writable.base).import_claims(frame, message="no token")
    assert (error.value.status, error.value.title) == (401, "Unauthorized")
