"""`prisoner-counts import FILE.csv` and `prisoner-counts tag NAME [REVISION]`."""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable
from pathlib import Path

import click
from flask.cli import with_appcontext

from api.cli.context import database
from api.errors import ApiError
from api.services.writes import catalog_writes, importer
from api.services.writes.tokens import Caller
from api.services.writes.writing import WriteRequest, perform


@click.command("import")
@with_appcontext
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--message", "-m", required=True, help="Why: becomes the revision's message.")
@click.option("--author", default=lambda: f"cli:{getpass.getuser()}", show_default="cli:<user>")
@click.option("--dry-run", is_flag=True, help="Check everything, write nothing.")
def import_command(path: Path, message: str, author: str, dry_run: bool) -> None:
    """Import claims (or release batches) from a CSV in the export's columns: one revision."""
    try:
        header, rows = importer.read_rows(path)
        planned = importer.plan(header, rows)
        if planned.errors:
            for error in planned.errors:
                click.echo(f"{path.name}: {error}", err=True)
            raise click.ClickException(f"{len(planned.errors)} problem(s); nothing was written")
        label = "checking" if dry_run else "writing"
        with click.progressbar(length=len(planned.claims), label=label, file=None) as bar:
            verb = "checked" if dry_run else "written"
            total = len(planned.claims)
            progress = bar.update if sys.stderr.isatty() else _log_progress(total, verb)
            result = importer.run(database(), planned, author, message, dry_run, progress)
    except ApiError as error:
        raise click.ClickException(error.detail) from None
    count = len(result.body["observation_ids"])
    if dry_run:
        click.echo(
            f"dry run: {count} claim(s) would be revision {result.revision}; nothing written"
        )
    else:
        click.echo(f"imported {count} claim(s) as revision {result.revision}")


def _log_progress(total: int, verb: str, every: int = 1000) -> Callable[[int], None]:
    """Without a terminal (cron, CI, logs): one line per `every` claims written (or, in a
    dry run, checked: a dry run never says "written")."""
    done = 0

    def step(count: int) -> None:
        nonlocal done
        done += count
        if done % every == 0 or done == total:
            click.echo(f"{verb} {done}/{total}", err=True)

    return step


@click.command("tag")
@with_appcontext
@click.argument("name")
@click.argument("revision", type=int, required=False)
@click.option("--message", "-m", default=None, help="Why this revision is named.")
@click.option("--author", default=lambda: f"cli:{getpass.getuser()}", show_default="cli:<user>")
def tag_command(name: str, revision: int | None, message: str | None, author: str) -> None:
    """Name a revision (the latest by default): a revision of its own; never moved."""
    request = WriteRequest(Caller(author, "write"), message or f"tagged as {name}", "")
    try:
        result = perform(database(), request, catalog_writes.tag(name, revision, message))
    except ApiError as error:
        raise click.ClickException(error.detail) from None
    tagged = result.body["tagged_revision"]
    click.echo(f"tagged revision {tagged} as {name!r} (in revision {result.revision})")


COMMANDS = (import_command, tag_command)
