"""metric_series: readings and baselines say which definition of the optimizing metric they measured

Issue 18: changing the optimizing metric's name, direction, unit or combination starts a new
series; the card's current value and best baseline come from the current series only, and
baselines measured on an older one are marked to re-measure. A target that moves keeps the series.

Existing rows: every metric change recorded so far is taken to start a series unless the part
of its description before the target is unchanged (only the target moved). A reading belongs to
the series in force when it was recorded. Baselines carry no date, so on a project whose metric
was redefined they are all taken to be from the first series: the card asks to re-measure them,
which is cheaper than comparing a new metric with an old number. The stored ``current_value`` is
computed again.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07 15:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("metric_readings") as batch:
        batch.add_column(sa.Column("series", sa.Integer(), nullable=False, server_default="1"))
    with op.batch_alter_table("baselines") as batch:
        batch.add_column(sa.Column("series", sa.Integer(), nullable=False, server_default="1"))
    with op.batch_alter_table("metric_changes") as batch:
        batch.add_column(sa.Column("new_series", sa.Boolean(), nullable=False, server_default=sa.true()))
    _backfill()


def _definition(described: str | None) -> str:
    """``Metric.describe()`` without its target: what the metric measures."""
    return (described or "").split(", target ")[0].strip().lower()


def _backfill() -> None:
    """Plain SQL over the three tables, then the projects' ``current_value`` from the domain."""
    bind = op.get_bind()
    changes = sa.table(
        "metric_changes",
        sa.column("id", sa.Integer),
        sa.column("project_id", sa.Integer),
        sa.column("previous", sa.Text),
        sa.column("current", sa.Text),
        sa.column("at", sa.DateTime),
        sa.column("new_series", sa.Boolean),
    )
    readings = sa.table(
        "metric_readings",
        sa.column("id", sa.Integer),
        sa.column("project_id", sa.Integer),
        sa.column("at", sa.DateTime),
        sa.column("series", sa.Integer),
    )
    starts: dict[int, list[object]] = {}
    query = sa.select(changes.c.id, changes.c.project_id, changes.c.previous, changes.c.current, changes.c.at)
    for change_id, project_id, previous, current, at in bind.execute(query.order_by(changes.c.at, changes.c.id)):
        if _definition(previous) == _definition(current):
            bind.execute(sa.update(changes).where(changes.c.id == change_id).values(new_series=False))
        else:
            starts.setdefault(project_id, []).append(at)
    for project_id, times in starts.items():
        for series, since in enumerate(times, start=2):
            bind.execute(
                sa.update(readings)
                .where(readings.c.project_id == project_id, readings.c.at >= since)
                .values(series=series)
            )
    _recompute_current_values(bind, sorted(starts))


def _recompute_current_values(bind: sa.Connection, project_ids: list[int]) -> None:
    from sqlalchemy.orm import Session

    from storage.mapping import to_domain
    from storage.migrations.as_of import projects_as_of
    from storage.orm import ProjectRow

    if not project_ids:
        return
    session = Session(bind=bind)
    table = ProjectRow.__table__
    teams = session.scalars(sa.select(ProjectRow.team_id).where(ProjectRow.id.in_(project_ids)).distinct()).all()
    for team_id in teams:
        for row in projects_as_of(session, team_id):
            if row.id in project_ids:
                value = to_domain(row).current_value
                session.expunge(row)
                session.execute(sa.update(table).where(table.c.id == row.id).values(current_value=value))
    session.flush()


def downgrade() -> None:
    with op.batch_alter_table("metric_changes") as batch:
        batch.drop_column("new_series")
    with op.batch_alter_table("baselines") as batch:
        batch.drop_column("series")
    with op.batch_alter_table("metric_readings") as batch:
        batch.drop_column("series")
