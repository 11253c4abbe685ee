"""checkin_time: who is away (``/mlproject away``), a workspace's holidays

Issue 19 (check-ins that respect people's time): ``people_away`` holds, per person, the instant
until which they get no nudges or mentions, and the name said instead of a mention meanwhile;
``workspaces.holidays`` the ISO dates on which nothing is posted (NULL: none).
"Snooze a week" needs no column: it is kept in the project's check-in schedule (JSON), where an
older schedule without it reads as not snoozed. Schema only.

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-07 16:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.orm

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
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


def downgrade() -> None:
    op.drop_table("people_away")
    with op.batch_alter_table("workspaces") as batch:
        batch.drop_column("holidays")
