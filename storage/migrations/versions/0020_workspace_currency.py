"""workspace currency: the 3-letter code the card's money line is said in (issue 17)

NULL reads as the default, EUR (``domain.workspace_use_cases.DEFAULT_CURRENCY``). A column rather
than a key in ``weights``: that JSON is validated as ``ScoringWeights``, which refuses unknown keys.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 13:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.add_column(sa.Column("currency", sa.String(length=3), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.drop_column("currency")
