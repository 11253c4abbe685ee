"""Digest use cases: channel subscriptions, planning digests, asking for one, and what one shows."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from domain.attention import DEFAULT_STALE_WEEKS
from domain.checkins import (
    Occurrence,
    OccurrenceKind,
    due_to_plan,
)
from domain.digest import DEFAULT_LOOKBACK, Digest, Said, build_digest, parse_filter
from domain.errors import DomainError
from domain.holidays import on_holiday
from domain.model import CheckinSchedule
from domain.permissions import IsAdmin, nobody_is_admin, require_subscription_change
from domain.ports import Change, Subscription, UnitOfWork
from domain.worth_inputs import DEFAULT_CURRENCY

MANUAL_DIGEST_EVERY = timedelta(minutes=1)  # per channel; a digest is long and posts a chart


def subscribe_digest(
    uow: UnitOfWork,
    team_id: str,
    channel_id: str,
    schedule: CheckinSchedule,
    *,
    scope: str,
    actor: str,
    now: datetime,
    is_admin: IsAdmin = nobody_is_admin,
) -> Subscription:
    """Subscribe a channel (or change its subscription); it starts from now, no catch-up.
    Changing someone else's subscription is for leads and admins."""
    schedule = schedule.model_copy(update={"since": now, "anchor": now, "skip_weekends": False})
    with uow:
        existing = uow.digests.subscription(team_id, channel_id)
        if existing is not None:
            require_subscription_change(existing.created_by, actor, leads=uow.leads.list(team_id), is_admin=is_admin)
        sub = uow.digests.subscribe(
            Subscription(None, team_id, channel_id, schedule.model_dump(mode="json"), scope, actor, now)
        )
        uow.history.add(Change(team_id, actor, "digest_subscribed", now, None, {"channel": channel_id}))
        uow.commit()
        return sub


def unsubscribe_digest(
    uow: UnitOfWork, team_id: str, channel_id: str, *, actor: str, now: datetime, is_admin: IsAdmin = nobody_is_admin
) -> None:
    """Stop a channel's digest: for whoever set it up, leads and admins."""
    with uow:
        existing = uow.digests.subscription(team_id, channel_id)
        if existing is None:
            raise DomainError("This channel has no digest subscription.", rule="not_subscribed")
        require_subscription_change(existing.created_by, actor, leads=uow.leads.list(team_id), is_admin=is_admin)
        uow.digests.unsubscribe(team_id, channel_id)
        uow.history.add(Change(team_id, actor, "digest_unsubscribed", now, None, {"channel": channel_id}))
        uow.commit()


def digest_subscription(uow: UnitOfWork, team_id: str, channel_id: str) -> Subscription | None:
    with uow:
        return uow.digests.subscription(team_id, channel_id)


def plan_digests(uow: UnitOfWork, *, now: datetime) -> list[int]:
    """Plan each subscribed channel's due digest (at most one catch-up, like check-ins; none on a holiday)."""
    created: list[int] = []
    with uow:
        last = uow.digests.last_due()
        days: dict[str, list[date]] = {}  # each workspace's holidays, read once
        for sub in uow.digests.subscriptions():
            assert sub.id is not None
            schedule = CheckinSchedule.model_validate(sub.schedule)
            since = max(
                [sub.created_at, last.get(sub.id, sub.created_at)] + ([schedule.since] if schedule.since else [])
            )
            due = due_to_plan(schedule, since=since, now=now)
            if due is not None and sub.team_id not in days:
                days[sub.team_id] = uow.workspaces.holidays(sub.team_id)
            if due is None or on_holiday(days[sub.team_id], due, schedule.timezone):
                continue
            occ = Occurrence(
                sub.team_id,
                OccurrenceKind.DIGEST,
                due,
                subscription_id=sub.id,
                channel=sub.channel_id,
                payload={"scope": sub.scope},
            )
            new_id = uow.occurrences.add_if_absent(occ)
            if new_id is not None:
                created.append(new_id)
        uow.commit()
    return created


def add_manual_digest(uow: UnitOfWork, team_id: str, channel_id: str, *, scope: str, actor: str, now: datetime) -> int:
    """``/mlproject digest``: posted now, through the same path as scheduled digests."""
    parse_filter(scope, caller=actor)
    with uow:
        recent = uow.occurrences.latest_since(OccurrenceKind.DIGEST, now - MANUAL_DIGEST_EVERY, channel=channel_id)
        if recent is not None:
            raise DomainError(
                f"A digest was posted in this channel at {recent.due_at:%H:%M:%S} UTC; scroll up to it. "
                f"The next can be asked for from {recent.due_at + MANUAL_DIGEST_EVERY:%H:%M:%S} UTC.",
                rule="too_soon",
            )
        occ = Occurrence(
            team_id, OccurrenceKind.DIGEST, now, channel=channel_id, payload={"scope": scope, "requested_by": actor}
        )
        new_id = uow.occurrences.add_if_absent(occ)
        if new_id is None:
            raise DomainError("A digest for this channel is being posted right now.", rule="duplicate_digest")
        uow.commit()
        return new_id


def digest_data(
    uow: UnitOfWork, team_id: str, channel_id: str, *, scope: str, now: datetime, lookback: timedelta = DEFAULT_LOOKBACK
) -> Digest:
    """Everything a channel's digest shows, in a fixed number of queries whatever the portfolio size."""
    scope_filter = parse_filter(scope)
    with uow:
        since = uow.digests.last_digest_at(team_id, channel_id, scope_filter.encode()) or now - lookback
        everything = uow.projects.list(team_id, include_archived=True)
        weights = uow.workspaces.weights(team_id)
        currency = uow.workspaces.currency(team_id) or DEFAULT_CURRENCY
        history = uow.digests.history_since(team_id, since, now)
        states = uow.digests.checkin_states(team_id)
        active = [p for p in everything if not p.archived]
        ids = [p.id for p in active if p.id is not None]
        said = Said(uow.responses.open_blockers(ids), uow.responses.latest_notes(ids))
        stale = uow.workspaces.stale_readings(team_id) or DEFAULT_STALE_WEEKS
    archived = [p for p in everything if p.archived]
    return build_digest(
        team_id,
        active,
        archived=archived,
        history=history,
        checkins=states,
        since=since,
        now=now,
        scope=scope_filter,
        weights=weights,
        currency=currency,
        quiet_after=timedelta(weeks=stale),
        said=said,
    )
