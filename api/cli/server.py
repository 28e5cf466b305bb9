"""Commands that set up and serve: init-db, load-datasets, serve."""

from __future__ import annotations

import os
import shutil
import sys

import click
from flask import current_app
from flask.cli import with_appcontext

from api.cli.context import database
from api.errors import ApiError
from api.storage import migrate
from api.storage.db import Database


def _database() -> Database:
    return database()


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
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = _fresh_metrics_dir()
    argv = [sys.executable, "-m", "gunicorn", "-c", "python:api.gunicorn_conf"]
    argv += ["--bind", f"{host}:{port}", "--workers", str(workers), "api:create_app()"]
    click.echo(f"serving on http://{host}:{port}")
    os.execv(sys.executable, argv)


def _fresh_metrics_dir() -> str:
    """An empty folder for the workers' metric files (numbers restart with the server)."""
    folder = os.path.join(current_app.instance_path, "metrics")
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    return folder


COMMANDS = (init_db_command, load_datasets_command, serve_command)
