"""The tables of the data package: their columns as Frictionless Table Schemas, with keys."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from api.domain.columns import COLUMNS, PACKAGE_OBSERVATIONS
from api.domain.documents import MIRROR, REPUBLISHED_BY
from api.domain.vocabulary import DATE_PRECISIONS, SERIES_KINDS, SOURCE_KINDS


@dataclass(frozen=True)
class TableSpec:
    """One CSV file of the package and its Table Schema."""

    name: str
    title: str
    fields: list[dict[str, Any]]
    primary_key: list[str]
    foreign_keys: list[dict[str, Any]] = field(default_factory=list)

    @property
    def columns(self) -> tuple[str, ...]:
        """The CSV header."""
        return tuple(f["name"] for f in self.fields)

    def schema(self) -> dict[str, Any]:
        """The Table Schema descriptor."""
        schema: dict[str, Any] = {"fields": self.fields, "missingValues": [""]}
        if self.primary_key:
            schema["primaryKey"] = self.primary_key
        if self.foreign_keys:
            schema["foreignKeys"] = self.foreign_keys
        return schema


def _field(name: str, kind: str = "string", description: str = "", **more: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {"name": name, "type": kind}
    if description:
        spec["description"] = description
    if kind == "boolean":
        spec.update(trueValues=["true"], falseValues=["false"])
    constraints = {k: more.pop(k) for k in ("required", "unique", "enum") if k in more}
    if constraints:
        spec["constraints"] = constraints
    return spec | more


def _registry_field(name: str) -> dict[str, Any]:
    """A Table Schema field from the column registry (a list of ids is a spaced string)."""
    column = COLUMNS[name]
    kind = {"integer": "integer", "date": "date", "datetime": "datetime", "boolean": "boolean"}
    more: dict[str, Any] = {"required": True} if column.required else {}
    if column.enum:
        more["enum"] = list(column.enum)
    return _field(name, kind.get(column.type, "string"), column.description, **more)


def _reference(fields: list[str], resource: str, target: list[str]) -> dict[str, Any]:
    return {"fields": fields, "reference": {"resource": resource, "fields": target}}


SOURCES = TableSpec(
    "sources",
    "Organisations and people that count or report",
    [
        _field("id", required=True),
        _field("name", required=True),
        _field("kind", required=True, enum=list(SOURCE_KINDS)),
        _field("homepage", format="uri"),
        _field("description"),
        _field("names", "object", "The name in other languages than English, by language tag"),
    ],
    ["id"],
)
SERIES = TableSpec(
    "series",
    "One sequence of numbers per country, measure and counting source",
    [
        _field("id", "string", "{country}.{measure}.{source_id}", required=True),
        _field("country", "string", "ISO 3166 alpha-2", required=True),
        _field("measure", required=True),
        _field("source_id", "string", "Who counted", required=True),
        _field("kind", "string", "stock, flow or tally", required=True, enum=list(SERIES_KINDS)),
        _field("unit", required=True),
        _field("title", required=True),
        _field("method_note"),
        _field("licence"),
        _field("titles", "object", "The title in other languages than English, by language tag"),
    ],
    ["id"],
    [_reference(["source_id"], "sources", ["id"])],
)
DOCUMENTS = TableSpec(
    "documents",
    "Publications in which the figures appeared",
    [
        _field("id", "integer", required=True),
        _field("url", "string", required=True, format="uri"),
        _field("title"),
        _field("publisher"),
        _field("published_at", "date"),
        _field("retrieved_at", "date"),
        _field("archive_url", format="uri"),
        _field("language"),
        _field("republished_by", "string", REPUBLISHED_BY),
        _field("mirror", "boolean", MIRROR),
    ],
    ["id"],
)
RELEASES = TableSpec(
    "releases",
    "Release batch events; each source's number for one is a claim in observations",
    [
        _field("release_id", required=True),
        _field("date", "date", "The first day of the period when not exact", required=True),
        _field("date_precision", required=True, enum=list(DATE_PRECISIONS)),
        _field("country", required=True),
        _field("category", required=True),
        _field("mechanism", required=True),
        _field("brokered_by"),
        _field("title"),
        _field("note"),
    ],
    ["release_id"],
)
OBSERVATIONS = TableSpec(
    "observations",
    "Every claim alive at the revision, with its provenance",
    [_registry_field(name) for name in PACKAGE_OBSERVATIONS],
    ["observation_id"],
    [
        _reference(["series_id"], "series", ["id"]),
        _reference(["document_id"], "documents", ["id"]),
        _reference(["release_id"], "releases", ["release_id"]),
        _reference(["revision"], "revisions", ["id"]),
    ],
)
REVISIONS = TableSpec(
    "revisions",
    "Every change to the data set up to this revision",
    [
        _field("id", "integer", required=True),
        _field("created_at", "datetime", required=True),
        _field("author", required=True),
        _field("message", required=True),
        _field("changeset"),
        _field("tags", "string", "Names of the revision, separated by spaces"),
    ],
    ["id"],
)
RENAMES = TableSpec(
    "renames",
    "Old ids of renamed sources and series (they answer with a redirect)",
    [
        _field("kind", required=True, enum=["source", "series"]),
        _field("old_id", required=True),
        _field("new_id", required=True),
        _field("revision_id", "integer", required=True),
    ],
    [],
    [_reference(["revision_id"], "revisions", ["id"])],
)
TABLES = (SOURCES, SERIES, DOCUMENTS, RELEASES, OBSERVATIONS, REVISIONS, RENAMES)
