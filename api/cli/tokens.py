"""`prisoner-counts token create|list|revoke`."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from api.cli.context import database
from api.errors import ApiError
from api.services.writes import tokens

token_group = AppGroup("token", help="API tokens for writes (stored hashed; shown once).")


@token_group.command("create")
@click.argument("name")
@click.option("--scope", type=click.Choice(tokens.SCOPES), default="write", show_default=True)
def create_command(name: str, scope: str) -> None:
    """Create a token; it is printed once, alone on the last line."""
    try:
        token = tokens.create_token(database(), name, scope)
    except ApiError as error:
        raise click.ClickException(error.detail) from None
    click.echo(f"created {scope} token {name!r}; it is shown only now:", err=True)
    click.echo(token)


@token_group.command("list")
def list_command() -> None:
    """List tokens (name, scope, dates); secrets are never shown."""
    for row in tokens.list_tokens(database()):
        revoked = f"revoked {row['revoked_at']:%Y-%m-%d}" if row["revoked_at"] else "active"
        click.echo(f"{row['name']}\t{row['scope']}\t{row['created_at']:%Y-%m-%d}\t{revoked}")


@token_group.command("revoke")
@click.argument("name")
def revoke_command(name: str) -> None:
    """Revoke a token for good."""
    try:
        tokens.revoke_token(database(), name)
    except ApiError as error:
        raise click.ClickException(error.detail) from None
    click.echo(f"revoked {name!r}")


COMMANDS = (token_group,)
