"""revision notifications: PostgreSQL tells every replica when a workspace's revision moves

A trigger on ``workspaces`` sends ``pg_notify('mlscope_revisions', team_id)`` whenever a row is
inserted or its revision changes, delivered at commit to every listening connection (see
storage/revisions.py). SQLite has no notifications: nothing to do there.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27 01:05:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        """
        CREATE FUNCTION mlscope_revision_notify() RETURNS trigger AS $$
        BEGIN
            PERFORM pg_notify('mlscope_revisions', NEW.team_id);
            RETURN NULL;
        END
        $$ LANGUAGE plpgsql
        """
    )
    op.execute(
        """
        CREATE TRIGGER workspaces_revision_notify
        AFTER INSERT OR UPDATE OF revision ON workspaces
        FOR EACH ROW EXECUTE FUNCTION mlscope_revision_notify()
        """
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS workspaces_revision_notify ON workspaces")
    op.execute("DROP FUNCTION IF EXISTS mlscope_revision_notify()")
