"""Frames from a live server: the CSV's rows and columns, typed by name, with provenance attrs."""

from __future__ import annotations

import io
import json

import httpx
import pandas as pd
import pytest

from prisoner_counts import QUALIFIERS, ApiError, Client

VIASNA = "BY.political_prisoners.viasna"
OBSERVATIONS = f"/v1/series/{VIASNA}/observations.csv?claims=all"


def raw_csv(base: str, path: str) -> tuple[pd.DataFrame, httpx.Response]:
    response = httpx.get(base + path)
    return pd.read_csv(io.StringIO(response.text), dtype=str, keep_default_na=False), response


def test_observations_hold_every_row_and_column_of_the_csv(shipped):
    frame = Client(shipped.base).observations(VIASNA, claims="all")
    raw, response = raw_csv(shipped.base, OBSERVATIONS)
    assert list(frame.columns) == list(raw.columns)
    assert len(frame) == len(raw) > 50
    assert frame["value"].tolist() == raw["value"].astype(int).tolist()
    assert frame["observation_id"].tolist() == raw["observation_id"].astype(int).tolist()
    assert frame["date"].dt.strftime("%Y-%m-%d").tolist() == raw["date"].tolist()
    assert frame["quote"].tolist() == raw["quote"].tolist()  # no formula in this series
    assert frame.attrs["revision"] == int(response.headers["X-Dataset-Revision"])


def test_columns_are_typed_by_name(shipped):
    frame = Client(shipped.base).observations(VIASNA, claims="all")
    dtypes = {name: str(dtype) for name, dtype in frame.dtypes.items()}
    assert dtypes["date"] == dtypes["published_at"] == dtypes["period_start"] == "datetime64[ns]"
    assert dtypes["value"] == dtypes["observation_id"] == dtypes["revision"] == "Int64"
    assert dtypes["primary"] == dtypes["preferred"] == dtypes["conflict"] == "boolean"
    assert dtypes["qualifier"] == dtypes["date_precision"] == dtypes["status"] == "category"
    assert list(frame["qualifier"].cat.categories) == list(QUALIFIERS)
    assert dtypes["quote"] == dtypes["series_id"] == dtypes["note"] == "string"
    assert frame["period_start"].isna().all() and frame["release_id"].isna().all()


def test_attrs_hold_revision_as_of_url_and_the_citation_of_that_revision(shipped):
    client = Client(shipped.base)
    frame = client.observations(VIASNA, start="2025-11-22", end="2025-11-22", claims="all")
    revision = frame.attrs["revision"]
    assert frame.attrs["as_of"] is None
    assert frame.attrs["url"] == (
        f"{shipped.base}/v1/series/{VIASNA}/observations.csv"
        "?start=2025-11-22&end=2025-11-22&claims=all"
    )
    assert frame.attrs["citation"] == (
        f"Prisoner Counts contributors. (2026). Political prisoners held in Belarus, according "
        f'to Human Rights Centre "Viasna" (Revision {revision}) [Data set]. Prisoner Counts API. '
        f"{shipped.base}/v1/series/{VIASNA}/observations.csv?as_of={revision}"
    )
    assert sorted(frame["value"].tolist()) == [1184, 1257]
    pinned = Client(shipped.base, as_of="2025.12").observations(VIASNA)
    assert (pinned.attrs["revision"], pinned.attrs["as_of"]) == (1, "2025.12")
    assert "(Revision 1, tag 2025.12)" in pinned.attrs["citation"]


def test_text_comes_back_without_the_formula_apostrophe(shipped):
    frame = Client(shipped.base).observations("BY.released.viasna", claims="all")
    raw, _ = raw_csv(shipped.base, "/v1/series/BY.released.viasna/observations.csv?claims=all")
    neutralised = [q for q in raw["quote"] if q.startswith("'-")]
    assert neutralised, "the shipped data has a quote that starts with '-'"
    assert [q[1:] for q in neutralised] == [q for q in frame["quote"] if q.startswith("-")]


def test_resampled_periods(shipped):
    frame = Client(shipped.base, as_of=1).observations(VIASNA, frequency="Y")
    assert frame["period"].tolist() == ["2020", "2021", "2022", "2023", "2024", "2025"]
    assert frame["value"].tolist() == [169, 970, 1446, 1452, 1265, 1131]
    assert str(frame["derived"].dtype) == "boolean" and str(frame["bound"].dtype) == "category"
    assert str(frame["period_end"].dtype) == "datetime64[ns]"
    mean = Client(shipped.base, as_of=1).observations(VIASNA, frequency="Y", aggregation="mean")
    assert str(mean["value"].dtype) == "Float64"


