"""occurrences.posting_at: when a holder began calling Slack, to bound the search after a crash

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 00:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.orm

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("occurrences", schema=None) as batch_op:
        batch_op.add_column(sa.Column("posting_at", storage.orm.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("occurrences", schema=None) as batch_op:
        batch_op.drop_column("posting_at")
