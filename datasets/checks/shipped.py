"""Every shipped row, in the state the last changeset leaves it.

The changesets are read in order. A claim is named by where it was shipped,
`NNNN-name/observations.csv:LINE` (LINE as a CSV reader counts it: the line where the row
ends), and `corrections.csv` of a later changeset changes its cells (`(empty)` clears one), so
the checks see each claim's latest state. `marks.csv` rows are kept as they are (the checks
resolve them), and `document_corrections.csv` changes stored documents by their address.
A reference that names no row is kept in `problems` for the checks to report.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from datasets.loader import CHANGESETS, Changeset, changesets

CLEARED: Final = "(empty)"
REFERENCE: Final = re.compile(r"^(?P<changeset>\d{4}-[a-z0-9-]+)/observations\.csv:(?P<line>\d+)$")
CORRECTABLE: Final = frozenset(
    "series_id date date_precision period_start value qualifier status primary reported_by "
    "document_url quote note release_id part counted".split()
)
DOCUMENT_FIELDS: Final = frozenset(
    "new_url title publisher published_at language archive_url retrieved_at republished_by "
    "mirror".split()
)
Row = dict[str, str]


@dataclass
class Shipped:
    """Every row of every changeset, corrections applied, in order."""

    sources: dict[str, Row] = field(default_factory=dict)
    series: dict[str, Row] = field(default_factory=dict)
    documents: dict[str, Row] = field(default_factory=dict)
    releases: dict[str, Row] = field(default_factory=dict)
    claims: list[tuple[str, Row]] = field(default_factory=list)
    names: list[tuple[str, Row]] = field(default_factory=list)
    marks: list[tuple[str, Row]] = field(default_factory=list)
    corrections: list[tuple[str, Row]] = field(default_factory=list)
    document_corrections: list[tuple[str, Row]] = field(default_factory=list)
    meta: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    corrected: dict[str, list[str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def claim(self, reference: str) -> Row | None:
        """The claim a reference names, in its latest state."""
        return self._index().get(reference.strip())

    def _index(self) -> dict[str, Row]:
        return dict(self.claims)


def read_shipped(root: Path = CHANGESETS) -> Shipped:
    """The rows of all changesets under `root`, each claim in its latest state."""
    shipped = Shipped()
    for changeset in changesets(root):
        _read_changeset(shipped, changeset)
    return shipped


def _read_changeset(shipped: Shipped, changeset: Changeset) -> None:
    name = changeset.name
    shipped.meta.append((name, _meta(changeset.path)))
    for table, key, target in (
        ("sources", "id", shipped.sources),
        ("series", "id", shipped.series),
        ("documents", "url", shipped.documents),
        ("releases", "release_id", shipped.releases),
    ):
        target.update({row[key]: row for _, row in changeset.table(table)})
    for line, row in changeset.table("observations"):
        shipped.claims.append((f"{name}/observations.csv:{line}", row))
    for line, row in changeset.table("names"):
        shipped.names.append((f"{name}/names.csv:{line}", row))
    for line, row in changeset.table("document_corrections"):
        place = f"{name}/document_corrections.csv:{line}"
        shipped.document_corrections.append((place, row))
        _correct_document(shipped, place, row)
    index = dict(shipped.claims)
    for line, row in changeset.table("corrections"):
        place = f"{name}/corrections.csv:{line}"
        shipped.corrections.append((place, row))
        _correct_claim(shipped, index, place, row)
    for line, row in changeset.table("marks"):
        shipped.marks.append((f"{name}/marks.csv:{line}", row))


def _meta(path: Path) -> dict[str, Any]:
    try:
        meta = json.loads((path / "changeset.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return meta if isinstance(meta, dict) else {}


def _correct_claim(shipped: Shipped, index: dict[str, Row], place: str, row: Row) -> None:
    """Apply one corrections.csv row to the claim it names (in place, so later ones see it)."""
    reference = (row.get("claim") or "").strip()
    claim = index.get(reference)
    if claim is None:
        shipped.problems.append(f"{place}: claim {reference!r} names no shipped claim")
        return
    for column, cell in row.items():
        cell = (cell or "").strip()
        if column in CORRECTABLE and cell and column != "date_precision":
            claim[column] = "" if cell == CLEARED else cell
    shipped.corrected.setdefault(reference, []).append(place)


def _correct_document(shipped: Shipped, place: str, row: Row) -> None:
    """Apply one document_corrections.csv row to the stored document of its `url`."""
    url = (row.get("url") or "").strip()
    document = shipped.documents.get(url)
    if document is None:
        shipped.problems.append(f"{place}: no stored document has the address {url!r}")
        return
    for column, cell in row.items():
        cell = (cell or "").strip()
        if column in DOCUMENT_FIELDS and cell and column != "new_url":
            document[column] = "" if cell == CLEARED else cell
    new_url = (row.get("new_url") or "").strip()
    if new_url and new_url != url:
        document["url"] = new_url
        shipped.documents[new_url] = shipped.documents.pop(url)
        for _, claim in shipped.claims:
            if claim.get("document_url") == url:
                claim["document_url"] = new_url
