"""The data package: a zip over HTTP and a folder from the CLI, both valid for frictionless."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from pathlib import Path

import frictionless

from api.domain.vocabulary import COUNTRY_NAMES
from datasets.loader import changesets


def unzip(body: bytes, folder: Path) -> Path:
    zipfile.ZipFile(io.BytesIO(body)).extractall(folder)
    return folder / "datapackage.json"


def validate(descriptor: Path) -> None:
    report = frictionless.validate(str(descriptor))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_the_shipped_data_set_as_a_valid_package(shipped_client, tmp_path):
    response = shipped_client.get("/v1/export/datapackage.zip?as_of=2025.12")
    assert (response.status_code, response.mimetype) == (200, "application/zip")
    assert response.headers["X-Dataset-Revision"] == "1"
    descriptor = unzip(response.get_data(), tmp_path)
    validate(descriptor)
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    assert (package["version"], package["revision"], package["tags"]) == ("2025.12", 1, ["2025.12"])
    assert package["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    names = [r["name"] for r in package["resources"]]
    assert names == [
        "sources",
        "series",
        "documents",
        "releases",
        "observations",
        "revisions",
        "renames",
    ]
    observations = next(r for r in package["resources"] if r["name"] == "observations")
    assert observations["schema"]["primaryKey"] == ["observation_id"]
    data = (tmp_path / "data" / "observations.csv").read_bytes()
    assert observations["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
    assert data.count(b"\r\n") == 1 + 186


def test_the_latest_package_holds_every_country_and_the_names_in_other_languages(
    shipped_client, tmp_path
):
    response = shipped_client.get("/v1/export/datapackage.zip")
    assert response.headers["X-Dataset-Revision"] == str(len(changesets()))
    descriptor = unzip(response.get_data(), tmp_path)
    validate(descriptor)
    with (tmp_path / "data" / "sources.csv").open(newline="", encoding="utf-8") as handle:
        sources = {row["id"]: row for row in csv.DictReader(handle)}
    assert json.loads(sources["viasna"]["names"]) == {"be": "Праваабарончы цэнтр «Вясна»"}
    assert json.loads(sources["memorial"]["names"]) == {"ru": "«Мемориал»"}
    assert sources["ap"]["names"] == ""
    with (tmp_path / "data" / "series.csv").open(newline="", encoding="utf-8") as handle:
        assert {row["country"] for row in csv.DictReader(handle)} == set(COUNTRY_NAMES)


def test_a_package_pins_its_revision_and_is_reproducible(client, tmp_path):
    first = client.get("/v1/export/datapackage.zip?as_of=fixture.1")
    again = client.get("/v1/export/datapackage.zip?as_of=1")
    assert first.get_data() == again.get_data()
    assert first.headers["Content-Disposition"] == 'attachment; filename="prisoner-counts.r1.zip"'
    assert int(first.headers["Content-Length"]) == len(first.get_data())
    etag = again.headers["ETag"]  # each way of writing as_of has its own key (pages copy it)
    cached = client.get("/v1/export/datapackage.zip?as_of=1", headers={"If-None-Match": etag})
    assert (cached.status_code, cached.get_data()) == (304, b"")
    descriptor = unzip(first.get_data(), tmp_path)
    validate(descriptor)
    lines = (tmp_path / "data" / "observations.csv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 + 7
    assert "'=at least 125, says Alpha" in (tmp_path / "data" / "observations.csv").read_text()


def test_cli_export_writes_a_valid_folder(runner, tmp_path):
    target = tmp_path / "package"
    result = runner.invoke(args=["export", str(target)])
    assert (result.exit_code, result.output) == (0, f"wrote revision 2 (7 tables) to {target}\n")
    validate(target / "datapackage.json")
    again = runner.invoke(args=["export", str(target)])
    assert again.exit_code != 0
    assert "not empty" in again.output


def test_cli_export_of_an_unknown_revision_fails(runner, tmp_path):
    result = runner.invoke(args=["export", str(tmp_path / "p"), "--as-of", "99"])
    assert result.exit_code != 0
    assert "revision 99 does not exist" in result.output


def test_keywords_and_description_name_every_country_of_the_data(shipped_client):
    latest = package_descriptor(shipped_client.get("/v1/export/datapackage.zip").get_data())
    codes = {s["country"] for s in shipped_client.get("/v1/series").get_json()["data"]}
    countries = sorted(COUNTRY_NAMES.get(code, code) for code in codes)  # read from the data
    assert {"Belarus", "Myanmar", "Russia"} <= set(countries)
    assert latest["keywords"] == ["political prisoners", "releases", *countries, "provenance"]
    listed = ", ".join(countries[:-1]) + f" and {countries[-1]}"
    assert latest["description"].endswith(f" Countries: {listed}.")
    first = shipped_client.get("/v1/export/datapackage.zip?as_of=2025.12").get_data()
    pinned = package_descriptor(first)
    assert pinned["keywords"] == ["political prisoners", "releases", "Belarus", "provenance"]
    assert pinned["description"].endswith(" Countries: Belarus.")


def package_descriptor(body: bytes) -> dict:
    return json.loads(zipfile.ZipFile(io.BytesIO(body)).read("datapackage.json").decode())
