"""aliases: old ids of renamed sources and series

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 05:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "aliases",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("old_id", sa.String(length=200), nullable=False),
        sa.Column("new_id", sa.String(length=200), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["revision_id"], ["revisions.id"]),
        sa.PrimaryKeyConstraint("pk"),
    )
    op.create_index("ix_aliases_kind_old_id", "aliases", ["kind", "old_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_aliases_kind_old_id", table_name="aliases")
    op.drop_table("aliases")
