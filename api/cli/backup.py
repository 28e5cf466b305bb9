"""`prisoner-counts backup FILE` and `prisoner-counts restore FILE`."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from api.cli.context import database
from api.errors import ApiError
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


COMMANDS = (backup_command, restore_command)
