"""claim parts, computed values, curator marks, the rule in force; document provenance

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 13:30:00

Claims get `part` (the subset a claim counts; empty for a total), `counted` (how the value
was read: empty when written in the quote, `sum`, `names` or `misprint`) and a curator's
mark (`curator_mark` preferred or disputed, with `curator_reason`). Documents get
`republished_by` (the host of a republication) and `mirror` (the address is a copy's).
Revisions get `rule`, the preferred-claim rule in force from them on; every revision made
before this migration keeps rule 1, the rule it was answered with.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("observations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("part", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("counted", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("curator_mark", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("curator_reason", sa.Text(), nullable=True))
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("republished_by", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("mirror", sa.Boolean(), nullable=True))
    with op.batch_alter_table("revisions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rule", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("revisions", schema=None) as batch_op:
        batch_op.drop_column("rule")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_column("mirror")
        batch_op.drop_column("republished_by")
    with op.batch_alter_table("observations", schema=None) as batch_op:
        batch_op.drop_column("curator_reason")
        batch_op.drop_column("curator_mark")
        batch_op.drop_column("counted")
        batch_op.drop_column("part")
