"""What every command needs from the app."""

from __future__ import annotations

from flask import current_app

from api.storage.db import Database


def database() -> Database:
    """The app's database."""
    db: Database = current_app.extensions["database"]
    return db
