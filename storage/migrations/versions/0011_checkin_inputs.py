"""check-in inputs: experiments run and examples labelled since the last check-in

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-27 03:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("checkin_responses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("experiments", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("labels", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("checkin_responses", schema=None) as batch_op:
        batch_op.drop_column("labels")
        batch_op.drop_column("experiments")
