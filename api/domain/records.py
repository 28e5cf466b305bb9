"""The typed records that flow from storage through services to renderers.

A `Claim` is one claim as stored at a revision, joined with its series' source and its
document, plus the judgement of the preferred-claim rule (`api.domain.preference`): storage
creates it, the rule fills in `preferred`, `preferred_by`, `conflict` and `conflict_with`,
renderers read it. Field names are the public column names (`api.domain.columns`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, Final

JUDGED: Final = {"judged": True}


@dataclass(slots=True)
class Claim:
    """One claim with its provenance, and (once judged) its place in its group."""

    observation_id: int
    series_id: str
    date: dt.date
    date_precision: str
    period_start: dt.date | None
    value: int
    qualifier: str
    status: str
    source_id: str
    primary: bool
    reported_by: str | None
    publisher: str | None
    document_url: str
    document_title: str | None
    published_at: dt.date | None
    quote: str
    note: str | None
    release_id: str | None
    document_id: int
    version: int
    revision: int
    part: str | None = None
    counted: str | None = None
    curator_mark: str | None = None
    curator_reason: str | None = None
    # The copy of the document that was read (`api.domain.documents`).
    retrieved_at: dt.date | None = None
    archive_url: str | None = None
    republished_by: str | None = None
    mirror: bool | None = None
    # The judgement of the rule, filled in by api.domain.preference (not stored).
    preferred: bool = field(default=False, metadata=JUDGED)
    preferred_by: str | None = field(default=None, metadata=JUDGED)
    conflict: bool = field(default=False, metadata=JUDGED)
    conflict_with: tuple[int, ...] = field(default=(), metadata=JUDGED)

    @property
    def measure(self) -> str:
        """The measure part of the series id `{country}.{measure}.{source}`."""
        parts = self.series_id.split(".")
        return parts[1] if len(parts) == 3 else ""

    def get(self, name: str, default: Any = None) -> Any:
        """A column by name (templates and renderers that take any row use this)."""
        return getattr(self, name, default)

    def as_dict(self) -> dict[str, Any]:
        """Every field by name (a shallow copy)."""
        return {name: getattr(self, name) for name in FIELD_NAMES}


# The fields storage reads, in the order it selects them (the judgement is not stored).
STORED_FIELDS: Final = tuple(f.name for f in fields(Claim) if not f.metadata.get("judged"))
FIELD_NAMES: Final = tuple(f.name for f in fields(Claim))


@dataclass(slots=True)
class Batch:
    """A release batch at a revision, with its claims and the batch-level judgement."""

    release_id: str
    date: dt.date
    date_precision: str
    country: str
    category: str
    mechanism: str
    brokered_by: str | None
    title: str | None
    note: str | None
    claims: list[Claim] = field(default_factory=list)
    claimed_values: list[ClaimedValue] = field(default_factory=list)
    conflict: bool = False
    preferred: list[Headline] = field(default_factory=list)

    def get(self, name: str, default: Any = None) -> Any:
        """A column by name."""
        return getattr(self, name, default)


@dataclass(frozen=True, slots=True)
class ClaimedValue:
    """One distinct total claimed for a batch: which measure, value, qualifier, and by whom."""

    measure: str
    value: int
    qualifier: str
    source_ids: tuple[str, ...]
    claim_count: int


@dataclass(frozen=True, slots=True)
class Headline:
    """The preferred total of one measure for a batch, and the step of the rule that chose it.

    A headline reads as its claim (`headline.value` is the claim's value), except that its
    `preferred_by` is the step that made it the batch's headline.
    """

    measure: str
    preferred_by: str
    claim: Claim

    def __getattr__(self, name: str) -> Any:
        return getattr(self.claim, name)


@dataclass(frozen=True)
class DatasetInfo:
    """Who publishes the data set, as a citation names them (settings can change these)."""

    title: str = "Prisoner Counts: political prisoners and their releases, source by source"
    author: str = "Prisoner Counts contributors"
    publisher: str = "Prisoner Counts API"
    licence: str = "CC BY 4.0"


@dataclass(frozen=True)
class Citation:
    """Everything a citation style needs, fixed by the revision."""

    key: str
    title: str
    author: str
    publisher: str
    issued: dt.date
    version: str
    url: str
    note: str
    revision: int


@dataclass(frozen=True)
class PackageData:
    """The rows of every table at one revision."""

    revision: int
    created_at: dt.datetime
    tags: list[str]
    tables: dict[str, Sequence[Any]]  # rows: dicts or records, read by column name
    observations: Iterator[Claim]
