"""canvases: the canvases MLScope keeps current, and the workspaces where Slack forbade them

Issue 20 (canvases): ``canvases`` holds, per workspace, which Slack canvas is a project's brief
(kind ``brief``, key the project's id) or a digest channel's portfolio page (kind ``portfolio``,
key the channel), with a digest of each part last written so that a change edits only the parts
it changed; a row without ``canvas_id`` is a claim (the canvas is being created).
``canvas_refusals`` remembers that Slack refused canvases in a workspace (plan, scopes, policy),
so that nothing asks again in a loop. Schema only: no canvas exists before this version.

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-07 18:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.orm

revision: str = "0028"
down_revision: str | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "canvases",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("canvas_id", sa.String(length=32), nullable=True),
        sa.Column("parts", sa.JSON(), nullable=False),
        sa.Column("claimed_at", storage.orm.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_canvases")),
        sa.UniqueConstraint("team_id", "kind", "key", name="uq_canvases_team_kind_key"),
    )
    op.create_table(
        "canvas_refusals",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("error", sa.String(length=80), nullable=False),
        sa.Column("method", sa.String(length=60), nullable=False),
        sa.Column("at", storage.orm.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("team_id", name=op.f("pk_canvas_refusals")),
    )


def downgrade() -> None:
    op.drop_table("canvas_refusals")
    op.drop_table("canvases")
