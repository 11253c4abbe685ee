"""readings_api: readings keep their source and run id; the readings API's tokens

Issue 18 (readings from pipelines): a reading pushed through ``POST /api/v1/readings`` keeps its
source URL (shown as a link on the card and in the digest) and its run id, unique per project so
that a retried call records once even when two retries arrive together. ``api_tokens`` holds each
workspace's tokens as SHA-256 hashes (never the token). Schema only: existing readings have
neither a source nor a run id.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-07 15:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.orm

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("metric_readings") as batch:
        batch.add_column(sa.Column("source_url", sa.String(length=500), nullable=True))
        batch.add_column(sa.Column("run_id", sa.String(length=100), nullable=True))
        batch.create_unique_constraint("uq_metric_readings_project_run", ["project_id", "run_id"])
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_by", sa.String(length=32), nullable=False),
        sa.Column("created_at", storage.orm.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", storage.orm.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("team_id", "name", name="uq_api_tokens_team_name"),
        sa.UniqueConstraint("token_hash", name="uq_api_tokens_token_hash"),
    )


def downgrade() -> None:
    op.drop_table("api_tokens")
    with op.batch_alter_table("metric_readings") as batch:
        batch.drop_constraint("uq_metric_readings_project_run", type_="unique")
        batch.drop_column("run_id")
        batch.drop_column("source_url")
