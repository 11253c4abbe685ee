"""Workspaces whose bot token Slack refused for good, so the tick leaves them alone until a reinstall.

Slack answers ``token_revoked``, ``account_inactive``, ``invalid_auth`` or ``not_authed`` once a
workspace's token is dead (``bot.clients`` re-reads the installation first: a reinstall or a rotation
may have replaced it). Retrying such a workspace's posts every hour would go on forever, so it is
marked here, once, and its check-ins and digests are neither planned nor claimed
(``INACTIVE_TEAMS`` below). Saving a new bot token for it (a reinstall, or a
successful token rotation, which proves the installation alive) clears the mark
(``storage.slack_oauth``).

When Slack says the app was uninstalled or its bot token revoked (``app_uninstalled``,
``tokens_revoked``: ``bot.features.uninstall``), ``stop_posts`` marks the workspace the same way and
skips, at once, every post of it not yet made (check-ins, nudges, digests, charts), so that none is
posted later, not even after a reinstall, when they would be long overdue.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, String, delete, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from domain.checkins import OccurrenceStatus
from storage.orm import Base, OccurrenceRow, UTCDateTime


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


def stop_posts(engine: Engine, team_id: str, reason: str, now: datetime) -> int:
    """Mark ``team_id`` inactive and skip every post of it not yet made: how many were skipped.

    One transaction. A post a tick is making at this instant is skipped too: its claim is dropped,
    so that tick cannot record it posted (and Slack refuses the revoked token anyway).
    """
    with engine.begin() as conn:
        insert = sqlite_insert if conn.dialect.name == "sqlite" else postgresql_insert
        conn.execute(
            insert(INACTIVE)
            .values(team_id=team_id, reason=reason[:100], since=now)
            .on_conflict_do_nothing(index_elements=["team_id"])
        )
        occurrences = OccurrenceRow.__table__
        skipped = conn.execute(
            update(occurrences)
            .where(
                occurrences.c.team_id == team_id,
                occurrences.c.status.in_((OccurrenceStatus.PENDING.value, OccurrenceStatus.POSTING.value)),
            )
            .values(status=OccurrenceStatus.SKIPPED.value, claimed_by=None, lease_until=None, last_error=reason[:200])
        )
        return skipped.rowcount or 0


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
