"""Digest subscriptions, per-channel digest marks, and the reads a digest needs in few queries."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, func, select
from sqlalchemy.orm import Session

from domain.checkins import OccurrenceKind, OccurrenceStatus
from domain.digest import CheckinState
from domain.ports import Change, Subscription
from storage.orm import ChannelDigestRow, HistoryRow, OccurrenceRow, ResponseRow, SubscriptionRow
from storage.responses import to_response
from storage.workspace_status import INACTIVE_TEAMS


def _subscription(row: SubscriptionRow) -> Subscription:
    return Subscription(row.id, row.team_id, row.channel_id, row.schedule, row.scope, row.created_by, row.created_at)


class SqlDigestRepository:
    def __init__(self, session: Session):
        self.session = session

    # --- subscriptions -------------------------------------------------------------------
    def subscription(self, team_id: str, channel_id: str) -> Subscription | None:
        row = self.session.scalars(
            select(SubscriptionRow).where(SubscriptionRow.team_id == team_id, SubscriptionRow.channel_id == channel_id)
        ).one_or_none()
        return _subscription(row) if row else None

    def subscription_by_id(self, subscription_id: int) -> Subscription | None:
        row = self.session.get(SubscriptionRow, subscription_id)
        return _subscription(row) if row else None

    def subscriptions(self, team_id: str | None = None) -> list[Subscription]:
        """A workspace's subscriptions; without ``team_id``, those the tick plans: not an inactive workspace's."""
        query = select(SubscriptionRow).order_by(SubscriptionRow.id)
        if team_id is not None:
            query = query.where(SubscriptionRow.team_id == team_id)
        else:
            query = query.where(SubscriptionRow.team_id.not_in(INACTIVE_TEAMS))
        return [_subscription(r) for r in self.session.scalars(query)]

    def subscribe(self, sub: Subscription) -> Subscription:
        row = self.session.scalars(
            select(SubscriptionRow).where(
                SubscriptionRow.team_id == sub.team_id, SubscriptionRow.channel_id == sub.channel_id
            )
        ).one_or_none()
        if row is None:
            row = SubscriptionRow(team_id=sub.team_id, channel_id=sub.channel_id, created_at=sub.created_at)
            self.session.add(row)
        row.schedule, row.scope, row.created_by = sub.schedule, sub.scope, sub.created_by
        self.session.flush()
        return _subscription(row)

    def unsubscribe(self, team_id: str, channel_id: str) -> bool:
        result = self.session.execute(
            delete(SubscriptionRow).where(SubscriptionRow.team_id == team_id, SubscriptionRow.channel_id == channel_id)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def last_due(self) -> dict[int, datetime]:
        rows = self.session.execute(
            select(OccurrenceRow.subscription_id, func.max(OccurrenceRow.due_at))
            .where(OccurrenceRow.kind == OccurrenceKind.DIGEST.value, OccurrenceRow.subscription_id.is_not(None))
            .group_by(OccurrenceRow.subscription_id)
        )
        return {sid: due for sid, due in rows if sid is not None}

    # --- "since the last digest" ---------------------------------------------------------
    def last_digest_at(self, team_id: str, channel_id: str, scope: str = "") -> datetime | None:
        """When this channel last received a digest of this scope (``DigestFilter.encode()``)."""
        return self.session.scalar(
            select(ChannelDigestRow.last_at).where(
                ChannelDigestRow.team_id == team_id,
                ChannelDigestRow.channel_id == channel_id,
                ChannelDigestRow.scope == scope,
            )
        )

    def mark_digest(self, team_id: str, channel_id: str, at: datetime, scope: str = "") -> None:
        row = self.session.scalars(
            select(ChannelDigestRow).where(
                ChannelDigestRow.team_id == team_id,
                ChannelDigestRow.channel_id == channel_id,
                ChannelDigestRow.scope == scope,
            )
        ).one_or_none()
        if row is None:
            self.session.add(ChannelDigestRow(team_id=team_id, channel_id=channel_id, scope=scope, last_at=at))
        else:
            row.last_at = max(row.last_at, at)
        self.session.flush()

    def history_since(self, team_id: str, since: datetime, until: datetime) -> list[Change]:
        rows = self.session.scalars(
            select(HistoryRow)
            .where(HistoryRow.team_id == team_id, HistoryRow.at > since, HistoryRow.at <= until)
            .order_by(HistoryRow.at, HistoryRow.id)
        )
        return [Change(r.team_id, r.actor, r.action, r.at, r.project_id, r.detail or {}) for r in rows]

    def latest_checkin(self, team_id: str, project_id: int) -> CheckinState | None:
        """One project's latest posted check-in and its answers (its card's verdict may be in doubt)."""
        return self.checkin_states(team_id, project_id=project_id).get(project_id)

    def checkin_states(self, team_id: str, *, project_id: int | None = None) -> dict[int, CheckinState]:
        """Each project's latest posted check-in and its answers: two queries for any portfolio size."""
        posted = (
            OccurrenceRow.team_id == team_id,
            OccurrenceRow.kind == OccurrenceKind.CHECKIN.value,
            OccurrenceRow.status == OccurrenceStatus.POSTED.value,
        )
        one = (OccurrenceRow.project_id == project_id,) if project_id is not None else ()
        latest = (
            select(OccurrenceRow.project_id, func.max(OccurrenceRow.due_at).label("due"))
            .where(*posted, *one)
            .group_by(OccurrenceRow.project_id)
            .subquery()
        )
        occurrences = self.session.execute(
            select(OccurrenceRow.id, OccurrenceRow.project_id)
            .join(latest, and_(OccurrenceRow.project_id == latest.c.project_id, OccurrenceRow.due_at == latest.c.due))
            .where(
                OccurrenceRow.kind == OccurrenceKind.CHECKIN.value,
                OccurrenceRow.status == OccurrenceStatus.POSTED.value,
            )
        ).all()
        by_occurrence: dict[int, list[Any]] = {occ_id: [] for occ_id, _ in occurrences}
        if by_occurrence:
            for row in self.session.scalars(
                select(ResponseRow).where(ResponseRow.occurrence_id.in_(list(by_occurrence)))
            ):
                said = to_response(row)  # a blocker marked resolved is no longer anyone's attention
                by_occurrence[row.occurrence_id].append(said if row.blockers_resolved_at is None else replace(said, blockers=""))
        return {pid: CheckinState(True, tuple(by_occurrence[occ_id])) for occ_id, pid in occurrences if pid is not None}
