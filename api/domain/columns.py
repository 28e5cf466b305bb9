"""The public columns: one registry for JSON fields, every CSV, the data package and OpenAPI.

Each column is declared once, with its type and meaning. An output is a tuple of column
names in its order; the stability promise of `/v1` is that an output only ever gets new
names at its end. The marshmallow schemas (`api.schemas.columns`), the CSV writers
(`api.render.csv`), the data package's Table Schemas (`api.render.package_tables`) and so
the OpenAPI document all read the registry.

Types: `integer`, `string`, `text` (free text a spreadsheet could run as a formula: a CSV
neutralises it), `date`, `datetime`, `boolean`, `integers` (a list; in CSV, space-separated).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from api.domain import documents
from api.domain.preference import STEPS
from api.domain.vocabulary import COUNTED, CURATOR_MARKS, DATE_PRECISIONS, QUALIFIERS, STATUSES


@dataclass(frozen=True)
class Column:
    """One public column: its name, type and meaning."""

    name: str
    type: str
    description: str = ""
    required: bool = False  # never null
    enum: tuple[str, ...] | None = None

    @property
    def neutralised(self) -> bool:
        """Whether a CSV cell of this column is text a spreadsheet must not run."""
        return self.type == "text"


def _columns(*columns: Column) -> dict[str, Column]:
    return {c.name: c for c in columns}


COLUMNS: Final = _columns(
    Column("observation_id", "integer", "Stable claim id (/v1/observations/{id})", True),
    Column("series_id", "text", "Series id {country}.{measure}.{source}", True),
    Column("date", "date", "Date of the figure; the first day of the period when not a day", True),
    Column("date_precision", "string", "day, month or year", True, DATE_PRECISIONS),
    Column("period_start", "date", "Start of the period a tally counts over"),
    Column("value", "integer", "The number (persons)", True),
    Column("qualifier", "string", "How the source worded it", True, QUALIFIERS),
    Column("status", "string", "reported, estimate or provisional", True, STATUSES),
    Column("source_id", "text", "Who counted", True),
    Column("primary", "boolean", "Published by the counting source itself", True),
    Column("reported_by", "text", "Who published it"),
    Column("publisher", "text", "Publisher of the document"),
    Column("document_id", "integer", "Document id (/v1/documents/{id})", True),
    Column("document_url", "text", "Where it was published", True),
    Column("document_title", "text", "Title of the document"),
    Column("published_at", "date", "The document's publication date"),
    Column("quote", "text", "The words holding the number", True),
    Column("note", "text", "The curator's note"),
    Column("release_id", "text", "The release batch the claim is about"),
    Column("revision", "integer", "Revision that added this version of the claim", True),
    Column("version", "integer", "Version of the claim at this revision", True),
    Column("preferred", "boolean", "The preferred claim of its group (date, and part)"),
    Column(
        "conflict",
        "boolean",
        "The claims of its group cannot all be true (rule 1: their values differ)",
    ),
    Column(
        "preferred_by",
        "string",
        "On the preferred claim: the step of the rule that chose it; empty on the others",
        enum=STEPS,
    ),
    Column("conflict_with", "integers", "Ids of the claims of its group it cannot stand with"),
    Column("part", "text", "The subset the claim counts (e.g. taken to Ukraine); empty: a total"),
    Column(
        "counted",
        "string",
        "Empty when the quote writes the value; sum (added up from its numbers), names "
        "(the people it names) or misprint (the evident reading of a misprinted number)",
        enum=COUNTED,
    ),
    Column("curator_mark", "string", "A curator's judgement in its group", enum=CURATOR_MARKS),
    Column("curator_reason", "text", "Why the curator marked it"),
    # The copy of the document that was read (issue #10), appended to every claim output.
    Column("retrieved_at", "date", documents.RETRIEVED_AT),
    Column("archive_url", "text", documents.ARCHIVE_URL),
    Column("republished_by", "text", documents.REPUBLISHED_BY),
    Column("mirror", "boolean", documents.MIRROR),
    Column("measure", "string", "What a series counts (released, political_prisoners, …)", True),
    # Batch columns of the releases CSV.
    Column("country", "text", "ISO 3166 alpha-2", True),
    Column("category", "text", "Who was released (political_prisoners, mixed, …)", True),
    Column("mechanism", "text", "pardon, exchange, expulsion, release, …", True),
    Column("brokered_by", "text", "Who brokered the release"),
    Column("release_title", "text", "The batch's title"),
    Column("claim_date", "date", "The claim's own date (may differ from the batch's)", True),
    Column("claim_date_precision", "string", "Its precision", True, DATE_PRECISIONS),
    Column("batch_conflict", "boolean", "The batch's totals of this measure cannot all be true"),
    Column(
        "batch_preferred_by",
        "string",
        "On the batch's headline total of its measure: the step of the rule that chose it",
        enum=STEPS,
    ),
)

# A claim in JSON (/v1/series/{id}/observations, /v1/observations/{id}, claims of a batch).
CLAIM_FIELDS: Final = (
    "observation_id",
    "series_id",
    "date",
    "date_precision",
    "period_start",
    "value",
    "qualifier",
    "status",
    "source_id",
    "primary",
    "reported_by",
    "publisher",
    "document_id",
    "document_url",
    "document_title",
    "published_at",
    "quote",
    "note",
    "release_id",
    "revision",
    "preferred",
    "conflict",
    "preferred_by",
    "conflict_with",
    "part",
    "counted",
    "curator_mark",
    "curator_reason",
    *documents.COPY_FIELDS,
)
# Added to claims by rule 2 and curator marks; appended to every claim output.
JUDGEMENT_COLUMNS: Final = (
    "preferred_by",
    "conflict_with",
    "part",
    "counted",
    "curator_mark",
    "curator_reason",
)
OBSERVATIONS_CSV: Final = (
    "series_id",
    "date",
    "date_precision",
    "value",
    "qualifier",
    "status",
    "source_id",
    "reported_by",
    "publisher",
    "document_url",
    "published_at",
    "quote",
    "observation_id",
    "revision",
    "period_start",
    "primary",
    "preferred",
    "conflict",
    "release_id",
    "document_id",
    "document_title",
    "note",
    *JUDGEMENT_COLUMNS,
    *documents.COPY_FIELDS,
)
RELEASES_CSV: Final = (
    "release_id",
    "date",
    "date_precision",
    "country",
    "category",
    "mechanism",
    "brokered_by",
    "series_id",
    "source_id",
    "value",
    "qualifier",
    "reported_by",
    "publisher",
    "document_url",
    "published_at",
    "quote",
    "observation_id",
    "revision",
    "claim_date",
    "claim_date_precision",
    "status",
    "primary",
    "release_title",
    "note",
    "preferred",
    "conflict",
    *JUDGEMENT_COLUMNS,
    "batch_conflict",
    "batch_preferred_by",
    *documents.COPY_FIELDS,
)
PACKAGE_OBSERVATIONS: Final = (
    "observation_id",
    "version",
    "series_id",
    "date",
    "date_precision",
    "period_start",
    "value",
    "qualifier",
    "status",
    "primary",
    "preferred",
    "conflict",
    "document_id",
    "reported_by",
    "quote",
    "note",
    "release_id",
    "revision",
    *JUDGEMENT_COLUMNS,
)
TEXT_COLUMNS: Final = frozenset(name for name, c in COLUMNS.items() if c.neutralised)
