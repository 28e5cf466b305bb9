"""The request examples of docs/: found, compared with what the service answers, rewritten.

Two forms, both ordinary Markdown that reads well on the site and on GitHub:

- a `console` block: each line starting with `$ ` is a command (continued by a trailing
  backslash or a here-document), and the lines after it, up to the next `$ `, are what it
  prints;
- a `python` or `r` block directly followed by a `text title="Output"` block: the program
  and what it prints.

In a shown output, `…` stands for any text within a line, and a line that is only `…`
for any number of lines; the lines that change with every request (`Date`, `Server`,
`X-Request-Id`, `ETag`, `Last-Modified` headers) are compared as `…`. Commands name the server as
`http://127.0.0.1:8000`, as `make serve` runs it.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

BASE = "http://127.0.0.1:8000"
FENCE = re.compile(r"^```(\S*)(.*)$")
OUTPUT_TITLE = 'title="Output"'
VOLATILE_HEADERS = re.compile(r"^(date|server|x-request-id|etag|last-modified):.*$", re.I | re.M)
HEREDOC = re.compile(r"<<-?\s*'?\"?(\w+)'?\"?")
WRITES = re.compile(
    r"-X (POST|PATCH|DELETE)|token create|prisoner-counts (import|tag|redact|restore)"
)


@dataclass
class Example:
    """One command or program and the output the page shows for it."""

    page: Path
    language: str  # console (a shell command), python or r
    code: str
    expected: str
    # Where the expected output sits in the page's lines: [start, end).
    start: int
    end: int
    actual: str | None = field(default=None)
    stderr: str = ""

    @property
    def where(self) -> str:
        return f"{self.page.name}:{self.start + 1}"

    def matches(self) -> bool:
        return self.actual is not None and matches(self.expected, self.actual)


def blocks(lines: list[str]) -> list[tuple[str, str, int, int]]:
    """(language, info, first content line, end line) of every fenced block."""
    found, index = [], 0
    while index < len(lines):
        opened = FENCE.match(lines[index])
        if opened and opened.group(1):
            close = index + 1
            while close < len(lines) and lines[close].rstrip() != "```":
                close += 1
            found.append((opened.group(1).lower(), opened.group(2).strip(), index + 1, close))
            index = close
        index += 1
    return found


def examples(page: Path) -> list[Example]:
    """Every example of one page, in page order."""
    lines = page.read_text(encoding="utf-8").split("\n")
    found: list[Example] = []
    fenced = blocks(lines)
    for number, (language, _, start, end) in enumerate(fenced):
        if language == "console":
            found += console_examples(page, lines, start, end)
        elif language in ("python", "r") and number + 1 < len(fenced):
            kind, title, out_start, out_end = fenced[number + 1]
            between = lines[end + 1 : out_start - 1]
            if kind == "text" and OUTPUT_TITLE in title and not any(s.strip() for s in between):
                code = "\n".join(lines[start:end])
                expected = "\n".join(lines[out_start:out_end])
                found.append(Example(page, language, code, expected, out_start, out_end))
    return found


def console_examples(page: Path, lines: list[str], start: int, end: int) -> list[Example]:
    found: list[Example] = []
    index = start
    while index < end:
        if not lines[index].startswith("$ "):
            index += 1
            continue
        command = [lines[index][2:]]
        index += 1
        heredoc = HEREDOC.search(command[0])
        while index < end and (command[-1].endswith("\\") or heredoc or _open_quote(command)):
            command.append(lines[index])
            index += 1
            if heredoc and lines[index - 1].strip() == heredoc.group(1):
                heredoc = None
        out_start = index
        while index < end and not lines[index].startswith("$ "):
            index += 1
        expected = "\n".join(lines[out_start:index])
        found.append(Example(page, "console", "\n".join(command), expected, out_start, index))
    return found


def _open_quote(command: list[str]) -> bool:
    """Whether the command so far ends inside a quoted string (it goes on on the next line)."""
    try:
        shlex.split("\n".join(command).replace("\\\n", " "))
    except ValueError:
        return True
    return False


def normalise(output: str, base: str) -> str:
    """Output as a page shows it: the documented address, stable lines, no trailing space."""
    text = output.replace("\r\n", "\n").replace(base, BASE)
    text = VOLATILE_HEADERS.sub(lambda m: m.group(0).split(":", 1)[0] + ": …", text)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def matches(expected: str, actual: str) -> bool:
    """Whether `actual` is what `expected` shows, `…` standing for anything."""
    pattern = ""
    for line in expected.strip("\n").split("\n"):
        if line.strip() == "…":
            pattern += r"(?:[^\n]*\n)*?"
        else:
            pattern += ".*?".join(map(re.escape, line.rstrip().split("…"))) + r"\n"
    return re.fullmatch(pattern, actual.strip("\n") + "\n") is not None


def writes(page_examples: list[Example]) -> bool:
    """Whether a page's examples change the data (they then get a database of their own)."""
    return any(WRITES.search(e.code) for e in page_examples if e.language == "console")


def update(page: Path, done: list[Example]) -> int:
    """Rewrite the shown outputs that differ from the actual ones; how many were rewritten."""
    lines = page.read_text(encoding="utf-8").split("\n")
    changed = [e for e in done if e.actual is not None and not e.matches()]
    for example in sorted(changed, key=lambda e: e.start, reverse=True):
        assert example.actual is not None
        shown = example.actual.split("\n") if example.actual else []
        if example.end > example.start and not lines[example.end - 1].strip():
            shown.append("")  # keep the blank line that separates it from the next command
        lines[example.start : example.end] = shown
    if changed:
        page.write_text("\n".join(lines), encoding="utf-8")
    return len(changed)


def pages(docs: Path) -> list[Path]:
    """Every Markdown page of docs/, in a stable order."""
    return sorted(docs.rglob("*.md"))
