"""A read pinned with as_of answers byte for byte the same after later revisions."""

from __future__ import annotations

import re

import pytest

from tests.conftest import NEW_CLAIM

# One concrete request per GET route of /v1; a new route without a sample fails the test.
SAMPLES = {
    "/v1/sources": ["/v1/sources"],
    "/v1/sources/{}": ["/v1/sources/alpha"],
    "/v1/series": ["/v1/series", "/v1/series?measure=released"],
    "/v1/series/{}": ["/v1/series/XX.political_prisoners.alpha"],
    "/v1/series/{}/observations": [
        "/v1/series/XX.political_prisoners.alpha/observations",
        "/v1/series/XX.political_prisoners.alpha/observations?claims=all&format=csv",
    ],
    "/v1/observations/{}": ["/v1/observations/3", "/v1/observations/4"],
    "/v1/observations/{}/history": ["/v1/observations/3/history"],
    "/v1/releases": ["/v1/releases", "/v1/releases?format=csv"],
    "/v1/documents": ["/v1/documents"],
    "/v1/documents/{}": ["/v1/documents/2"],
    "/v1/revisions": ["/v1/revisions"],
    "/v1/revisions/{}": ["/v1/revisions/1"],
    "/v1/tags": ["/v1/tags"],
    "/v1/changes": ["/v1/changes?since=0"],
    "/v1/series/{}/observations.csv": [
        "/v1/series/XX.political_prisoners.alpha/observations.csv?claims=all",
        "/v1/series/XX.political_prisoners.alpha/observations.csv?frequency=M&transform=diff",
    ],
    "/v1/series/{}/vintages": ["/v1/series/XX.political_prisoners.alpha/vintages"],
    "/v1/series/{}/vintages.csv": ["/v1/series/XX.political_prisoners.alpha/vintages.csv"],
    "/v1/compare": ["/v1/compare?series=XX.political_prisoners.alpha,XX.released.beta"],
    "/v1/compare.csv": ["/v1/compare.csv?series=XX.political_prisoners.alpha,XX.released.beta"],
    "/v1/releases.csv": ["/v1/releases.csv"],
    "/v1/releases/summary": ["/v1/releases/summary?by=source"],
    "/v1/releases/summary.csv": ["/v1/releases/summary.csv?by=month"],
    "/v1/citation": ["/v1/citation?style=bibtex", "/v1/citation?style=csl-json"],
    "/v1/export/datapackage.zip": ["/v1/export/datapackage.zip"],
    **{
        f"/v1/series/{{}}/chart.{kind}": [f"/v1/series/XX.political_prisoners.alpha/chart.{kind}"]
        for kind in ("svg", "png", "vl.json")
    },
    **{
        f"/v1/compare/chart.{kind}": [
            f"/v1/compare/chart.{kind}?series=XX.political_prisoners.alpha,XX.released.beta"
        ]
        for kind in ("svg", "png", "vl.json")
    },
    **{
        f"/v1/releases/chart.{kind}": [f"/v1/releases/chart.{kind}"]
        for kind in ("svg", "png", "vl.json")
    },
}
UNPINNED = {"/v1/openapi.json", "/v1/changes.atom", "/v1/releases.atom", "/v1/redactions"}


def get_routes(app) -> set[str]:
    rules = {
        re.sub(r"<[^>]+>", "{}", rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/v1/") and "GET" in (rule.methods or ())
    }
    return rules - UNPINNED


def snapshot(client, as_of: str) -> dict[str, bytes]:
    answers = {}
    for urls in SAMPLES.values():
        for url in urls:
            pinned = f"{url}{'&' if '?' in url else '?'}as_of={as_of}"
            response = client.get(pinned)
            assert response.status_code == 200, pinned
            answers[pinned] = response.get_data()
    return answers


def test_every_read_route_has_a_sample(app):
    assert get_routes(app) == set(SAMPLES)


@pytest.mark.slow
def test_pinned_reads_do_not_change_after_later_revisions(writer):
    client, auth = writer
    before = {tag: snapshot(client, tag) for tag in ("2", "fixture.1")}
    client.post("/v1/observations", json=NEW_CLAIM, headers=auth)
    client.patch("/v1/observations/3", json={"value": 121}, headers=auth)
    client.delete("/v1/observations/4?reason=wrong", headers=auth)
    client.patch("/v1/sources/alpha", json={"name": "Alpha Renamed"}, headers=auth)
    client.patch("/v1/documents/2", json={"title": "Now titled"}, headers=auth)
    client.post("/v1/tags", json={"name": "later"}, headers=auth)
    after = {tag: snapshot(client, tag) for tag in ("2", "fixture.1")}
    assert after == before
    latest = client.get("/v1/sources/alpha").get_json()["data"]["name"]
    assert latest == "Alpha Renamed"
