"""The posting protocol of scheduled work: claim what is due, mark it posting, record the outcome.

Claiming is a compare-and-set with a lease, so any number of replicas or ``mlscope tick``
processes can run these concurrently and each occurrence is handled by one of them. Planning
(idempotent: occurrences are unique by owner, kind and due time) is in the check-in and digest
use cases.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from domain.checkins import (
    Occurrence,
    OccurrenceKind,
)
from domain.digest import scope_key
from domain.ports import UnitOfWork

LEASE = timedelta(minutes=2)
NUDGE_AFTER = timedelta(hours=24)


def claim_due(
    uow: UnitOfWork,
    holder: str,
    *,
    now: datetime,
    lease: timedelta = LEASE,
    limit: int = 500,
    only: list[int] | None = None,
) -> list[Occurrence]:
    """Claim what is due: a compare-and-set per occurrence, all committed together.

    Another process racing for the same rows waits for this commit (PostgreSQL row locks, SQLite's
    single writer), then finds them claimed and skips them.
    """
    with uow:
        ids = only if only is not None else uow.occurrences.claimable_ids(now, limit)
        won = uow.occurrences.claim_all(ids, holder, now, lease)
        uow.commit()
        return uow.occurrences.get_many(won)


def begin_post(uow: UnitOfWork, occ: Occurrence, holder: str, channel: str, *, now: datetime) -> bool:
    """Record that Slack is being called; a taker of an expired claim must then reconcile first."""
    return occ.id in begin_posts(uow, holder, [(occ, channel)], now=now)


def begin_posts(uow: UnitOfWork, holder: str, posts: list[tuple[Occurrence, str]], *, now: datetime) -> set[int]:
    """``begin_post`` for a whole tick in one transaction: the ids this holder still owned.

    Marking an occurrence before its turn costs nothing if the process survives; if it dies, the
    taker looks the occurrence up in Slack before posting, from the mark (``posting_at``, set when
    posting begins: only when no earlier attempt is in Slack) to the end of that claim's lease.
    """
    by_channel: dict[str, list[int]] = {}
    for occ, channel in posts:
        assert occ.id is not None
        by_channel.setdefault(channel, []).append(occ.id)
    begun: set[int] = set()
    with uow:
        for channel, ids in by_channel.items():
            begun.update(uow.occurrences.mark_posting(ids, holder, channel, now))
        uow.commit()
    return begun


def finish_post(
    uow: UnitOfWork,
    occ: Occurrence,
    holder: str,
    *,
    channel: str,
    ts: str,
    now: datetime,
    nudge_after: timedelta = NUDGE_AFTER,
) -> bool:
    """Record Slack's ts; a posted check-in gets its nudge planned."""
    assert occ.id is not None
    with uow:
        if not uow.occurrences.mark_posted(occ.id, holder, channel=channel, ts=ts, now=now):
            return False
        if occ.kind is OccurrenceKind.CHECKIN:
            nudge = Occurrence(
                occ.team_id, OccurrenceKind.NUDGE, now + nudge_after, project_id=occ.project_id, parent_id=occ.id
            )
            uow.occurrences.add_if_absent(nudge)
        if occ.kind is OccurrenceKind.DIGEST:
            uow.digests.mark_digest(occ.team_id, channel, now, scope_key(str(occ.payload.get("scope", ""))))
            chart = Occurrence(
                occ.team_id, OccurrenceKind.CHART, now, parent_id=occ.id, channel=channel, payload=dict(occ.payload)
            )
            uow.occurrences.add_if_absent(chart)
        uow.commit()
        return True


def occurrence(uow: UnitOfWork, occurrence_id: int) -> Occurrence | None:
    with uow:
        return uow.occurrences.get(occurrence_id)


def chart_of(uow: UnitOfWork, digest_occurrence_id: int) -> int | None:
    """The id of the chart occurrence planned when a digest was posted."""
    with uow:
        children = uow.occurrences.children(digest_occurrence_id, OccurrenceKind.CHART)
        return children[0].id if children else None


def retry_later(uow: UnitOfWork, occ: Occurrence, holder: str, *, retry_at: datetime, error: str) -> None:
    assert occ.id is not None
    with uow:
        uow.occurrences.release(occ.id, holder, retry_at=retry_at, error=error)
        uow.commit()


def note_upload(uow: UnitOfWork, occ: Occurrence, holder: str, file_id: str) -> None:
    """A chart's file is uploaded (not yet shared): its id is how a crash's taker finds it shared."""
    assert occ.id is not None
    with uow:
        uow.occurrences.set_payload(occ.id, holder, dict(occ.payload) | {"file_id": file_id})
        uow.commit()


def look_again_later(
    uow: UnitOfWork, occ: Occurrence, holder: str, *, retry_at: datetime, error: str, searched: dict[str, Any]
) -> None:
    """The post may already be in Slack and could not be looked for (rate-limited, Slack's answer
    lost): keep it ``posting`` with how far the search got, so that it is looked for, not repeated."""
    assert occ.id is not None
    with uow:
        uow.occurrences.keep_posting(
            occ.id, holder, retry_at=retry_at, error=error, payload=dict(occ.payload) | {"searched": searched}
        )
        uow.commit()


def skip(uow: UnitOfWork, occ: Occurrence, holder: str | None, reason: str) -> None:
    assert occ.id is not None
    with uow:
        uow.occurrences.skip(occ.id, holder, reason)
        uow.commit()
