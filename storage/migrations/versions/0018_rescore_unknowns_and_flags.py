"""rescore_unknowns_and_flags: the ranked-list columns of existing projects computed again

Issue 17 changed two scoring rules (domain/scoring.py): a project whose decisive drivers are not
all rated is "unscored" (quadrant ``unscored``, ranked after every scored project) instead of
"deprioritize", and hard-problem flags lower feasibility proportionally instead of by a flat
penalty. The stored columns (0007) were computed with the old rules, so they are computed again
with each workspace's weights. No schema change: ``quadrant`` already holds the new value.

Downgrade changes nothing: the old rules are gone; the columns are rewritten whenever a project
is saved.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 13:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCORE_COLUMNS = ("impact_score", "feasibility_score", "combined_score", "quadrant")


def upgrade() -> None:
    """Workspaces are read with SQL of this revision's schema; projects through the ORM (the scores
    are the domain's) and written back with a plain UPDATE of the score columns only (the ORM's
    would bump the row version, as if someone had edited the project)."""
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
        for row in projects_as_of(session, team_id):  # later migrations' columns are not there yet
            apply_scores(to_domain(row), row, weights)
            values = {column: getattr(row, column) for column in SCORE_COLUMNS}
            session.expunge(row)
            session.execute(update(table).where(table.c.id == row.id).values(values))
    session.flush()


def downgrade() -> None:
    pass
