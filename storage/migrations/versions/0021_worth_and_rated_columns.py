"""worth_and_rated_columns: what a model is worth a month and how many drivers are rated, stored

Issue 17: within a quadrant, projects rank by what their model is worth a month at target when
known (domain/ranking.py, the ``worth_then_score`` policy), and list, App Home and digest lines
say how many drivers a score rests on ("I 33 (2/4 rated)"). Both are derived from the scope on
every save (storage/mapping.py ``apply_scores``) like the other ranked-list columns (0007, 0019),
and computed here for existing rows with each workspace's weights.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07 15:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NEW_COLUMNS = ("worth_per_month", "impact_rated", "feasibility_rated")


def upgrade() -> None:
    with op.batch_alter_table("projects") as batch:
        batch.add_column(sa.Column("worth_per_month", sa.Float(), nullable=True))
        batch.add_column(sa.Column("impact_rated", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("feasibility_rated", sa.Integer(), nullable=False, server_default="0"))
    _backfill()


def _backfill() -> None:
    """Projects through the ORM (the numbers are the domain's), written back with a plain UPDATE of
    the new columns only (the ORM's would bump the row version, as if someone had edited them)."""
    import json

    from sqlalchemy import select, text, update
    from sqlalchemy.orm import Session

    from domain.scoring import ScoringWeights
    from storage.mapping import apply_scores, to_domain
    from storage.migrations.as_of import projects_as_of
    from storage.orm import ProjectRow

    session = Session(bind=op.get_bind())
    table = ProjectRow.__table__
    for team_id in session.scalars(select(ProjectRow.team_id).distinct()).all():
        raw = session.execute(text("SELECT weights FROM workspaces WHERE team_id = :t"), {"t": team_id}).scalar()
        raw = json.loads(raw) if isinstance(raw, str) else raw
        weights = ScoringWeights.model_validate(raw) if raw else ScoringWeights()
        for row in projects_as_of(session, team_id):
            apply_scores(to_domain(row), row, weights)
            values = {column: getattr(row, column) for column in NEW_COLUMNS}
            session.expunge(row)
            session.execute(update(table).where(table.c.id == row.id).values(values))
    session.flush()


def downgrade() -> None:
    with op.batch_alter_table("projects") as batch:
        for column in reversed(NEW_COLUMNS):
            batch.drop_column(column)
