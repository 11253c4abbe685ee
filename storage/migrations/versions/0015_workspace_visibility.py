"""workspace visibility: who may read the portfolio (members, the default, or everyone)

Existing workspaces get ``members``: guests and people from other organisations (Slack Connect)
no longer read the portfolio until an admin or MLScope lead runs
``/mlproject settings visibility everyone``.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.add_column(sa.Column("visibility", sa.String(length=16), nullable=False, server_default="members"))


def downgrade() -> None:
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.drop_column("visibility")
