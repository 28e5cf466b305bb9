"""`prisoner-counts backup FILE`, `restore FILE` and `redact`: care of the stored data."""

from __future__ import annotations

import getpass
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from api.cli.context import database
from api.errors import ApiError
from api.services.writes import redaction
from api.storage import backup, migrate


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(path: Path) -> None:
    """Write the whole database with its full revision history to FILE (gzip JSON Lines)."""
    counts = backup.write_backup(database(), path)
    click.echo(f"wrote {sum(counts.values())} rows of {len(counts)} tables to {path}")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def restore_command(path: Path) -> None:
    """Load a backup into an empty database (created and migrated first if needed)."""
    migrate.upgrade(database())
    try:
        counts = backup.restore_backup(database(), path)
    except ApiError as error:
        raise click.ClickException(error.detail) from None
    click.echo(f"restored {sum(counts.values())} rows of {len(counts)} tables from {path}")


@click.command("redact")
@click.argument("kind", type=click.Choice(["observation", "document"]))
@click.argument("entity_id", type=int)
@click.option("--text", required=True, help="The exact text to remove from every version.")
@click.option("--reason", required=True, help="Why (legal or safety); shown in the audit log.")
@click.option("--author", default=lambda: f"cli:{getpass.getuser()}", show_default="cli:<user>")
@with_appcontext
def redact_command(kind: str, entity_id: int, text: str, reason: str, author: str) -> None:
    """Replace TEXT with [redacted] wherever it is stored; checked against a claim or document.

    TEXT must occur in the claim or document named; it is then removed from every text
    of every table (other claims, revision messages, ...), and from the shared response
    cache. The audit log says who, when, why and where, never the text.
    """
    try:
        entry = redaction.redact(database(), kind, entity_id, text, reason, author)
    except ApiError as error:
        raise click.ClickException(error.detail) from None
    own = [field for field in entry["fields"] if "." not in field]
    elsewhere = [field for field in entry["fields"] if "." in field]
    click.echo(f"redacted {', '.join(own)} of {kind} {entity_id} in {entry['versions']} version(s)")
    if elsewhere:
        click.echo(f"and everywhere else it was stored: {', '.join(elsewhere)}")
    _forget_cached_answers()
    if database().dialect == "sqlite" and not entry["scrubbed"]:
        click.echo(
            "readers kept the WAL from being checkpointed: with the service stopped, run "
            "sqlite3 DATABASE 'PRAGMA wal_checkpoint(TRUNCATE)'",
            err=True,
        )


def _forget_cached_answers() -> None:
    """Empty the shared (Redis) response cache: its old entries hold the text."""
    store = current_app.extensions.get("answer_store")
    if store is not None and store.shared is not None:
        store.shared.clear()


COMMANDS = (backup_command, restore_command, redact_command)
