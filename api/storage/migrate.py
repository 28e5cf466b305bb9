"""Schema migrations with Alembic, run from code (no alembic.ini to find)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from api.storage.db import Database

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config() -> Config:
    """An Alembic configuration pointing at this package's migration scripts."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(database: Database, target: str = "head") -> None:
    """Bring the schema to `target` (default: the newest migration)."""
    config = alembic_config()
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, target)


def is_current(database: Database) -> bool:
    """Whether the database schema is at the newest migration."""
    heads = set(ScriptDirectory.from_config(alembic_config()).get_heads())
    with database.engine.connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
    return current == heads


def known_revisions() -> set[str]:
    """Every migration's id, the head and all before it."""
    return {r.revision for r in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def head_revision() -> str:
    """The newest migration's id."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    return str(head)
