"""The `prisoner-counts` command: its sub-commands, registered on the app's CLI."""

from __future__ import annotations

from flask import Flask
from flask.cli import FlaskGroup

from api.cli import backup, data, datasets_cli, export, server, tokens


def init_app(app: Flask) -> None:
    """Register every command on the app's CLI."""
    for command in (
        *server.COMMANDS,
        *tokens.COMMANDS,
        *data.COMMANDS,
        *backup.COMMANDS,
        *datasets_cli.COMMANDS,
        *export.COMMANDS,
    ):
        app.cli.add_command(command)


def main() -> None:
    """Entry point of the `prisoner-counts` console script."""
    from api import create_app

    group = FlaskGroup(create_app=lambda: create_app(), help="Prisoner Counts API")
    group(prog_name="prisoner-counts")
