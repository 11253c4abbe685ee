"""slack_bots and slack_installations: token columns become TEXT, to hold tokens encrypted at rest

A Fernet-sealed token is about 1.4 times its length plus 76 characters: a rotating token
(``xoxe.xoxb-1-…``, about 170 characters) no longer fits slack_sdk's VARCHAR(200).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = {
    "slack_bots": ("bot_token", "bot_refresh_token"),
    "slack_installations": (
        "bot_token",
        "bot_refresh_token",
        "user_token",
        "user_refresh_token",
        "incoming_webhook_url",
    ),
}


def upgrade() -> None:
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.alter_column(
                    column, existing_type=sa.String(length=200), type_=sa.Text(), existing_nullable=True
                )


def downgrade() -> None:
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.alter_column(
                    column, existing_type=sa.Text(), type_=sa.String(length=200), existing_nullable=True
                )
