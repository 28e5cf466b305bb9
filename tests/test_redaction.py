"""Redaction: text removed from every version, logged without the text; numbers stay."""

from __future__ import annotations

from tests.conftest import NEW_CLAIM


def redact(app, *args: str):
    return app.test_cli_runner().invoke(args=["redact", *args, "--author", "legal"])


def test_redaction_removes_text_from_every_version_and_is_logged(writer):
    client, auth = writer
    claim = {**NEW_CLAIM, "quote": "Ivan Petrou told us: 140 political prisoners."}
    [obs] = client.post("/v1/observations", json=claim, headers=auth).get_json()["observation_ids"]
    client.patch(
        f"/v1/observations/{obs}", json={"value": 141, "note": "Ivan Petrou again"}, headers=auth
    )
    result = redact(
        client.application,
        "observation",
        str(obs),
        "--text",
        "Ivan Petrou",
        "--reason",
        "safety of a named person",
    )
    assert result.exit_code == 0, result.output
    assert "in 2 version(s)" in result.output
    for as_of in (3, 4):
        data = client.get(f"/v1/observations/{obs}?as_of={as_of}").get_json()["data"]
        assert "Ivan Petrou" not in str(data) and "[redacted] told us" in data["quote"]
    history = client.get(f"/v1/observations/{obs}/history").get_json()["data"]
    assert [v["value"] for v in history] == [140, 141]  # numbers and history stay
    log = client.get("/v1/redactions").get_json()["data"]
    assert log[0]["fields"] == ["note", "quote"] and log[0]["author"] == "legal"
    assert "Ivan Petrou" not in client.get("/v1/redactions").get_data(as_text=True)
    csv_text = client.get(
        "/v1/series/XX.political_prisoners.alpha/observations?format=csv&claims=all"
    )
    assert "Ivan Petrou" not in csv_text.get_data(as_text=True)


def test_redaction_needs_text_that_occurs_and_a_reason(writer):
    client, _ = writer
    app = client.application
    assert (
        "does not occur"
        in redact(app, "observation", "1", "--text", "Nobody Here", "--reason", "x").output
    )
    assert redact(app, "observation", "999", "--text", "abc", "--reason", "x").exit_code == 1
    assert client.get("/v1/redactions").get_json()["data"] == []


def test_a_drawn_chart_forgets_redacted_text_at_once(writer):
    client, auth = writer
    claim = {**NEW_CLAIM, "quote": "Ivan Petrou told us: 140 political prisoners."}
    answer = client.post("/v1/observations", json=claim, headers=auth).get_json()
    chart = f"/v1/series/{NEW_CLAIM['series_id']}/chart.vl.json"
    assert "Ivan Petrou" in client.get(chart).get_data(as_text=True)  # drawn and kept
    [obs] = answer["observation_ids"]
    done = redact(client.application, "observation", str(obs), "--text", "Ivan", "--reason", "x")
    assert done.exit_code == 0, done.output
    assert "Ivan Petrou" not in client.get(chart).get_data(as_text=True)
    assert "[redacted] Petrou" in client.get(chart).get_data(as_text=True)
