"""digest_scope_points: each digest scope of a channel keeps its own "changes since" point

Issue 19: a filtered digest (``digest strategic-bet``, ``digest @grace``) moved the channel's point,
and the next full digest said "Nothing changed". The point is now kept per (channel, scope); the
scope is ``DigestFilter.encode()`` ("" for the whole portfolio). Existing points are the whole
portfolio's: a filtered digest's first run looks back the usual week.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-07 15:45:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("channel_digests") as batch:
        batch.add_column(sa.Column("scope", sa.String(length=80), nullable=False, server_default=""))
        batch.drop_constraint("uq_channel_digests_team_channel", type_="unique")
        batch.create_unique_constraint("uq_channel_digests_team_channel_scope", ["team_id", "channel_id", "scope"])


def downgrade() -> None:
    """Keeps each channel's latest point, whatever its scope, as before."""
    bind = op.get_bind()
    points = sa.table(
        "channel_digests",
        sa.column("id", sa.Integer),
        sa.column("team_id", sa.String),
        sa.column("channel_id", sa.String),
        sa.column("last_at", sa.DateTime),
    )
    rows = bind.execute(sa.select(points.c.id, points.c.team_id, points.c.channel_id, points.c.last_at)).all()
    keep: dict[tuple[str, str], tuple[object, int]] = {}
    for row_id, team, channel, last_at in rows:
        best = keep.get((team, channel))
        if best is None or last_at > best[0]:
            keep[(team, channel)] = (last_at, row_id)
    kept = {row_id for _, row_id in keep.values()}
    for row_id, *_ in rows:
        if row_id not in kept:
            bind.execute(sa.delete(points).where(points.c.id == row_id))
    with op.batch_alter_table("channel_digests") as batch:
        batch.drop_constraint("uq_channel_digests_team_channel_scope", type_="unique")
        batch.create_unique_constraint("uq_channel_digests_team_channel", ["team_id", "channel_id"])
        batch.drop_column("scope")
