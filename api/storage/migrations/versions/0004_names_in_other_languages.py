"""names and titles in other languages than English

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 08:00:00

A source's name and a series' title stay English in `name` / `title`; the new JSON columns
hold the other languages by language tag (`{"be": "..."}`). They are columns of the
versioned rows, so a new name is a new version and `as_of` answers with the old ones.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.add_column(sa.Column("names", sa.JSON(), nullable=True))
    with op.batch_alter_table("series", schema=None) as batch_op:
        batch_op.add_column(sa.Column("titles", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("series", schema=None) as batch_op:
        batch_op.drop_column("titles")
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.drop_column("names")
