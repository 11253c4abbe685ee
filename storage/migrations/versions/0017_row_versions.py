"""row_versions: a version on projects, drafts and check-in responses, so that concurrent writers cannot lose each other's updates

Two writers that read the same project (a card being refreshed in the background while someone
records a metric) both wrote the whole row back: the later one silently undid the earlier.
Every write now says which version it read (compare-and-set); see docs/architecture.md.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in ("projects", "drafts", "checkin_responses"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    for table in ("projects", "drafts", "checkin_responses"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")
