"""gate_failed_column: a stored flag for projects whose gate failed, so the ranked page can put them last

Issue 17: the gate decides before the grid. A project with a gate question answered No ranks after
every other project (domain/ranking.py). The answers are stored as JSON (``gate``), which SQL
cannot order by portably, so the verdict is derived on every save (storage/mapping.py
``apply_scores``) like the other ranked-list columns (0007), and computed here for existing rows.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 13:45:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("projects") as batch:
        batch.add_column(sa.Column("gate_failed", sa.Boolean(), nullable=False, server_default=sa.false()))
    _backfill()


def _backfill() -> None:
    """Existing rows: read ``gate`` with plain SQL and write the flag with a plain UPDATE (the ORM's
    would bump the row version, as if someone had edited the project)."""
    import json

    from domain.gate import failed

    bind = op.get_bind()
    projects = sa.table("projects", sa.column("id", sa.Integer), sa.column("gate", sa.JSON), sa.column("gate_failed"))
    for project_id, gate in bind.execute(sa.select(projects.c.id, projects.c.gate)).all():
        answers = json.loads(gate) if isinstance(gate, str) else (gate or {})
        if failed(answers):
            bind.execute(sa.update(projects).where(projects.c.id == project_id).values(gate_failed=True))


def downgrade() -> None:
    with op.batch_alter_table("projects") as batch:
        batch.drop_column("gate_failed")
