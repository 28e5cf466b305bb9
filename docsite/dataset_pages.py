"""The data set's pages, written from the files the curators keep (never copied by hand).

`datasets/README.md` stays the one text about the data, next to the data: its sections are
spread over four pages by their headings; the sources page and the country table are read
from the changesets' `sources.csv`, `series.csv` and `names.csv`.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

from api.domain.vocabulary import COUNTRY_NAMES

# Page by section heading (its start); any other section is a country's and goes to countries.
SECTION_PAGES = {
    "Changesets": "index.md",
    "Conventions": "curation.md",
    "Checks": "curation.md",
    "Adding data": "curation.md",
    "Measures": "countries.md",
    "Known conflicts": "gaps.md",
    "What is still missing": "gaps.md",
}
TITLES = {
    "index.md": "The shipped data set",
    "countries.md": "Countries and measures",
    "gaps.md": "Gaps and known conflicts",
    "curation.md": "Curation rules",
}
INTROS = {
    "countries.md": "What is counted in each country, by whom, and the measures the series use.",
    "gaps.md": "Where the data set is thin, and the disagreements it keeps on purpose.",
    "curation.md": "How a published number becomes a claim, and the checks every claim passes "
    "(`prisoner-counts datasets check`, run by `make test`).",
}


def sections(readme: str) -> tuple[str, list[tuple[str, str]]]:
    """The text before the first `## ` heading, and (heading, body) of each section."""
    parts = re.split(r"^## (.+)$", readme, flags=re.M)
    intro = re.sub(r"^# .*\n", "", parts[0]).strip()
    return intro, [(parts[i].strip(), parts[i + 1].strip()) for i in range(1, len(parts), 2)]


def page_of(heading: str) -> str:
    for start, page in SECTION_PAGES.items():
        if heading.startswith(start):
            return page
    return "countries.md"


def pages(root: Path) -> dict[str, str]:
    """Markdown pages by file name under data/."""
    intro, found = sections((root / "datasets" / "README.md").read_text(encoding="utf-8"))
    bodies: dict[str, list[str]] = defaultdict(list)
    for heading, body in found:
        bodies[page_of(heading)].append(f"## {heading}\n\n{demote(body)}")
    changesets = root / "datasets" / "changesets"
    written = {}
    for page, title in TITLES.items():
        head = [f"# {title}", "", SOURCE_NOTE, ""]
        head += [intro] if page == "index.md" else [INTROS[page]]
        if page == "countries.md":
            head += ["", country_table(changesets)]
        written[page] = "\n".join(head + [""] + bodies[page]) + "\n"
    written["sources.md"] = sources_page(changesets)
    return written


SOURCE_NOTE = (
    "*Written from `datasets/README.md` and the changesets when the site is built: "
    "edit those, not this page.*"
)


def demote(body: str) -> str:
    """Turn paths the README writes as links relative to datasets/ into code (no dead links)."""
    return re.sub(r"\[([^\]]+)\]\((?!https?://|#)[^)]+\)", r"\1", body)


def rows(changesets: Path, name: str) -> list[tuple[str, dict[str, str]]]:
    """(changeset, row) of every changeset's `name` file, in loading order."""
    found = []
    for folder in sorted(p for p in changesets.iterdir() if p.is_dir()):
        path = folder / name
        if path.exists():
            with path.open(encoding="utf-8-sig", newline="") as handle:
                found += [(folder.name, row) for row in csv.DictReader(handle)]
    return found


def country_table(changesets: Path) -> str:
    series: dict[str, set[str]] = defaultdict(set)
    sources: dict[str, set[str]] = defaultdict(set)
    added: dict[str, list[str]] = defaultdict(list)
    for changeset, row in rows(changesets, "series.csv"):
        country = row["country"]
        series[country].add(row["id"])
        sources[country].add(row["source_id"])
        if changeset not in added[country]:
            added[country].append(changeset)
    lines = [
        "| country | series | counting sources | changesets |",
        "| --- | --- | --- | --- |",
    ]
    for code in sorted(series, key=lambda c: COUNTRY_NAMES.get(c, c)):
        name = COUNTRY_NAMES.get(code, code)
        shipped = ", ".join(f"`{c}`" for c in added[code])
        lines.append(
            f"| {name} (`{code}`) | {len(series[code])} | {len(sources[code])} | {shipped} |"
        )
    note = (
        "\nSeries as shipped (a later changeset may move claims between series); "
        "`/v1/series?country=BY` lists them at any revision."
    )
    return "\n".join(lines) + "\n" + note


def sources_page(changesets: Path) -> str:
    names: dict[str, list[str]] = defaultdict(list)
    for _, row in rows(changesets, "names.csv"):
        if row["kind"] == "source":
            names[row["id"]].append(f"{row['name']} ({row['language']})")
    countries: dict[str, set[str]] = defaultdict(set)
    for _, row in rows(changesets, "series.csv"):
        countries[row["source_id"]].add(row["country"])
    lines = [
        "# Sources",
        "",
        SOURCE_NOTE,
        "",
        "Every organisation, outlet or person the data set has a claim from, as first shipped "
        "(`/v1/sources` answers with the current names; `/v1/sources/{id}` with the series). "
        "A source is who **counted**; who published a figure is each claim's `reported_by`.",
        "",
        "| id | name | kind | countries | added in |",
        "| --- | --- | --- | --- | --- |",
    ]
    for changeset, row in sorted(rows(changesets, "sources.csv"), key=lambda r: r[1]["id"]):
        name = row["name"] + "".join(f"<br>{n}" for n in names[row["id"]])
        if row.get("homepage"):
            name = f"[{name}]({row['homepage']})" if not names[row["id"]] else name
        where = ", ".join(sorted(countries[row["id"]]))
        cells = [f"`{row['id']}`", name, f"`{row['kind']}`", where, f"`{changeset}`"]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"
