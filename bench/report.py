"""Each benchmark owns one section of a report under docs/ and rewrites only that one."""

from __future__ import annotations

from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"


def replace_section(path: Path, name: str, body: str, heading: str, first: bool = False) -> None:
    """Put `body` between the section's markers.

    A new section goes at the end, or with `first` before the first `## ` heading (right
    under the document's introduction).
    """
    start, end = f"<!-- BENCH:{name}:START -->", f"<!-- BENCH:{name}:END -->"
    text = path.read_text(encoding="utf-8") if path.exists() else f"# {path.stem.title()}\n"
    block = f"{start}\n{body.strip()}\n{end}"
    if start in text:
        before, rest = text.split(start, 1)
        text = before + block + rest.split(end, 1)[1]
    elif first and "\n## " in text:
        intro, rest = text.split("\n## ", 1)
        text = f"{intro.rstrip()}\n\n## {heading}\n\n{block}\n\n## {rest}"
    else:
        text = text.rstrip() + f"\n\n## {heading}\n\n{block}\n"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
