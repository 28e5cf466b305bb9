"""Run the examples of docs/ (and the README) against a live server holding the shipped data set.

    python -m docsite.run_examples            # compare; exit 1 and show the differences
    python -m docsite.run_examples --update   # rewrite the shown outputs that differ
    make docs-examples                        # the same as --update

The server is the project's own app on a fresh SQLite database loaded as `make serve`
loads it, with `PUBLIC_BASE_URL=http://127.0.0.1:8000` so that answers carry the address
the pages show. A page whose examples write (a token, `-X POST`, an import) gets a copy of
that database of its own, so no page sees another's writes. The console commands of a page
run in order in one bash (variables such as `$TOKEN` carry over), in a scratch folder with
`.venv` linked, `DATABASE_URL` naming the server's database for `prisoner-counts` commands.
"""

from __future__ import annotations

import argparse
import difflib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from docsite.examples import BASE, Example, examples, normalise, pages, update, writes

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
README = ROOT / "README.md"
SEPARATOR = "\x1e-- next example --\x1e"
TIMEOUT = 300


def shipped_database(folder: Path) -> Path:
    """A migrated SQLite file holding every shipped changeset."""
    from api.storage import migrate
    from api.storage.db import Database
    from datasets.loader import load_pending

    path = folder / "shipped.sqlite"
    database = Database(f"sqlite:///{path}")
    migrate.upgrade(database)
    load_pending(database)
    database.dispose()
    return path


@contextmanager
def serving(database: Path) -> Iterator[str]:
    """The app on `database` over HTTP on a free port; yields its base URL."""
    from werkzeug.serving import WSGIRequestHandler, make_server

    from api import create_app

    class Quiet(WSGIRequestHandler):
        def log_request(self, *args: object, **kwargs: object) -> None:
            """No access line per example request."""

    settings = {"DATABASE_URL": f"sqlite:///{database}", "RATELIMIT_ENABLED": False}
    app = create_app({**settings, "ACCESS_LOG": False, "PUBLIC_BASE_URL": BASE})
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=Quiet)
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        app.extensions["database"].dispose()


def environment(base: str, database: Path) -> dict[str, str]:
    venv_bin = str(ROOT / ".venv" / "bin")
    path = venv_bin + os.pathsep + os.environ.get("PATH", "")
    return {
        **os.environ,
        "PATH": path,
        "DATABASE_URL": f"sqlite:///{database}",
        "PRISONER_COUNTS_URL": base,
        "COLUMNS": "100",
    }


def run_page(page_examples: list[Example], base: str, database: Path) -> None:
    """Fill in `actual` for each example of one page."""
    env = environment(base, database)
    with tempfile.TemporaryDirectory(prefix="docs-examples-") as scratch:
        work = Path(scratch)
        (work / ".venv").symlink_to(ROOT / ".venv")
        console = [e for e in page_examples if e.language == "console"]
        if console:
            run_console(console, base, work, env)
        for example in page_examples:
            if example.language in ("python", "r"):
                example.actual = normalise(run_program(example, base, work, env), base)


def run_console(console: list[Example], base: str, work: Path, env: dict[str, str]) -> None:
    script = "".join(f"{e.code.replace(BASE, base)}\nprintf '\\n{SEPARATOR}\\n'\n" for e in console)
    result = subprocess.run(
        ["bash", "--noprofile", "--norc"],
        input=script,
        capture_output=True,
        text=True,
        cwd=work,
        env=env,
        timeout=TIMEOUT * len(console),
    )
    outputs = result.stdout.split(f"\n{SEPARATOR}\n")
    for example, output in zip(console, outputs, strict=False):
        example.actual = normalise(output, base)
    for example in console:
        example.stderr = result.stderr[-2000:]


def run_program(example: Example, base: str, work: Path, env: dict[str, str]) -> str:
    code = example.code.replace(BASE, base)
    if example.language == "r":
        if shutil.which("Rscript") is None:
            return example.expected  # no R here: shown as it is (the R recipe test says so)
        command = ["Rscript", "-"]
    else:
        command = [str(ROOT / ".venv" / "bin" / "python"), "-"]
    result = subprocess.run(
        command, input=code, capture_output=True, text=True, cwd=work, env=env, timeout=TIMEOUT
    )
    return result.stdout + (
        f"\n[exit {result.returncode}] {result.stderr[-2000:]}" if result.returncode else ""
    )


def documented() -> list[Path]:
    """The pages whose examples are run: every page of docs/ and the README."""
    return [*pages(DOCS), README]


def run_all(selected: list[Path] | None = None) -> list[Example]:
    """Every example of the selected pages (all by default), with its actual output."""
    chosen = selected or documented()
    by_page = {page: examples(page) for page in chosen}
    by_page = {page: found for page, found in by_page.items() if found}
    with tempfile.TemporaryDirectory(prefix="docs-db-") as folder:
        shipped = shipped_database(Path(folder))
        reading = [page for page, found in by_page.items() if not writes(found)]
        if reading:
            with serving(shipped) as base:
                for page in reading:
                    run_page(by_page[page], base, shipped)
        for number, page in enumerate(p for p in by_page if p not in reading):
            own = Path(folder) / f"writes-{number}.sqlite"
            shutil.copyfile(shipped, own)
            with serving(own) as base:
                run_page(by_page[page], base, own)
    return [example for found in by_page.values() for example in found]


def report(done: list[Example]) -> str:
    """The differences, as unified diffs, one per example that differs."""
    parts = []
    for example in done:
        if example.matches():
            continue
        diff = difflib.unified_diff(
            example.expected.strip("\n").split("\n"),
            (example.actual or "").split("\n"),
            "shown",
            "actual",
            lineterm="",
        )
        told = f"\nstandard error: {example.stderr}" if example.stderr.strip() else ""
        parts.append(
            f"{example.where}: {example.code.splitlines()[0][:120]}\n" + "\n".join(diff) + told
        )
    return "\n\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", action="store_true", help="rewrite outputs that differ")
    parser.add_argument("pages", nargs="*", type=Path, help="pages (default: every page)")
    args = parser.parse_args(argv)
    done = run_all([p.resolve() for p in args.pages] or None)
    differing = [e for e in done if not e.matches()]
    if args.update:
        rewritten = sum(
            update(page, [e for e in done if e.page == page]) for page in {e.page for e in done}
        )
        print(f"{len(done)} examples run, {rewritten} outputs rewritten")
        return 0
    print(report(done) or "", file=sys.stderr)
    print(f"{len(done)} examples run, {len(differing)} differ from their shown output")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
