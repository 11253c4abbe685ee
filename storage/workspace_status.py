"""Workspaces whose bot token Slack refused for good, so the tick leaves them alone until a reinstall.

Slack answers ``token_revoked``, ``account_inactive``, ``invalid_auth`` or ``not_authed`` once a
workspace's token is dead (``bot.clients`` re-reads the installation first: a reinstall or a rotation
may have replaced it). Retrying such a workspace's posts every hour would go on forever, so it is
marked here, once, and its check-ins and digests are neither planned nor claimed
(``INACTIVE_TEAMS`` below). Saving a new bot token for it (a reinstall, or a
successful token rotation, which proves the installation alive) clears the mark
(``storage.slack_oauth``). Uninstall events (``app_uninstalled``, ``tokens_revoked``) are not
handled here.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, String, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from storage.orm import Base, UTCDateTime


class InactiveWorkspaceRow(Base):
    """A workspace whose bot token Slack refused for good: skipped by the tick until reinstalled."""

    __tablename__ = "inactive_workspaces"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    reason: Mapped[str] = mapped_column(String(100))
    since: Mapped[datetime] = mapped_column(UTCDateTime())


INACTIVE = InactiveWorkspaceRow.__table__
# Workspaces whose bot token Slack refused for good: nothing of theirs is planned or claimed until a reinstall.
INACTIVE_TEAMS = select(InactiveWorkspaceRow.team_id)


def mark_inactive(engine: Engine, team_id: str, reason: str, now: datetime) -> bool:
    """Mark ``team_id`` inactive; False if it already was (so the caller logs once)."""
    try:
        with engine.begin() as conn:
            conn.execute(INACTIVE.insert().values(team_id=team_id, reason=reason[:100], since=now))
        return True
    except IntegrityError:
        return False


def reactivate(engine: Engine, team_id: str | None) -> bool:
    """Clear ``team_id``'s mark (a new token was saved): True if it was inactive."""
    if not team_id:
        return False
    with engine.begin() as conn:
        return bool(conn.execute(delete(INACTIVE).where(INACTIVE.c.team_id == team_id)).rowcount)


def inactive(engine: Engine) -> dict[str, str]:
    """Inactive workspaces and why."""
    with engine.connect() as conn:
        return {row.team_id: row.reason for row in conn.execute(select(INACTIVE.c.team_id, INACTIVE.c.reason))}
