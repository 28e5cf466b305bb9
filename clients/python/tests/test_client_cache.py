"""The HTTP cache: the latest answers are always revalidated, pinned ones never re-requested."""

from __future__ import annotations

import pandas as pd

from prisoner_counts import Client

ALPHA = "XX.political_prisoners.alpha"
CLAIM = pd.DataFrame(
    {
        "series_id": [ALPHA],
        "date": ["2024-06-30"],
        "value": [160],
        "reported_by": ["Alpha Watch"],
        "document_url": ["https://alpha.test/june"],
        "published_at": ["2024-07-01"],
        "quote": ["160 political prisoners at the end of June."],
    }
)


def test_a_latest_answer_is_revalidated_with_its_etag_every_time(shipped, recorder):
    client = Client(shipped.base, transport=recorder)
    first = client.series()
    again = client.series()
    pd.testing.assert_frame_equal(first, again)
    sent = [i for i, r in enumerate(recorder.sent) if r.url.path == "/v1/series"]
    assert len(sent) == 2
    first_headers, second_headers = (recorder.headers[i] for i in sent)
    assert "If-None-Match" not in first_headers
    assert second_headers["If-None-Match"].startswith('"r')
    assert second_headers["Cache-Control"] == "no-cache"
    assert [recorder.statuses[i] for i in sent] == [200, 304]


def test_a_pinned_answer_comes_from_the_cache_without_a_request(shipped, recorder):
    pinned = Client(shipped.base, transport=recorder).pinned()
    first = pinned.observations("BY.political_prisoners.viasna", claims="all")
    sent = len(recorder.sent)
    again = pinned.observations("BY.political_prisoners.viasna", claims="all")
    assert len(recorder.sent) == sent  # nothing at all went to the network
    pd.testing.assert_frame_equal(first, again)
    assert again.attrs == first.attrs


def test_pinned_frames_stay_while_the_latest_moves_on(writable, recorder):
    client = Client(writable.base, token=writable.token, transport=recorder)
    pinned = client.pinned()
    before = pinned.observations(ALPHA, claims="all")
    latest_before = client.observations(ALPHA, claims="all")
    report = client.import_claims(CLAIM, message="June figure", dry_run=False)
    assert report["revision"] == before.attrs["revision"] + 1
    sent = len(recorder.sent)
    after = pinned.observations(ALPHA, claims="all")
    assert len(recorder.sent) == sent
    pd.testing.assert_frame_equal(after, before)
    assert after.attrs["revision"] == before.attrs["revision"]
    fresh = client.observations(ALPHA, claims="all")  # never the stale latest answer
    assert len(fresh) == len(latest_before) + 1
    assert fresh.attrs["revision"] == report["revision"]
    assert 160 in fresh["value"].tolist()


def test_a_write_in_another_process_is_seen_at_once(writable):
    client = Client(writable.base)
    before = client.observations(ALPHA, claims="all")
    path = writable.app.instance_path + "-claim.csv"
    CLAIM.to_csv(path, index=False)
    writable.cli("import", path, "--message", "June, by the CLI")
    after = client.observations(ALPHA, claims="all")
    assert len(after) == len(before) + 1
    assert after.attrs["revision"] == before.attrs["revision"] + 1


def test_a_cache_dir_keeps_pinned_answers_across_clients(shipped, recorder, tmp_path):
    first = Client(shipped.base, as_of=1, cache_dir=tmp_path).vintages(
        "BY.political_prisoners.viasna"
    )
    later = Client(shipped.base, as_of=1, cache_dir=tmp_path, transport=recorder)
    again = later.vintages("BY.political_prisoners.viasna")
    assert recorder.sent == []
    pd.testing.assert_frame_equal(again, first)
    assert (tmp_path / "http-cache.sqlite").exists()


def test_pinning_an_as_of_resolves_it_to_a_revision_id(shipped):
    pinned = Client(shipped.base, as_of="2025.12").pinned()
    assert pinned.as_of == "1"
    assert pinned.revision() == 1
    assert Client(shipped.base).pinned().as_of == str(Client(shipped.base).revision())
