"""checkin_time: who is away (``/mlproject away``), a workspace's holidays, resolved blockers

Issue 19 (check-ins that respect people's time): ``people_away`` holds, per person, the instant
until which they get no nudges or mentions, and the name said instead of a mention meanwhile;
``workspaces.holidays`` the ISO dates on which nothing is posted (NULL: none). Issue 19 (loop-backs
that lead somewhere): a check-in's blocker carries forward until someone marks it resolved
(``checkin_responses.blockers_resolved_at``/``_by``). Data: blockers of each project's latest
posted check-in stay open; older ones are marked resolved by "0026", so that the first check-in
after the upgrade does not bring back every blocker ever reported.
"Snooze a week" needs no column: it is kept in the project's check-in schedule (JSON), where an
older schedule without it reads as not snoozed.

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-07 16:10:00
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import storage.orm

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("checkin_responses") as batch:
        batch.add_column(sa.Column("blockers_resolved_at", storage.orm.UTCDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("blockers_resolved_by", sa.String(length=32), nullable=True))
    _resolve_superseded_blockers()
    with op.batch_alter_table("workspaces") as batch:
        batch.add_column(sa.Column("holidays", sa.JSON(), nullable=True))
    op.create_table(
        "people_away",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("until", storage.orm.UTCDateTime(timezone=True), nullable=False),
        sa.Column("set_at", storage.orm.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people_away")),
        sa.UniqueConstraint("team_id", "user_id", name="uq_people_away_team_user"),
    )


def _resolve_superseded_blockers() -> None:
    """No projects are loaded (so ``as_of`` is not needed): two tables, one UPDATE."""
    responses = sa.table(
        "checkin_responses",
        sa.column("occurrence_id", sa.Integer()),
        sa.column("blockers", sa.Text()),
        sa.column("blockers_resolved_at", storage.orm.UTCDateTime(timezone=True)),
        sa.column("blockers_resolved_by", sa.String()),
    )
    occurrences = sa.table(
        "occurrences", sa.column("id", sa.Integer()), sa.column("project_id", sa.Integer()),
        sa.column("kind", sa.String()), sa.column("status", sa.String()),
    )  # fmt: skip
    latest = (
        sa.select(sa.func.max(occurrences.c.id))
        .where(occurrences.c.kind == "checkin", occurrences.c.status == "posted")
        .group_by(occurrences.c.project_id)
    )
    op.execute(
        responses.update()
        .where(responses.c.blockers != "", responses.c.occurrence_id.not_in(latest))
        .values(blockers_resolved_at=datetime.now(UTC), blockers_resolved_by="0026")
    )


def downgrade() -> None:
    op.drop_table("people_away")
    with op.batch_alter_table("workspaces") as batch:
        batch.drop_column("holidays")
    with op.batch_alter_table("checkin_responses") as batch:
        batch.drop_column("blockers_resolved_by")
        batch.drop_column("blockers_resolved_at")
