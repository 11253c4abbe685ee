"""data plan, stale readings: a project's data plan and a workspace's "no reading for N weeks"

Issue 19 (loop-backs that lead somewhere): back in data after a check-in's loop-back, the thread
offers "Add a data plan", a note on the project kept in ``projects.data_plan`` (JSON: its text,
who wrote it, when; NULL: none). Issue 19 (attention): the digest's "no reading for N weeks" reads
N from ``workspaces.stale_readings_weeks`` (NULL reads as the default, 4 weeks). Schema only: no
project is loaded, so ``as_of`` is not needed.

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-07 17:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0027"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("projects") as batch:
        batch.add_column(sa.Column("data_plan", sa.JSON(), nullable=True))
    with op.batch_alter_table("workspaces") as batch:
        batch.add_column(sa.Column("stale_readings_weeks", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("workspaces") as batch:
        batch.drop_column("stale_readings_weeks")
    with op.batch_alter_table("projects") as batch:
        batch.drop_column("data_plan")