def test_compare_release_summary_and_vintages(shipped):
    client = Client(shipped.base, as_of=1)
    ids = [VIASNA, "BY.political_prisoners.ap", "BY.political_prisoners.us-government"]
    compared = client.compare(ids, frequency="Y", start="2024")
    assert list(compared.columns) == [
        "period",
        "period_end",
        *[column for series_id in ids for column in (series_id, f"{series_id}.qualifier")],
    ]
    assert compared[VIASNA].tolist() == [1265, 1131]
    assert compared["BY.political_prisoners.ap"].tolist() == [1400, pd.NA]
    assert str(compared["BY.political_prisoners.ap.qualifier"].dtype) == "category"
    summary = client.release_summary(by="year", start="2025", source="viasna")
    assert summary[["period", "total", "batch_count"]].values.tolist() == [["2025", 175, 2]]
    assert summary["release_ids"].tolist() == ["BY-2025-09-11 BY-2025-12-13"]
    vintages = client.vintages(VIASNA)
    assert vintages[["revision", "claims_added", "tags"]].values.tolist() == [[1, 69, "2025.12"]]
    assert str(vintages["created_at"].dtype) == "datetime64[ns, UTC]"


def test_catalog_history_and_revisions(shipped):
    client = Client(shipped.base, as_of=1)  # exact figures: a later revision adds more
    series = client.series(country="BY", source="viasna")
    assert series["id"].tolist() == [VIASNA, "BY.released.viasna", "BY.released_cumulative.viasna"]
    assert str(series["claim_count"].dtype) == "Int64"
    sources = client.sources(kind="state_media")
    assert "belta" in sources["id"].tolist()
    assert isinstance(sources["names"].iloc[0], dict)
    history = client.history(81)
    assert history[["version", "value", "added_in"]].values.tolist() == [[1, 1184, 1]]
    revisions = Client(shipped.base).revisions()
    assert revisions["id"].tolist() == list(range(revisions.attrs["revision"], 0, -1))
    assert Client(shipped.base, as_of=2).tags()["name"].tolist() == ["2026.11", "2025.12"]
    releases = client.releases(start="2025-09-11", end="2025-09-11")
    assert set(releases["release_id"]) == {"BY-2025-09-11"}
    assert sorted(set(releases["value"].tolist())) == [50, 51, 52]


def test_citation_styles(shipped):
    client = Client(shipped.base, as_of="2025.12")
    assert client.citation("bibtex", series=VIASNA).startswith(
        "@misc{prisoner_counts_BY_political_prisoners_viasna_r1,"
    )
    assert client.citation("ris").startswith("TY  - DATA")
    assert json.loads(client.citation("csl-json"))[0]["type"] == "dataset"
    assert "(Revision 1, tag 2025.12)" in client.citation()


def test_pages_follow_link_to_the_same_frame(shipped, recorder):
    whole = Client(shipped.base).observations(VIASNA, claims="all")
    paged = Client(shipped.base, page_size=25, transport=recorder).observations(
        VIASNA, claims="all"
    )
    pages = [p for p in recorder.paths() if "/observations.csv" in p]
    assert len(pages) == -(-len(whole) // 25) >= 3
    assert pages[1].endswith(f"offset=25&as_of={whole.attrs['revision']}")
    pd.testing.assert_frame_equal(paged, whole)
    revisions = Client(shipped.base, page_size=1).revisions()
    assert len(revisions) == revisions.attrs["revision"]


def test_errors_carry_the_problem(shipped):
    client = Client(shipped.base)
    with pytest.raises(ApiError) as unknown:
        client.observations("BY.nothing.nobody")
    assert (unknown.value.status, unknown.value.title) == (404, "Not Found")
    assert unknown.value.detail.startswith("series 'BY.nothing.nobody' does not exist")
    with pytest.raises(ApiError) as bad:
        client.observations(VIASNA, claims="some")  # type: ignore[arg-type]
    assert bad.value.status == 400
    assert bad.value.errors == {"claims": ["Must be one of: preferred, all."]}
    with pytest.raises(ApiError) as old:
        Client(shipped.base, as_of=99).series()
    assert (old.value.status, old.value.detail) == (404, "revision 99 does not exist")


def test_an_unreachable_service_is_the_same_error(shipped):
    with pytest.raises(ApiError) as error:
        Client("http://127.0.0.1:9", retries=0).series()
    assert error.value.status is None and error.value.title == "Service unreachable"
