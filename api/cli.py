"""The `prisoner-counts` command: init-db, load-datasets, serve (and Flask's own commands)."""

from __future__ import annotations

import os
import sys

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

from api import cli_export
from api.errors import ApiError
from api.storage import migrate
from api.storage.db import Database


def _database() -> Database:
    db: Database = current_app.extensions["database"]
    return db


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create the database or bring its schema up to date (Alembic migrations)."""
    migrate.upgrade(_database())
    click.echo(f"schema is current: {_database().engine.url.render_as_string()}")


@click.command("load-datasets")
@with_appcontext
def load_datasets_command() -> None:
    """Apply the shipped changesets the database does not hold yet, one revision each."""
    from datasets.loader import load_pending

    migrate.upgrade(_database())
    try:
        revisions = load_pending(_database())
    except ApiError as error:
        raise click.ClickException(error.detail) from None
    if revisions:
        click.echo(f"loaded revisions {', '.join(map(str, revisions))}")
    else:
        click.echo("the database holds every shipped changeset already")


@click.command("serve")
@click.option("--host", default=lambda: os.environ.get("HOST", "127.0.0.1"), show_default="HOST")
@click.option("--port", default=lambda: os.environ.get("PORT", "8000"), show_default="PORT")
@click.option("--workers", default=lambda: os.environ.get("WEB_CONCURRENCY", "2"), show_default="2")
@click.pass_context
@with_appcontext
def serve_command(ctx: click.Context, host: str, port: str, workers: str) -> None:
    """Migrate, load pending changesets, then serve with gunicorn."""
    ctx.invoke(load_datasets_command)
    _database().dispose()
    argv = [sys.executable, "-m", "gunicorn", "--bind", f"{host}:{port}"]
    argv += ["--workers", str(workers), "--access-logfile", "-", "api:create_app()"]
    click.echo(f"serving on http://{host}:{port}")
    os.execv(sys.executable, argv)


def init_app(app: Flask) -> None:
    """Register the commands on the app's CLI."""
    for command in (init_db_command, load_datasets_command, serve_command, *cli_export.COMMANDS):
        app.cli.add_command(command)


def main() -> None:
    """Entry point of the `prisoner-counts` console script."""
    from api import create_app

    FlaskGroup(create_app=lambda: create_app(), help="Prisoner Counts API")(
        prog_name="prisoner-counts"
    )
