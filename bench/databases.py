"""Fresh benchmark databases: SQLite always, PostgreSQL (a schema of its own) when configured."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text


@contextmanager
def fresh_databases(name: str) -> Iterator[list[tuple[str, str]]]:
    """(engine, url) pairs; the PostgreSQL schema (TEST_DATABASE_URL) is dropped afterwards."""
    found = [("sqlite", f"sqlite:///{tempfile.mkdtemp()}/{name}.sqlite")]
    admin = os.environ.get("TEST_DATABASE_URL")
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    if admin:
        _run(admin, f'CREATE SCHEMA "{schema}"')
        found.append(("postgresql", f"{admin}?options=-csearch_path%3D{schema}"))
    try:
        yield found
    finally:
        if admin:
            _run(admin, f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def _run(url: str, statement: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(statement))
    engine.dispose()
