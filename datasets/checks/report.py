"""The curation report: what the data covers and where it is thin, disputed or copied.

Per country: claims and series, and for every stock series the months it covers between its
first and last claim and the months without a claim. Then the dates where claims' values
differ, the batches with parts but no total, the curator marks, and the mirrors: marked
mirror documents, and per series how many claims rest on mirrors only.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from api.domain.vocabulary import is_whole_number
from datasets.checks.claims import PART_MEASURES
from datasets.checks.judgements import times_going_back
from datasets.checks.mirrors import is_marked, mirror_reason
from datasets.checks.shipped import Row, Shipped


def report(shipped: Shipped) -> list[str]:
    """The curation report, as lines."""
    lines = ["coverage per country:"]
    lines += _coverage(shipped)
    lines += ["claims per series:"]
    per_series = Counter(row["series_id"] for _, row in shipped.claims)
    lines += [f"  {count:5d}  {series_id}" for series_id, count in sorted(per_series.items())]
    lines += ["months without a claim (stock series, between first and last claim):"]
    lines += [f"  {series_id}: {', '.join(gaps)}" for series_id, gaps in _gaps(shipped).items()]
    lines += ["dates where claims disagree (values differ; the API says which cannot all be true):"]
    lines += [f"  {item}" for item in _disagreements(shipped)]
    lines += ["release batches with parts but no total claim:"]
    lines += [f"  {item}" for item in _parts_only(shipped)]
    lines += ["curator marks:"]
    lines += [f"  {row.get('mark')}: {row.get('claim')} ({place})" for place, row in shipped.marks]
    lines += ["documents marked as mirrors (a copy's address):"]
    lines += [f"  {url}" for url, doc in sorted(shipped.documents.items()) if is_marked(doc)]
    lines += ["claims resting on mirrors only, per series:"]
    lines += [
        f"  {series_id}: {n} of {per_series[series_id]}" for series_id, n in _on_mirrors(shipped)
    ]
    lines += ["dates resting on mirrors only:"]
    lines += [f"  {item}" for item in _dates_on_mirrors(shipped)]
    lines += ["changesets dated before an earlier-numbered one (the loader stamps the later time):"]
    lines += [f"  {item}" for item in times_going_back(shipped.meta)]
    return lines


def summary(shipped: Shipped) -> dict[str, Any]:
    """Totals for the report's first line."""
    return {
        "changesets": len(shipped.meta),
        "claims": len(shipped.claims),
        "series": len(shipped.series),
        "sources": len(shipped.sources),
        "documents": len(shipped.documents),
        "releases": len(shipped.releases),
        "corrections": len(shipped.corrections),
        "marks": len(shipped.marks),
    }


def _coverage(shipped: Shipped) -> list[str]:
    by_country: dict[str, list[Row]] = defaultdict(list)
    for _, row in shipped.claims:
        by_country[row["series_id"].split(".")[0]].append(row)
    months = _months(shipped)
    lines = []
    for country, rows in sorted(by_country.items()):
        dates = sorted(r["date"] for r in rows)
        series = {r["series_id"] for r in rows}
        lines.append(
            f"  {country}: {len(rows)} claims in {len(series)} series, {dates[0]} … {dates[-1]}"
        )
        for series_id in sorted(s for s in series if s in months):
            present = months[series_id]
            span = _month_range(min(present), max(present))
            lines.append(
                f"    {series_id}: {len(present)} of {len(span)} months, {span[0]} … {span[-1]}"
            )
    return lines


def _months(shipped: Shipped) -> dict[str, set[str]]:
    months: dict[str, set[str]] = defaultdict(set)
    for _, row in shipped.claims:
        series = shipped.series.get(row["series_id"], {})
        if series.get("kind") == "stock" and len(row["date"]) >= 7:
            months[row["series_id"]].add(row["date"][:7])
    return months


def _gaps(shipped: Shipped) -> dict[str, list[str]]:
    gaps = {}
    for series_id, present in sorted(_months(shipped).items()):
        missing = [m for m in _month_range(min(present), max(present)) if m not in present]
        if missing:
            gaps[series_id] = missing
    return gaps


def _month_range(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _groups(shipped: Shipped) -> dict[tuple[str, str, str, str], list[Row]]:
    groups: dict[tuple[str, str, str, str], list[Row]] = defaultdict(list)
    for _, row in shipped.claims:
        key = (row["series_id"], row["date"], row.get("period_start", ""), row.get("part", ""))
        groups[key].append(row)
    return groups


def _disagreements(shipped: Shipped) -> list[str]:
    out = []
    for (series_id, date, _, part), rows in sorted(_groups(shipped).items()):
        values = sorted({int(r["value"]) for r in rows if is_whole_number(r["value"])})
        if len(values) > 1:
            label = f" [{part}]" if part else ""
            out.append(f"{series_id} {date}{label}: {', '.join(map(str, values))}")
    return out


def _parts_only(shipped: Shipped) -> list[str]:
    totals: set[str] = set()
    parts: set[str] = set()
    for _, row in shipped.claims:
        measure = shipped.series.get(row["series_id"], {}).get("measure", "")
        if row.get("release_id"):
            is_part = bool(row.get("part")) or measure in PART_MEASURES
            (parts if is_part else totals).add(row["release_id"])
    return sorted(parts - totals)


def _on_mirror(shipped: Shipped, row: Row) -> bool:
    document = shipped.documents.get(row["document_url"], {})
    return bool(document) and (is_marked(document) or mirror_reason(document) is not None)


def _on_mirrors(shipped: Shipped) -> list[tuple[str, int]]:
    counts = Counter(r["series_id"] for _, r in shipped.claims if _on_mirror(shipped, r))
    return sorted(counts.items())


def _dates_on_mirrors(shipped: Shipped) -> list[str]:
    out = []
    for (series_id, date, _, part), rows in sorted(_groups(shipped).items()):
        if all(_on_mirror(shipped, r) for r in rows):
            out.append(f"{series_id} {date}" + (f" [{part}]" if part else ""))
    return out
