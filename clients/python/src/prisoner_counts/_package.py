"""The data package (`/v1/export/datapackage.zip`) as its descriptor and one frame per table.

Each table is read with the same column typing as every other frame of the client (by
name, see `_frames`), so a table of the package and the answer of the matching endpoint
compare equal column by column.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from prisoner_counts import _frames


@dataclass
class DataPackage:
    """A Frictionless Data Package: `descriptor` (datapackage.json) and `tables` by name."""

    descriptor: dict[str, Any]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def revision(self) -> int:
        """The revision the package holds."""
        return int(self.descriptor["revision"])

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]


def read_zip(content: bytes) -> DataPackage:
    """Every resource of a zipped package, in the descriptor's order."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        descriptor = json.loads(archive.read("datapackage.json").decode("utf-8"))
        package = DataPackage(descriptor)
        for resource in descriptor.get("resources", []):
            text = archive.read(resource["path"]).decode("utf-8-sig")
            package.tables[resource["name"]] = _table(text, resource)
    return package


def _table(text: str, resource: dict[str, Any]) -> pd.DataFrame:
    """One CSV of the package; an empty table keeps its header as columns."""
    frame = _frames.from_csv(text)
    if frame.empty and not len(frame.columns):
        names = [f["name"] for f in resource.get("schema", {}).get("fields", [])]
        frame = pd.DataFrame(columns=names)
    return frame
