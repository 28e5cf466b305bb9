"""The documentation's examples: found, pinned to a revision, and answering as shown."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from docsite import examples as found
from docsite.run_examples import documented, report, run_all

# Reads that rightly follow the latest state (as the acceptance check counts them).
UNPINNED_OK = (
    "-X",
    "POST",
    "PATCH",
    "DELETE",
    "Authorization",
    "openapi.json",
    "/v1/revisions",
    "/v1/changes",
    "/v1/tags",
    ".atom",
    "/healthz",
    "/readyz",
    "/metrics",
)


def test_console_blocks_split_into_commands_and_outputs(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "Text.\n\n```console\n$ curl -s http://127.0.0.1:8000/v1/a \\\n    -H 'X: y'\n"
        "one\ntwo\n\n$ echo '{\n  \"a\": 1}'\n```\n\n```python\nprint(1)\n```\n\n"
        '```text title="Output"\n1\n```\n\n```python\nprint(2)\n```\n',
        encoding="utf-8",
    )
    got = [(e.language, e.code, e.expected) for e in found.examples(page)]
    assert got == [
        ("console", "curl -s http://127.0.0.1:8000/v1/a \\\n    -H 'X: y'", "one\ntwo\n"),
        ("console", "echo '{\n  \"a\": 1}'", ""),
        ("python", "print(1)", "1"),
    ]


def test_an_ellipsis_stands_for_any_text_and_a_line_of_it_for_any_lines() -> None:
    assert found.matches("wrote … rows", "wrote 12 rows")
    assert found.matches("a\n…\nz", "a\nb\nc\nz") and found.matches("a\n…\nz", "a\nz")
    assert not found.matches("wrote … rows", "wrote 12 rows\nmore")
    assert not found.matches("1131", "1130")


def test_changing_headers_are_compared_as_an_ellipsis() -> None:
    shown = found.normalise('Date: Wed\r\nETag: "x"\r\nX-Dataset-Revision: 5\r\n', "http://h:1")
    assert shown == "Date: …\nETag: …\nX-Dataset-Revision: 5"
    assert found.normalise("see http://h:1/v1/a", "http://h:1") == "see http://127.0.0.1:8000/v1/a"


def test_an_update_rewrites_only_the_outputs_that_differ(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("```console\n$ a\nold\n\n$ b\n…\n```\n", encoding="utf-8")
    done = found.examples(page)
    done[0].actual, done[1].actual = "new\nlines", "anything"
    assert found.update(page, done) == 1
    assert page.read_text(encoding="utf-8") == "```console\n$ a\nnew\nlines\n\n$ b\n…\n```\n"


def test_every_read_example_pins_a_revision() -> None:
    unpinned = []
    for page in documented():
        for line in page.read_text(encoding="utf-8").splitlines():
            request = "/v1/" in line and re.search(r"https?://|curl ", line)
            if request and "as_of=" not in line and not any(k in line for k in UNPINNED_OK):
                unpinned.append(f"{page.name}: {line.strip()[:100]}")
    assert unpinned == []


def test_every_request_example_shows_its_output() -> None:
    """No curl, Python or R request in docs/ outside an executed example."""
    loose = []
    for page in documented():
        lines = page.read_text(encoding="utf-8").split("\n")
        run = {e.code for e in found.examples(page)}
        for language, _, start, end in found.blocks(lines):
            body = "\n".join(lines[start:end])
            if language in ("sh", "bash", "shell") and "curl " in body:
                loose.append(f"{page.name}:{start}")
            if language in ("python", "r") and "127.0.0.1:8000" in body and body not in run:
                loose.append(f"{page.name}:{start}")
    assert loose == []


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("jq") is None or shutil.which("curl") is None,
    reason="the examples use curl and jq (Debian: apt-get install curl jq; .ci/run does)",
)
def test_every_example_answers_as_the_page_shows() -> None:
    done = run_all()
    assert len(done) >= 60
    assert report(done) == "", "run `make docs-examples` after a deliberate change"
