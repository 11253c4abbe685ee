"""baseline_operating_points: a baseline's own precision and recall, and worth read from percentages

Issue 17: a baseline may carry its operating point as a decision task (``Baseline.precision`` and
``recall``, each 0..1, both optional), so that what it is worth a month is known on any optimizing
metric. Two nullable columns on ``baselines``; existing baselines have none (unknown, never 0).

A precision-like target typed as a percentage ("90") is now read as 0.90 for the money
(domain/project_worth.py), so the stored ``worth_per_month`` of existing projects is computed
again here, as 0021 computed it (projects loaded through storage/migrations/as_of.py, the column
written with a plain UPDATE that leaves the row version alone).

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07 16:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NEW_COLUMNS = ("precision", "recall")


def upgrade() -> None:
    with op.batch_alter_table("baselines") as batch:
        for column in NEW_COLUMNS:
            batch.add_column(sa.Column(column, sa.Float(), nullable=True))
    _recompute_worth()


def _recompute_worth() -> None:
    from sqlalchemy import select, update
    from sqlalchemy.orm import Session

    from domain.project_worth import monthly_value
    from storage.mapping import to_domain
    from storage.migrations.as_of import projects_as_of
    from storage.orm import ProjectRow

    session = Session(bind=op.get_bind())
    table = ProjectRow.__table__
    for team_id in session.scalars(select(ProjectRow.team_id).distinct()).all():
        for row in projects_as_of(session, team_id):
            worth = monthly_value(to_domain(row).scope)
            value = None if worth is None else round(worth, 2)  # as storage.mapping.apply_scores rounds it
            session.expunge(row)
            session.execute(update(table).where(table.c.id == row.id).values(worth_per_month=value))
    session.flush()


def downgrade() -> None:
    with op.batch_alter_table("baselines") as batch:
        for column in reversed(NEW_COLUMNS):
            batch.drop_column(column)
