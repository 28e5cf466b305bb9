"""`prisoner-counts export DIR`: the data set at a revision as a Data Package in a folder."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from api.errors import ApiError
from api.render.datapackage import DirectorySink, PackageInfo, write_package
from api.services.publishing.datapackage import package_data
from api.storage.db import Database


@click.command("export")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--as-of", default=None, help="A revision id, tag or time (default: the latest).")
@with_appcontext
def export_command(directory: Path, as_of: str | None) -> None:
    """Write the data set as a Frictionless Data Package (datapackage.json + data/*.csv)."""
    if directory.exists() and any(directory.iterdir()):
        raise click.ClickException(f"{directory} is not empty; name a new or empty folder")
    database: Database = current_app.extensions["database"]
    try:
        data = package_data(database, as_of)
        descriptor = write_package(data, DirectorySink(directory), PackageInfo())
    except ApiError as error:
        raise click.ClickException(error.detail) from None
    count = len(descriptor["resources"])
    click.echo(f"wrote revision {data.revision} ({count} tables) to {directory}")


COMMANDS = (export_command,)
