"""Writing a Frictionless Data Package (v2): CSV files plus `datapackage.json`.

Every table is written as RFC 4180 CSV (UTF-8, ISO dates, `true`/`false`, text cells that a
spreadsheet would run as formulas prefixed with an apostrophe, as in every CSV of the API),
hashed (SHA-256) and counted while it is written; `datapackage.json` comes last and records
the hash and size of each file. The same writer fills a folder or a zip file; a zip of one
revision is byte for byte the same each time, since its entries carry the revision's time.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import operator
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol

from api.domain.records import PackageData
from api.domain.vocabulary import COUNTRY_NAMES
from api.render.cells import cell
from api.render.package_tables import OBSERVATIONS, TABLES, TableSpec

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
CC_BY = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0",
}


@dataclass(frozen=True)
class PackageInfo:
    """What the descriptor says about the data set beyond its tables."""

    name: str = "prisoner-counts"
    title: str = "Prisoner Counts: political prisoners and their releases, source by source"
    description: str = (
        "Counts of political prisoners and of the batches in which they are released, "
        "source by source: every number is one publication's claim, with its document, "
        "quote and version history. Sources disagree and are never merged."
    )
    homepage: str | None = None


class PackageSink(Protocol):
    """Where the files of a package go."""

    def open_text(self, name: str) -> IO[bytes]:
        """A binary file to write `name` into."""
        ...


class DirectorySink:
    """Writes the package into a folder."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def open_text(self, name: str) -> IO[bytes]:
        """A new file under the folder."""
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        return path.open("wb")


class ZipSink:
    """Writes the package into an open zip file, every entry dated `moment`."""

    def __init__(self, archive: zipfile.ZipFile, moment: dt.datetime) -> None:
        self.archive = archive
        self.date_time = max(moment.timetuple()[:6], (1980, 1, 1, 0, 0, 0))

    def open_text(self, name: str) -> IO[bytes]:
        """A new deflated entry."""
        entry = zipfile.ZipInfo(name, date_time=self.date_time)
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.external_attr = 0o644 << 16
        return self.archive.open(entry, "w")


def write_package(data: PackageData, sink: PackageSink, info: PackageInfo) -> dict[str, Any]:
    """Write every table and then `datapackage.json`; return the descriptor."""
    resources = []
    for table in TABLES:
        rows = _claim_rows(data) if table is OBSERVATIONS else _ordered(table, data)
        size, digest = _write_table(sink, table, rows)
        resources.append(_resource(table, size, digest))
    descriptor = _descriptor(data, info, resources)
    with sink.open_text("datapackage.json") as handle:
        handle.write((json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode())
    return descriptor


def write_zip(data: PackageData, target: IO[bytes], info: PackageInfo) -> dict[str, Any]:
    """The package as one zip file written to `target`."""
    with zipfile.ZipFile(target, "w") as archive:
        return write_package(data, ZipSink(archive, data.created_at), info)


def _claim_rows(data: PackageData) -> Iterable[Sequence[Any]]:
    read = operator.attrgetter(*OBSERVATIONS.columns)
    return (read(claim) for claim in data.observations)


def _ordered(table: TableSpec, data: PackageData) -> Iterable[Sequence[Any]]:
    return (tuple(row.get(c) for c in table.columns) for row in data.tables[table.name])


def _write_table(
    sink: PackageSink, table: TableSpec, rows: Iterable[Sequence[Any]]
) -> tuple[int, str]:
    """Write one CSV; return its size in bytes and its SHA-256."""
    digest, size = hashlib.sha256(), 0
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    with sink.open_text(f"data/{table.name}.csv") as handle:
        writer.writerow(table.columns)
        for count, row in enumerate(rows, start=1):
            writer.writerow(map(cell, row))
            if count % 2_000 == 0:
                size += _flush(text, handle, digest)
        size += _flush(text, handle, digest)
    return size, digest.hexdigest()


def _flush(text: io.StringIO, handle: IO[bytes], digest: Any) -> int:
    chunk = text.getvalue().encode("utf-8")
    text.seek(0)
    text.truncate()
    handle.write(chunk)
    digest.update(chunk)
    return len(chunk)


def _resource(table: TableSpec, size: int, digest: str) -> dict[str, Any]:
    return {
        "name": table.name,
        "type": "table",
        "path": f"data/{table.name}.csv",
        "title": table.title,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": size,
        "hash": f"sha256:{digest}",
        "schema": table.schema(),
    }


def _descriptor(
    data: PackageData, info: PackageInfo, resources: list[dict[str, Any]]
) -> dict[str, Any]:
    countries = country_names(data)
    descriptor: dict[str, Any] = {
        "$schema": PROFILE,
        "name": info.name,
        "title": info.title,
        "description": _description(info.description, countries),
        "version": data.tags[0] if data.tags else f"r{data.revision}",
        "revision": data.revision,
        "tags": data.tags,
        "created": data.created_at.isoformat(),
        "licenses": [CC_BY],
        "sources": _sources(data.tables["sources"]),
        "contributors": [{"title": "Prisoner Counts contributors", "roles": ["creator"]}],
        "keywords": ["political prisoners", "releases", *countries, "provenance"],
        "resources": resources,
    }
    if info.homepage:
        descriptor["homepage"] = info.homepage
    return descriptor


def country_names(data: PackageData) -> list[str]:
    """Every country of the package's series and batches, by name (its code if it has none)."""
    codes = {row.get("country") for table in ("series", "releases") for row in data.tables[table]}
    return sorted(COUNTRY_NAMES.get(code, code) for code in codes if code)


def _description(text: str, countries: list[str]) -> str:
    """The package's description, naming the countries it covers."""
    if not countries:
        return text
    listed = countries[0] if len(countries) == 1 else ", ".join(countries[:-1])
    if len(countries) > 1:
        listed += f" and {countries[-1]}"
    return f"{text} Countries: {listed}."


def _sources(sources: Sequence[Any]) -> list[dict[str, Any]]:
    """The counting and reporting organisations, as the package's `sources`."""
    listed = []
    for source in sources:
        entry = {"title": source["name"]}
        if source.get("homepage"):
            entry["path"] = source["homepage"]
        listed.append(entry)
    return listed
