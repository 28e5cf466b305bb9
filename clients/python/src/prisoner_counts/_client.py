"""`Client`: one call per question, a pandas frame back, the revision it is for in its attrs.

Every frame's `attrs` holds `revision` (the revision the service answered for), `as_of`
(what the client asked for: None for the latest), `url` (the request) and `citation` (APA
text citing that revision). `pinned()` gives a client fixed at the current revision, whose
answers never change and come from the cache once read.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Literal
from urllib.parse import quote

import httpx
import pandas as pd

from prisoner_counts import _frames, _imports, _package
from prisoner_counts._session import Answer, Params, Session
from prisoner_counts._transport import Sleep

Claims = Literal["preferred", "all"]
Style = Literal["apa", "bibtex", "ris", "csl-json"]
DEFAULT_URL = "http://127.0.0.1:8000"


class Client:
    """A client of one Prisoner Counts service, at its latest revision or pinned by `as_of`.

    `as_of` is a revision id, a tag or an ISO 8601 time. `token` (a write token) is needed
    only by `import_claims`. `cache_dir` keeps the HTTP cache in a file there, across
    sessions; without it the cache lives in memory while the client does. `transport`
    replaces the network (tests give a recording or failing one).
    """

    def __init__(
        self,
        base_url: str = DEFAULT_URL,
        as_of: str | int | None = None,
        token: str | None = None,
        timeout: float = 60.0,
        cache_dir: str | Path | None = None,
        page_size: int | None = None,
        retries: int = 4,
        transport: httpx.BaseTransport | None = None,
        sleep: Sleep | None = None,
    ) -> None:
        self._session = Session(base_url, token, timeout, cache_dir, retries, transport, sleep)
        self.as_of: str | None = None if as_of is None else str(as_of)
        self.page_size = page_size

    @property
    def base_url(self) -> str:
        """The service's address, without a trailing slash."""
        return self._session.base_url

    def __repr__(self) -> str:
        return f"Client({self.base_url!r}, as_of={self.as_of!r})"

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connections and the cache (shared with every client `pinned()` made)."""
        self._session.close()

    # Pinning -------------------------------------------------------------------------------

    def revision(self) -> int:
        """The revision this client reads: the latest one, or the one `as_of` names."""
        answer = self._get("/v1/revisions", {"limit": 1})
        if answer.revision is None:
            raise ValueError("the service did not say its revision (X-Dataset-Revision)")
        return answer.revision

    def pinned(self) -> Client:
        """A client fixed at the current revision: a rerun next year gets the same frames.

        It shares this client's connections and cache.
        """
        fixed = copy.copy(self)
        fixed.as_of = str(self.revision())
        return fixed

    # Catalog ------------------------------------------------------------------------------

    def sources(self, kind: str | None = None) -> pd.DataFrame:
        """Who counts and who reports: one row per source."""
        return self._json_frame("/v1/sources", {"kind": kind})

    def series(
        self,
        country: str | None = None,
        measure: str | None = None,
        source: str | None = None,
        source_kind: str | None = None,
    ) -> pd.DataFrame:
        """Every series (filtered), with its claim count and first and last dates."""
        params = {"country": country, "measure": measure, "source": source}
        return self._json_frame("/v1/series", {**params, "source_kind": source_kind})

    def documents(self) -> pd.DataFrame:
        """Every document a figure was published in (every page)."""
        return self._json_frame("/v1/documents", {}, paginated=True)

    def releases(
        self,
        start: str | None = None,
        end: str | None = None,
        country: str | None = None,
        source: str | None = None,
        mechanism: str | None = None,
        brokered_by: str | None = None,
    ) -> pd.DataFrame:
        """Release batches, one row per source's claim about a batch (the releases CSV)."""
        params = {"start": start, "end": end, "country": country, "source": source}
        params |= {"mechanism": mechanism, "brokered_by": brokered_by}
        return self._csv_frame("/v1/releases.csv", params, paginated=True)

    # Series -------------------------------------------------------------------------------

    def observations(
        self,
        series_id: str,
        start: str | None = None,
        end: str | None = None,
        claims: Claims = "preferred",
        frequency: str | None = None,
        aggregation: str | None = None,
        transform: str | None = None,
        view: str | None = None,
    ) -> pd.DataFrame:
        """The claims of a series (the observations CSV), or its periods with `frequency`,
        `aggregation` or `transform`; `view="first_release"` for values as first published."""
        params: dict[str, str | int | None] = {"start": start, "end": end, "claims": claims}
        params |= {"frequency": frequency, "aggregation": aggregation, "transform": transform}
        params["view"] = view
        path = f"/v1/series/{_segment(series_id)}/observations.csv"
        return self._csv_frame(path, params, paginated=True, series_id=series_id)

    def compare(
        self,
        series_ids: Sequence[str] | str,
        start: str | None = None,
        end: str | None = None,
        frequency: str | None = None,
        aggregation: str | None = None,
    ) -> pd.DataFrame:
        """Series side by side on their dates or periods: a column (and qualifier) each."""
        ids = [series_ids] if isinstance(series_ids, str) else list(series_ids)
        params = {"series": ",".join(ids), "start": start, "end": end}
        params |= {"frequency": frequency, "aggregation": aggregation}
        extra: dict[str, _frames.Kind] = {series_id: "int" for series_id in ids}
        return self._csv_frame("/v1/compare.csv", params, extra=extra)

    def release_summary(
        self,
        by: Literal["year", "month", "source", "mechanism"] = "year",
        start: str | None = None,
        end: str | None = None,
        country: str | None = None,
        source: str | None = None,
        mechanism: str | None = None,
    ) -> pd.DataFrame:
        """Each source's batch totals per year, month, source or mechanism."""
        params = {"by": by, "start": start, "end": end, "country": country}
        params |= {"source": source, "mechanism": mechanism}
        return self._csv_frame("/v1/releases/summary.csv", params)

    def vintages(self, series_id: str) -> pd.DataFrame:
        """The revisions at which a series or its claims changed, oldest first."""
        path = f"/v1/series/{_segment(series_id)}/vintages.csv"
        return self._csv_frame(path, {}, series_id=series_id)

    def history(self, observation_id: int) -> pd.DataFrame:
        """Every version of one claim, with the revision, author and message of each."""
        return self._json_frame(f"/v1/observations/{int(observation_id)}/history", {})

    def chart(
        self,
        series_id: str,
        start: str | None = None,
        end: str | None = None,
        claims: Claims = "all",
        width: int | None = None,
        height: int | None = None,
    ) -> str:
        """The service's SVG chart of a series, with its attribution and revision."""
        params = {"start": start, "end": end, "claims": claims, "width": width, "height": height}
        return self._get(f"/v1/series/{_segment(series_id)}/chart.svg", params).text

    # History and citation ------------------------------------------------------------------

    def revisions(self) -> pd.DataFrame:
        """Every revision of the data set up to this client's, newest first."""
        return self._json_frame("/v1/revisions", {}, paginated=True)

    def tags(self) -> pd.DataFrame:
        """The named revisions, for citation."""
        return self._json_frame("/v1/tags", {})

    def citation(self, style: Style = "apa", series: str | None = None) -> str:
        """A citation of the data set (or of one series) at this client's revision."""
        return self._get("/v1/citation", {"style": style, "series": series}).text

    def datapackage(self) -> _package.DataPackage:
        """The whole data set at this client's revision: its descriptor and a frame per table."""
        answer = self._get("/v1/export/datapackage.zip", {})
        package = _package.read_zip(answer.content)
        for frame in package.tables.values():
            self._describe(frame, [answer], None)
        return package

    # Curators -----------------------------------------------------------------------------

    def import_claims(
        self, frame: pd.DataFrame, message: str, dry_run: bool = True
    ) -> dict[str, Any]:
        """Send a frame as the import CSV (needs a write token); returns the service's report.

        `dry_run=True` (the default) checks every row and writes nothing; the report says
        which revision the import would be. Columns that only exports have are left out.
        """
        body = _imports.import_csv(frame)
        params = {"message": message, "dry_run": "true" if dry_run else "false"}
        answer = self._session.post("/v1/imports", params, body, "text/csv; charset=utf-8")
        report: dict[str, Any] = json.loads(answer.content)
        return report

    # Plumbing -----------------------------------------------------------------------------

    def _params(self, params: Params, paginated: bool = False) -> dict[str, str | int | None]:
        full: dict[str, str | int | None] = {**params, "as_of": self.as_of}
        if paginated and self.page_size:
            full["limit"] = self.page_size
        return full

    def _get(self, path: str, params: Params) -> Answer:
        return self._session.get(path, self._params(params), pinned=self.as_of is not None)

    def _pages(self, path: str, params: Params, paginated: bool) -> list[Answer]:
        full = self._params(params, paginated)
        return list(self._session.pages(path, full, pinned=self.as_of is not None))

    def _json_frame(self, path: str, params: Params, paginated: bool = False) -> pd.DataFrame:
        answers = self._pages(path, params, paginated)
        records = [row for a in answers for row in json.loads(a.content)["data"]]
        return self._describe(_frames.from_records(records), answers, None)

    def _csv_frame(
        self,
        path: str,
        params: Params,
        paginated: bool = False,
        series_id: str | None = None,
        extra: dict[str, _frames.Kind] | None = None,
    ) -> pd.DataFrame:
        answers = self._pages(path, params, paginated)
        frame = _frames.from_csv(_joined_csv(a.text for a in answers), extra)
        return self._describe(frame, answers, series_id)

    def _describe(
        self, frame: pd.DataFrame, answers: list[Answer], series_id: str | None
    ) -> pd.DataFrame:
        revision = answers[0].revision
        frame.attrs.update(revision=revision, as_of=self.as_of, url=answers[0].url)
        frame.attrs["citation"] = self._citation_at(revision, series_id)
        return frame

    def _citation_at(self, revision: int | None, series_id: str | None) -> str | None:
        """APA text citing `revision` (pinned, so it comes from the cache after the first)."""
        if revision is None:
            return None
        params = {"style": "apa", "series": series_id, "as_of": revision}
        return self._session.get("/v1/citation", params, pinned=True).text.strip()


def _segment(value: str) -> str:
    return quote(value, safe="")


def _joined_csv(pages: Iterable[str]) -> str:
    """The pages of a CSV as one file: the first page's header, every page's rows."""
    texts = list(pages)
    rest = [text.split("\n", 1)[1] if "\n" in text else "" for text in texts[1:]]
    return "".join([texts[0], *rest]) if texts else ""
